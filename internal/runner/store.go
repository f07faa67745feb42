package runner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// store holds the results file of every toolchain in the run, on this
// machine, and writes a file each time one of its cells finishes. Its files
// live in the machine's directory, root/<machine id>/, and only their cells
// are ever reused: a cell measured on another machine is not a measurement
// of this one.
type store struct {
	root    string
	machine string
	env     results.Env
	mu      sync.Mutex
	byTC    map[string]*results.File
	current map[string]string // probe name -> current source hash
}

// openStore creates this machine's directory under cfg.OutDir and reads the
// existing results file of every toolchain in the plan there, removing the
// temporary file a killed run may have left beside it. Its cells are
// kept even with cfg.Fresh, which only stops their reuse: cells of probes
// outside this run must survive it. A file that cannot be read, or that
// was measured on another machine, is an error, since the run would
// otherwise replace someone's measurements, unless cfg.Fresh asks to
// replace it.
func openStore(cfg Config) (*store, error) {
	machine := cfg.Machine.MachineID
	if machine == "" || machine != cfg.Machine.Machine().ID() {
		return nil, fmt.Errorf("runner: Config.Machine names machine %q, but its machine fields give %q", machine, cfg.Machine.Machine().ID())
	}
	if err := os.MkdirAll(filepath.Join(cfg.OutDir, machine), 0o777); err != nil {
		return nil, fmt.Errorf("%s: %w; choose another -out", filepath.Join(cfg.OutDir, machine), err)
	}
	s := &store{root: cfg.OutDir, machine: machine, env: cfg.Machine, byTC: map[string]*results.File{}, current: map[string]string{}}
	for _, t := range cfg.Tasks {
		s.current[t.Probe.Name] = t.Probe.Hash
		id := t.Toolchain.ID
		if _, ok := s.byTC[id]; ok {
			continue
		}
		f := &results.File{Schema: results.SchemaVersion, Toolchain: t.Toolchain, Env: cfg.Machine, Cells: []results.Cell{}}
		path := FileFor(s.root, machine, t.Toolchain)
		// A run killed while it wrote path left a temporary file: the
		// file itself is whole, old or new (see results.Write).
		if err := results.RemoveTemp(path); err != nil {
			return nil, err
		}
		old, err := results.Read(path)
		switch {
		case err == nil && old.Env.MachineID != machine && !cfg.Fresh:
			return nil, fmt.Errorf("%s: measured on machine %s, not on this one (%s): move it to %s, or run with -fresh to replace it",
				path, old.Env.MachineID, machine, filepath.Join(s.root, old.Env.MachineID)+string(filepath.Separator))
		case err == nil && old.Env.MachineID != machine:
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

// reusable returns the stored cell for t when its probe source is unchanged
// and it agrees with the plan about being unsupported: a maplab:unsupported
// line does not change the probe's hash (catalogue.Hash), so a cell planned
// unsupported is reused only when stored with the same outcome, and a
// stored unsupported cell only while the plan still says so.
func (s *store) reusable(t Task) (results.Cell, bool) {
	f := s.byTC[t.Toolchain.ID]
	key := results.Key{Probe: t.Probe.Name, Mode: t.Mode, Lang: t.Lang, Procs: t.Procs}
	for _, c := range f.Cells {
		if c.Key() != key || c.ProbeHash != t.Probe.Hash {
			continue
		}
		plannedUnsupported := t.NotRun != nil && t.NotRun.Kind == outcome.Unsupported
		storedUnsupported := c.NotRun != nil && c.NotRun.Kind == outcome.Unsupported
		if plannedUnsupported != storedUnsupported || plannedUnsupported && *c.NotRun != *t.NotRun {
			return results.Cell{}, false
		}
		return c, true
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
	return results.Write(FileFor(s.root, s.machine, tc), *f)
}

func (s *store) files() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, f := range s.byTC {
		out = append(out, FileFor(s.root, s.machine, f.Toolchain))
	}
	sort.Strings(out)
	return out
}
