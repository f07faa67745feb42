package toolchain

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// cacheFile is the name of the identification cache in the cache
// directory.
const cacheFile = "toolchains.json"

// factCache maps a candidate's identity (its files' paths, sizes and
// modification times, and the environment that matters) to the facts
// learnt by identifying it. A missing or unreadable cache is empty; the
// cache is only an accelerator.
type factCache struct {
	path    string
	Schema  int                   `json:"schema"`
	Entries map[string]cacheEntry `json:"entries"`
	dirty   bool
}

type cacheEntry struct {
	// Files lists the identity of the files the facts depend on, so that
	// stale entries can be dropped.
	Files []fileStamp `json:"files"`
	Facts facts       `json:"facts"`
}

type fileStamp struct {
	Path    string `json:"path"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime_ns"`
}

func stampOf(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{Path: path, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}, nil
}

// loadCache reads the cache in dir. An empty dir gives a cache that is
// never written.
func loadCache(dir string) *factCache {
	c := &factCache{Schema: identifySchema, Entries: map[string]cacheEntry{}}
	if dir == "" {
		return c
	}
	c.path = filepath.Join(dir, cacheFile)
	data, err := os.ReadFile(c.path)
	if err != nil {
		return c
	}
	var onDisk factCache
	if json.Unmarshal(data, &onDisk) == nil && onDisk.Schema == identifySchema && onDisk.Entries != nil {
		c.Entries = onDisk.Entries
	}
	return c
}

// key returns the cache key for cand, the stamps of the files it depends
// on, and false if a file cannot be stamped (then nothing is cached).
func cacheKey(cand candidate, environ []string) (string, []fileStamp, bool) {
	var stamps []fileStamp
	files := append([]string{cand.path}, cand.keyFiles...)
	if cand.node != "" {
		files = append(files, cand.node)
	}
	for _, p := range files {
		st, err := stampOf(p)
		if err != nil {
			return "", nil, false
		}
		stamps = append(stamps, st)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%s", identifySchema, cand.kind)
	for _, st := range stamps {
		fmt.Fprintf(&b, "|%s:%d:%d", st.Path, st.Size, st.ModTime)
	}
	// The environment entries that change what a toolchain reports.
	var env []string
	for _, kv := range envFor(environ, cand.env) {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		// PATH matters because the go command turns cgo off when it finds
		// no C compiler there.
		case "PATH", "GOTOOLCHAIN", "GOEXPERIMENT", "CGO_ENABLED", "CC", "GOENV", "GOAMD64", "GOARM", "GOARM64", "GOOS", "GOARCH", GopherJSGorootVar:
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	for _, kv := range env {
		b.WriteString("|" + kv)
	}
	return b.String(), stamps, true
}

func (c *factCache) get(key string) (facts, bool) {
	e, ok := c.Entries[key]
	return e.Facts, ok
}

func (c *factCache) put(key string, stamps []fileStamp, f facts) {
	c.Entries[key] = cacheEntry{Files: stamps, Facts: f}
	c.dirty = true
}

// save writes the cache atomically if it changed, first dropping entries
// whose files changed or disappeared.
func (c *factCache) save() error {
	if c.path == "" || !c.dirty {
		return nil
	}
	for k, e := range c.Entries {
		for _, st := range e.Files {
			if now, err := stampOf(st.Path); err != nil || now != st {
				delete(c.Entries, k)
				break
			}
		}
	}
	data, err := json.MarshalIndent(c, "", "\t")
	if err != nil {
		return fmt.Errorf("saving toolchain cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("saving toolchain cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), cacheFile+".*")
	if err != nil {
		return fmt.Errorf("saving toolchain cache: %w", err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), c.path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving toolchain cache: %w", werr)
	}
	c.dirty = false
	return nil
}
