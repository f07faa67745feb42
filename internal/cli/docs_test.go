package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// runMain runs the matrix command in process and returns its exit status
// and standard error.
func runMain(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, &stdout, &stderr)
	return code, stderr.String()
}

// TestCommittedDocsMatchResults is the check CI relies on: docs/ is exactly
// what the committed results/ render to.
func TestCommittedDocsMatchResults(t *testing.T) {
	code, stderr := runMain(t, "report", "-check")
	require.Equal(t, 0, code, "docs/ is stale or unreadable:\n%s", stderr)
	require.Contains(t, stderr, "docs is up to date with results")
}

// TestReportCheckFindsStaleFile proves -check can fail: a rendered report
// with one file edited is reported stale, naming the file and the fix.
func TestReportCheckFindsStaleFile(t *testing.T) {
	out := t.TempDir()
	code, stderr := runMain(t, "report", "-out", out)
	require.Equal(t, 0, code, stderr)
	code, stderr = runMain(t, "report", "-check", "-out", out)
	require.Equal(t, 0, code, stderr)

	csv := filepath.Join(out, "compat.csv")
	data, err := os.ReadFile(csv)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(csv, append(data, "edited,by,hand\n"...), 0o644))

	code, stderr = runMain(t, "report", "-check", "-out", out)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "is stale relative to")
	require.Contains(t, stderr, "compat.csv differ")
	require.Contains(t, stderr, "go run ./matrix report -out")
}
