package toolchain

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestCacheRoundTrip(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "go")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := candidate{kind: GC, path: bin}
	environ := []string{"PATH=/bin", "CGO_ENABLED=1"}
	key, stamps, ok := cacheKey(c, environ)
	if !ok {
		t.Fatal("cacheKey: not cacheable")
	}
	want := gcFacts("go1.19.8", "go1.19")

	cache := loadCache(dir)
	cache.put(key, stamps, want)
	if err := cache.save(); err != nil {
		t.Fatal(err)
	}
	got, ok := loadCache(dir).get(key)
	if !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("after reload get = %+v, %v, want %+v, true", got, ok, want)
	}

	// The key changes with the environment that matters, and only with it.
	if k2, _, _ := cacheKey(c, []string{"PATH=/bin", "CGO_ENABLED=1", "HOME=/elsewhere"}); k2 != key {
		t.Errorf("HOME changed the key:\n%s\n%s", key, k2)
	}
	if k2, _, _ := cacheKey(c, []string{"PATH=/usr/bin", "CGO_ENABLED=1"}); k2 == key {
		t.Errorf("PATH did not change the key %s", key)
	}
	if k2, _, _ := cacheKey(c, []string{"PATH=/bin", "CGO_ENABLED=0"}); k2 == key {
		t.Errorf("CGO_ENABLED did not change the key %s", key)
	}
	if k2, _, _ := cacheKey(candidate{kind: GC, path: bin, env: []string{"GOEXPERIMENT=noswissmap"}}, environ); k2 == key {
		t.Errorf("GOEXPERIMENT did not change the key %s", key)
	}

	// A changed binary gets a new key, and saving drops the stale entry.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(bin, later, later); err != nil {
		t.Fatal(err)
	}
	key2, stamps2, _ := cacheKey(c, environ)
	if key2 == key {
		t.Fatal("modification time did not change the key")
	}
	cache = loadCache(dir)
	if _, ok := cache.get(key2); ok {
		t.Error("stale facts returned for a changed binary")
	}
	cache.put(key2, stamps2, want)
	if err := cache.save(); err != nil {
		t.Fatal(err)
	}
	cache = loadCache(dir)
	if _, ok := cache.get(key); ok {
		t.Error("stale entry kept after save")
	}
	if n := len(cache.Entries); n != 1 {
		t.Errorf("cache has %d entries, want 1", n)
	}

	// A missing file is not cacheable.
	if _, _, ok := cacheKey(candidate{kind: GC, path: filepath.Join(dir, "missing")}, environ); ok {
		t.Error("cacheKey of a missing file is cacheable")
	}
}

func TestCacheIgnoresCorruptFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, cacheFile), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := loadCache(dir)
	if len(c.Entries) != 0 {
		t.Errorf("corrupt cache gave %d entries", len(c.Entries))
	}
	c.put("k", nil, facts{Compiler: "gc"})
	if err := c.save(); err != nil {
		t.Fatalf("saving over a corrupt cache: %v", err)
	}
	if _, ok := loadCache(dir).get("k"); !ok {
		t.Error("entry missing after overwriting a corrupt cache")
	}
}
