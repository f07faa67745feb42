package report

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maplab/maplab/internal/classify"
)

// A reason that comes from a probe's detail has its decimal numbers
// replaced by N (see package classify), so that trials that differ only in
// their numbers tally together. A footnote puts the numbers back from the
// detail of the kept samples: see numbersBack.

var (
	// decimalNumber matches what package classify replaces by N.
	decimalNumber = regexp.MustCompile(`\b\d+(\.\d+)?\b`)
)

// maxFootnote is the most runes of a footnote's text.
const maxFootnote = 400

// skeleton splits a tidied detail into its text around the decimal
// numbers and the numbers: "lost 3 of 8 keys" gives "lost N of N keys"
// and ["3", "8"].
func skeleton(detail string) (string, []string) {
	nums := decimalNumber.FindAllString(detail, -1)
	return decimalNumber.ReplaceAllString(detail, "N"), nums
}

// numbersBack returns reason with its numbers put back from details, the
// probe details of the kept samples of the reason's outcome, and how many
// of them it used. Only details whose numbers replaced by N give the
// reason count (a reason cut short with "..." matches every detail that
// starts with it). At each position, a number all of them agree on is
// shown as it is, and differing numbers as their range, "350–1613". When
// the details agree on the text after a cut, the whole text is shown;
// otherwise only as much as the reason held. Addresses stay "0x?", and
// messages that differ only in addresses or numbers stay one footnote:
// the footnote is still the reason's. With no matching detail, the reason
// is returned as it is.
func numbersBack(reason string, details []string) (string, int) {
	prefix, cut := strings.CutSuffix(reason, "...")
	prefix = strings.TrimSpace(prefix)
	var skels []string
	var nums [][]string
	first := "" // the first matching detail, tidied
	for _, d := range details {
		line := classify.TidyLine(d)
		sk, ns := skeleton(line)
		if cut && strings.HasPrefix(sk, prefix) || !cut && sk == reason {
			if first == "" {
				first = line
			}
			skels = append(skels, sk)
			nums = append(nums, ns)
		}
	}
	if len(skels) == 0 {
		return reason, 0
	}
	agree := true
	for _, sk := range skels[1:] {
		agree = agree && sk == skels[0]
	}
	var out string
	if agree {
		out = fill(first, nums, -1)
	} else {
		out = fill(first, nums, len(prefix)) + "..." // they differ after the cut: keep the cut
	}
	if utf8.RuneCountInString(out) > maxFootnote {
		r := []rune(out)
		out = strings.TrimSpace(string(r[:maxFootnote-3])) + "..."
	}
	return out, len(skels)
}

// fill returns detail with its i-th number replaced by merged(nums, i),
// cut after limit bytes of its skeleton (no cut when limit < 0).
func fill(detail string, nums [][]string, limit int) string {
	var b strings.Builder
	sk, last := 0, 0
	for i, m := range decimalNumber.FindAllStringIndex(detail, -1) {
		lit := detail[last:m[0]]
		if limit >= 0 && sk+len(lit) >= limit {
			b.WriteString(lit[:limit-sk])
			return b.String()
		}
		b.WriteString(lit)
		sk += len(lit)
		b.WriteString(merged(nums, i))
		sk++
		last = m[1]
	}
	lit := detail[last:]
	if limit >= 0 && sk+len(lit) > limit {
		lit = lit[:limit-sk]
	}
	b.WriteString(lit)
	return b.String()
}

// merged returns the numbers at position pos of every detail: the one
// number when they agree, else "min–max"; "N" when none has one there.
func merged(nums [][]string, pos int) string {
	var vals []string
	for _, ns := range nums {
		if pos < len(ns) {
			vals = append(vals, ns[pos])
		}
	}
	if len(vals) == 0 {
		return "N"
	}
	sort.SliceStable(vals, func(i, j int) bool {
		a, _ := strconv.ParseFloat(vals[i], 64)
		b, _ := strconv.ParseFloat(vals[j], 64)
		return a < b
	})
	lo, hi := vals[0], vals[len(vals)-1]
	if lo == hi {
		return lo
	}
	return lo + "–" + hi
}
