package runner

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// store holds the results file of every toolchain in the run and writes a
// file each time one of its cells finishes.
type store struct {
	dir     string
	env     results.Env
	mu      sync.Mutex
	byTC    map[string]*results.File
	current map[string]string // probe name -> current source hash
}

// openStore reads the existing results file of every toolchain in the plan.
// Its cells are kept even with cfg.Fresh, which only stops their reuse:
// cells of probes outside this run must survive it. A file that cannot be
// read is an error, since the run would otherwise replace someone's
// measurements, unless cfg.Fresh asks to replace it.
func openStore(cfg Config) (*store, error) {
	s := &store{dir: cfg.OutDir, env: cfg.Env, byTC: map[string]*results.File{}, current: map[string]string{}}
	for _, t := range cfg.Tasks {
		s.current[t.Probe.Name] = t.Probe.Hash
		id := t.Toolchain.ID
		if _, ok := s.byTC[id]; ok {
			continue
		}
		f := &results.File{Schema: results.SchemaVersion, Toolchain: t.Toolchain, Env: cfg.Env, Cells: []results.Cell{}}
		path := FileFor(s.dir, t.Toolchain)
		old, err := results.Read(path)
		switch {
		case err == nil:
			f.Cells = old.Cells
		case errors.Is(err, fs.ErrNotExist), cfg.Fresh:
		default:
			return nil, fmt.Errorf("%w (fix or remove the file, or run with -fresh to replace it)", err)
		}
		s.byTC[id] = f
	}
	return s, nil
}

// reusable returns the stored cell for t when its probe source is unchanged.
func (s *store) reusable(t Task) (results.Cell, bool) {
	f := s.byTC[t.Toolchain.ID]
	key := results.Key{Probe: t.Probe.Name, Mode: t.Mode, Lang: t.Lang}
	for _, c := range f.Cells {
		if c.Key() == key && c.ProbeHash == t.Probe.Hash {
			return c, true
		}
	}
	return results.Cell{}, false
}

// put records a finished cell and rewrites its toolchain's file atomically.
// Cells measured with an older source of a probe in this run are dropped.
func (s *store) put(tc toolchain.Toolchain, c results.Cell) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.byTC[tc.ID]
	f.Toolchain = tc
	f.Env = s.env
	kept := f.Cells[:0:0]
	for _, old := range f.Cells {
		if old.Key() == c.Key() {
			continue
		}
		if h, ok := s.current[old.Probe]; ok && h != old.ProbeHash {
			continue
		}
		kept = append(kept, old)
	}
	// results.Write stores the cells in key order.
	f.Cells = append(kept, c)
	return results.Write(FileFor(s.dir, tc), *f)
}

func (s *store) files() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, f := range s.byTC {
		out = append(out, FileFor(s.dir, f.Toolchain))
	}
	sort.Strings(out)
	return out
}
