package procgroup

import (
	"bufio"
	"io"
	"strconv"
)

// Reap reads the lab's messages to its reaper from r until r ends and
// returns the process groups still open then, in the order they were
// opened. A message is a line "+PGID" (a group started) or "-PGID" (a
// group done); anything else is ignored.
func Reap(r io.Reader) []int {
	var order []int
	open := map[int]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 2 {
			continue
		}
		pgid, err := strconv.Atoi(line[1:])
		if err != nil || pgid <= 1 {
			continue
		}
		switch line[0] {
		case '+':
			if !open[pgid] {
				open[pgid] = true
				order = append(order, pgid)
			}
		case '-':
			delete(open, pgid)
		}
	}
	var out []int
	for _, pgid := range order {
		if open[pgid] {
			out = append(out, pgid)
			delete(open, pgid) // a group reopened after closing counts once
		}
	}
	return out
}
