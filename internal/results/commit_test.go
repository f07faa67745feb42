package results

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCommitString(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		c    Commit
		want string
	}{
		{Commit{Revision: rev, Tree: TreeClean, From: FromGit}, "0123456789ab"},
		{Commit{Revision: rev, Tree: TreeDirty, From: FromBuild}, "0123456789ab+dirty"},
		{Commit{Revision: rev, Tree: TreeUnknown, From: FromGitHub}, "0123456789ab"},
		{Commit{Revision: "abcdef1", Tree: TreeClean, From: FromGit}, "abcdef1"},
		{UnknownCommit, "unknown"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestCommitFromVersion(t *testing.T) {
	tests := []struct {
		version string
		want    Commit
	}{
		{"0123456789ab", Commit{Revision: "0123456789ab", Tree: TreeClean, From: FromBuild}},
		{"0123456789ab+dirty", Commit{Revision: "0123456789ab", Tree: TreeDirty, From: FromBuild}},
		{"devel", UnknownCommit},
		{"", UnknownCommit},
		{"v0.1.0", UnknownCommit},
		{"0123456789AB", UnknownCommit}, // not what Version wrote
	}
	for _, tt := range tests {
		if got := commitFromVersion(tt.version); got != tt.want {
			t.Errorf("commitFromVersion(%q) = %+v, want %+v", tt.version, got, tt.want)
		}
	}
}

// TestReadSchema3 checks that a file of schema 3 is read: its env's commit
// comes from maplab_version, its cells' commits are unknown, and it is
// read together with a file of schema 4, both upgraded to one version.
func TestReadSchema3(t *testing.T) {
	f, err := Read("testdata/schema3.json")
	if err != nil {
		t.Fatal(err)
	}
	want := Commit{Revision: "0123456789ab", Tree: TreeDirty, From: FromBuild}
	if f.Schema != 3 || f.Env.MaplabCommit != want || f.Env.MaplabVersion != "0123456789ab+dirty" {
		t.Errorf("schema %d, env commit %+v, version %q; want 3, %+v, %q", f.Schema, f.Env.MaplabCommit, f.Env.MaplabVersion, want, "0123456789ab+dirty")
	}
	if len(f.Cells) == 0 {
		t.Fatal("no cells")
	}
	for _, c := range f.Cells {
		if c.MaplabCommit != UnknownCommit {
			t.Errorf("cell %s: commit %+v, want unknown", c.Key(), c.MaplabCommit)
		}
	}

	dir := t.TempDir()
	data, err := os.ReadFile("testdata/schema3.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(dir, "b.json"), f); err != nil {
		t.Fatalf("writing the upgraded file: %v", err)
	}
	all, err := ReadAll(dir)
	if err != nil || len(all) != 2 {
		t.Fatalf("ReadAll of schema 3 and 4: %d files, err %v; want both", len(all), err)
	}
	if all[0].Env.MaplabCommit != want || all[1].Env.MaplabCommit != want || all[1].Schema != SchemaVersion {
		t.Errorf("ReadAll of schema 3 and 4: commits %+v and %+v, want %+v", all[0].Env.MaplabCommit, all[1].Env.MaplabCommit, want)
	}
	b, err := Read(filepath.Join(dir, "b.json"))
	if err != nil || b.Schema != SchemaVersion || b.Cells[0].MaplabCommit != UnknownCommit {
		t.Errorf("the upgraded file written again: schema %d, err %v; want %d with unknown cell commits", b.Schema, err, SchemaVersion)
	}
}
