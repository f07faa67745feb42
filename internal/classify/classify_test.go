package classify

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want section of every testdata sample with Classify's current answer (review the diff)")

// sample is one testdata/**/*.txtar file: a trial's exit status, output and
// the outcome Classify must give it.
type sample struct {
	path    string
	origin  string // "recorded" or "derived"
	in      Input
	want    outcome.Outcome
	archive *txtar.Archive
}

// headerKeys lists the keys a sample header may set; required ones are
// true.
var headerKeys = map[string]bool{
	"origin":        true,
	"recorded-with": false,
	"date":          false,
	"derived-from":  false,
	"toolchain":     true,
	"release":       true,
	"mode":          true,
	"exit":          true,
	"signal":        false,
	"timedout":      true,
}

// parseSample parses a testdata sample. Header lines are "key: value";
// blank lines and lines starting with "#" are comments. The archive must
// hold the files stdout, stderr and want, and nothing else.
func parseSample(path string, data []byte) (sample, error) {
	a := txtar.Parse(data)
	s := sample{path: path, archive: a}
	kv := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(a.Comment))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return s, fmt.Errorf("%s:%d: want \"key: value\", got %q", path, n, line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if _, known := headerKeys[key]; !known {
			return s, fmt.Errorf("%s:%d: unknown key %q", path, n, key)
		}
		if _, dup := kv[key]; dup {
			return s, fmt.Errorf("%s:%d: duplicate key %q", path, n, key)
		}
		kv[key] = value
	}
	for key, required := range headerKeys {
		if _, ok := kv[key]; required && !ok {
			return s, fmt.Errorf("%s: missing key %q", path, key)
		}
	}
	s.origin = kv["origin"]
	switch s.origin {
	case "recorded":
		if kv["recorded-with"] == "" || kv["date"] == "" {
			return s, fmt.Errorf("%s: a recorded sample needs recorded-with and date", path)
		}
	case "derived":
		if kv["derived-from"] == "" {
			return s, fmt.Errorf("%s: a derived sample needs derived-from (source file and release)", path)
		}
	default:
		return s, fmt.Errorf("%s: origin is %q, want recorded or derived", path, s.origin)
	}
	s.in.Toolchain = toolchain.Kind(kv["toolchain"])
	if s.in.Toolchain != toolchain.GC && s.in.Toolchain != toolchain.GCCGO && s.in.Toolchain != toolchain.GopherJS {
		return s, fmt.Errorf("%s: unknown toolchain %q", path, kv["toolchain"])
	}
	s.in.Release = kv["release"]
	s.in.Mode = toolchain.Mode(kv["mode"])
	if s.in.Mode != toolchain.Plain && s.in.Mode != toolchain.Race {
		return s, fmt.Errorf("%s: unknown mode %q", path, kv["mode"])
	}
	var err error
	if s.in.ExitCode, err = strconv.Atoi(kv["exit"]); err != nil {
		return s, fmt.Errorf("%s: exit: %v", path, err)
	}
	if s.in.TimedOut, err = strconv.ParseBool(kv["timedout"]); err != nil {
		return s, fmt.Errorf("%s: timedout: %v", path, err)
	}
	s.in.Signal = kv["signal"]
	if (s.in.Signal != "") != (s.in.ExitCode == -1) {
		return s, fmt.Errorf("%s: exit is -1 exactly when signal is set (exit %d, signal %q)", path, s.in.ExitCode, s.in.Signal)
	}
	seen := map[string]bool{}
	for _, f := range a.Files {
		if seen[f.Name] {
			return s, fmt.Errorf("%s: duplicate section %q", path, f.Name)
		}
		seen[f.Name] = true
		switch f.Name {
		case "stdout":
			s.in.Stdout = f.Data
		case "stderr":
			s.in.Stderr = f.Data
		case "want":
			s.want, err = parseWant(strings.TrimSpace(string(f.Data)))
			if err != nil {
				return s, fmt.Errorf("%s: want: %v", path, err)
			}
		default:
			return s, fmt.Errorf("%s: unknown section %q", path, f.Name)
		}
	}
	for _, name := range []string{"stdout", "stderr", "want"} {
		if !seen[name] {
			return s, fmt.Errorf("%s: missing section %q", path, name)
		}
	}
	return s, nil
}

// parseWant parses "kind" or "kind:reason".
func parseWant(s string) (outcome.Outcome, error) {
	kind, reason, _ := strings.Cut(s, ":")
	k, err := outcome.Parse(kind)
	if err != nil {
		return outcome.Outcome{}, err
	}
	return outcome.Outcome{Kind: k, Reason: reason}, nil
}

// loadSamples reads every sample under testdata and checks that recorded
// samples live under testdata/recorded and derived ones under
// testdata/derived.
func loadSamples(t testing.TB) []sample {
	t.Helper()
	var samples []sample
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txtar") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s, err := parseSample(filepath.ToSlash(path), data)
		if err != nil {
			return err
		}
		if dir := "testdata/" + s.origin + "/"; !strings.HasPrefix(s.path, dir) {
			return fmt.Errorf("%s: origin %s, but the file is not under %s", s.path, s.origin, dir)
		}
		samples = append(samples, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) == 0 {
		t.Fatal("no samples under testdata")
	}
	return samples
}

func TestSamples(t *testing.T) {
	for _, s := range loadSamples(t) {
		t.Run(strings.TrimPrefix(s.path, "testdata/"), func(t *testing.T) {
			got := Classify(s.in)
			if *update {
				if got != s.want {
					for i := range s.archive.Files {
						if s.archive.Files[i].Name == "want" {
							s.archive.Files[i].Data = []byte(got.String() + "\n")
						}
					}
					if err := os.WriteFile(s.path, txtar.Format(s.archive), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			if got != s.want {
				t.Errorf("Classify = %q, want %q", got.String(), s.want.String())
			}
		})
	}
}

// TestSamplesCoverEveryKind checks that testdata exercises every kind
// Classify can produce, with both recorded and derived samples counted.
func TestSamplesCoverEveryKind(t *testing.T) {
	covered := map[outcome.Kind]int{}
	for _, s := range loadSamples(t) {
		covered[s.want.Kind]++
	}
	for _, k := range Kinds {
		if covered[k] == 0 {
			t.Errorf("no sample under testdata wants kind %s", k)
		}
	}
	for k := range covered {
		if !slices.Contains(Kinds, k) {
			t.Errorf("a sample wants kind %s, which Classify never produces", k)
		}
	}
}

// TestRecordedToolchains checks that the recorded samples cover both
// compiler families and both modes, so the claim in the package
// documentation that the rules are toolchain-independent rests on data.
func TestRecordedToolchains(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range loadSamples(t) {
		if s.origin == "recorded" {
			seen[string(s.in.Toolchain)] = true
			seen[string(s.in.Mode)] = true
		}
	}
	for _, want := range []string{"gc", "gccgo", "plain", "race"} {
		if !seen[want] {
			t.Errorf("no recorded sample for %s", want)
		}
	}
}

func TestKinds(t *testing.T) {
	var want []outcome.Kind
	for _, k := range outcome.Order {
		if k != outcome.BuildFailed && k != outcome.Unsupported && k != outcome.Rejected {
			want = append(want, k)
		}
	}
	if !slices.Equal(Kinds, want) {
		t.Errorf("Kinds = %v, want %v", Kinds, want)
	}
}

func TestMapFatalMessages(t *testing.T) {
	for _, m := range MapFatalMessages {
		got := Classify(Input{ExitCode: 2, Stderr: []byte("fatal error: " + m + "\n\ngoroutine 1 [running]:\n")})
		if want := (outcome.Outcome{Kind: outcome.Fatal, Reason: m}); got != want {
			t.Errorf("Classify(fatal error: %s) = %q, want %q", m, got.String(), want.String())
		}
		if !IsMapFatal(m) {
			t.Errorf("IsMapFatal(%q) = false", m)
		}
	}
	if IsMapFatal("all goroutines are asleep - deadlock!") {
		t.Error("IsMapFatal(deadlock) = true")
	}
}

const clean = `maplab-result {"probe":"p","status":"clean","detail":"ok","metrics":{"n":1}}` + "\n"

func result(status, detail string) string {
	return fmt.Sprintf(`maplab-result {"probe":"p","status":%q,"detail":%q,"metrics":{}}`+"\n", status, detail)
}

// TestClassifyRules covers rules and corner cases the recorded samples do
// not reach.
func TestClassifyRules(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"clean", Input{Stdout: []byte(clean)}, "clean"},
		{"clean with stderr noise", Input{Stdout: []byte(clean), Stderr: []byte("fatal error: printed by the probe itself\n")}, "clean"},
		{"corrupt numbers become N", Input{ExitCode: 3, Stdout: []byte(result("corrupt", "lost 17 of 1000 entries (1.5%); int64 keys"))}, "corrupt:lost N of N entries (N%); int64 keys"},
		{"corrupt multi-line detail", Input{ExitCode: 3, Stdout: []byte(result("corrupt", "first line\nsecond"))}, "corrupt:first line"},
		{"corrupt empty detail", Input{ExitCode: 3, Stdout: []byte(result("corrupt", ""))}, "corrupt"},
		{"recovered keeps message", Input{ExitCode: 4, Stdout: []byte(result("recovered", "runtime error: index out of range [5] with length 3"))}, "recovered:runtime error: index out of range [5] with length 3"},
		{"recovered address", Input{ExitCode: 4, Stdout: []byte(result("recovered", "bad pointer 0xc000012345"))}, "recovered:bad pointer 0x?"},
		{"no result line", Input{Stdout: []byte("hello\n")}, "crash:no result line"},
		{"exit 3 without result", Input{ExitCode: 3}, "crash:exit status 3 without result line"},
		{"exit 4 without result", Input{ExitCode: 4}, "crash:exit status 4 without result line"},
		{"status mismatch 0 corrupt", Input{Stdout: []byte(result("corrupt", "x"))}, "crash:exit status 0 with status corrupt"},
		{"status mismatch 4 clean", Input{ExitCode: 4, Stdout: []byte(clean)}, "crash:exit status 4 with status clean"},
		{"malformed result", Input{Stdout: []byte("maplab-result {\"probe\":\n")}, "crash:malformed result line"},
		{"result not last", Input{Stdout: []byte(clean + "more\n")}, "crash:malformed result line"},
		{"exit 1", Input{ExitCode: 1, Stdout: []byte(clean)}, "crash:exit status 1"},
		{"exit 2 without message", Input{ExitCode: 2, Stderr: []byte("something else\n")}, "crash:exit status 2"},
		{"exit 66 without race", Input{ExitCode: 66, Stdout: []byte(clean)}, "crash:exit status 66"},
		{"signal", Input{ExitCode: -1, Signal: "segmentation fault"}, "crash:signal: SIGSEGV"},
		{"signal by conventional name", Input{ExitCode: -1, Signal: "SIGKILL"}, "crash:signal: SIGKILL"},
		{"signal without a name", Input{ExitCode: -1, Signal: "signal 40"}, "crash:signal: signal 40"},
		{"negative exit without signal", Input{ExitCode: -1}, "crash:exit status -1"},
		{"timeout wins over fatal", Input{ExitCode: -1, Signal: "killed", TimedOut: true, Stderr: []byte("fatal error: concurrent map writes\n")}, "hang:timeout"},
		{"timeout after race", Input{ExitCode: -1, Signal: "killed", TimedOut: true, Stderr: []byte("==================\nWARNING: DATA RACE\n")}, "hang:timeout + data race"},
		{"fatal first line wins", Input{ExitCode: 2, Stderr: []byte("fatal error: concurrent map read and map write\nfatal error: concurrent map writes\n")}, "fatal:concurrent map read and map write"},
		{"fatal beats panic", Input{ExitCode: 2, Stderr: []byte("panic: boom\n\tfatal error: concurrent map writes\n\ngoroutine 1 [running]:\n")}, "fatal:concurrent map writes"},
		{"fatal after runtime line", Input{ExitCode: 2, Stderr: []byte("runtime: out of memory: cannot allocate 8192-byte block (3997696 in use)\nfatal error: out of memory\n")}, "fatal:out of memory"},
		{"fatal unknown keeps text", Input{ExitCode: 2, Stderr: []byte("fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x45f2a1]\n")}, "fatal:unexpected signal during runtime execution"},
		{"fatal with signal", Input{ExitCode: -1, Signal: "aborted", Stderr: []byte("fatal error: concurrent map writes\n")}, "fatal:concurrent map writes"},
		{"fatal text with exit 0 ignored", Input{Stdout: []byte(clean), Stderr: []byte("fatal error: concurrent map writes\n")}, "clean"},
		{"panic needs trace or exit 2", Input{ExitCode: 1, Stderr: []byte("panic: not from the runtime\n")}, "crash:exit status 1"},
		{"panic exit 2 no trace", Input{ExitCode: 2, Stderr: []byte("panic: boom\n")}, "panic:boom"},
		{"panic address", Input{ExitCode: 2, Stderr: []byte("panic: main.T{p:(*int)(0xc000012080)}\n\ngoroutine 1 [running]:\n")}, "panic:main.T{p:(*int)(0x?)}"},
		{"panic chain three", Input{ExitCode: 2, Stderr: []byte("panic: a [recovered]\n\tpanic: b [recovered]\n\tpanic: c\n\ngoroutine 1 [running]:\n")}, "panic:c"},
		{"panic chain both active", Input{ExitCode: 2, Stderr: []byte("panic: a\n\tpanic: b\n\ngoroutine 1 [running]:\n")}, "panic:a"},
		{"panic multi-line value", Input{ExitCode: 2, Stderr: []byte("panic: line one\n\tline two [recovered]\n\tpanic: second\n\ngoroutine 1 [running]:\n")}, "panic:second"},
		{"panic gotraceback crash header", Input{ExitCode: -1, Signal: "aborted", Stderr: []byte("panic: boom\n\ngoroutine 1 gp=0xc000002380 m=0 mp=0x5a1f20 [running]:\n")}, "panic:boom"},
		{"runtime signal", Input{ExitCode: 2, Stderr: []byte("SIGBUS: bus error\nPC=0x45f2a1 m=0 sigcode=2\n")}, "crash:SIGBUS: bus error"},
		{"race clean exit 66", Input{ExitCode: 66, Mode: toolchain.Race, Stdout: []byte(clean), Stderr: []byte("==================\nWARNING: DATA RACE\n==================\nFound 1 data race(s)\n")}, "race:data race"},
		{"idle", Input{ExitCode: 0, Stdout: []byte(`maplab-result {"probe":"p","status":"clean","detail":"d","metrics":{"overlapping_rounds":0,"rounds":4}}`)}, "idle:no round overlapped"},
		{"overlapped is clean", Input{ExitCode: 0, Stdout: []byte(`maplab-result {"probe":"p","status":"clean","detail":"d","metrics":{"overlapping_rounds":1,"rounds":4}}`)}, "clean"},
		{"corrupt without overlap stays corrupt", Input{ExitCode: 3, Stdout: []byte(`maplab-result {"probe":"p","status":"corrupt","detail":"lost 1 of 8","metrics":{"overlapping_rounds":0}}`)}, "corrupt:lost N of N"},
		{"race while idle is race", Input{ExitCode: 66, Mode: toolchain.Race, Stdout: []byte(`maplab-result {"probe":"p","status":"clean","detail":"d","metrics":{"overlapping_rounds":0}}`), Stderr: []byte("WARNING: DATA RACE\n")}, "race:data race"},
		{"race summary only", Input{ExitCode: 66, Mode: toolchain.Race, Stdout: []byte(clean), Stderr: []byte("Found 2 data race(s)\n")}, "race:data race"},
		{"race and panic", Input{ExitCode: 2, Mode: toolchain.Race, Stderr: []byte("==================\nWARNING: DATA RACE\n==================\npanic: assignment to entry in nil map\n\ngoroutine 1 [running]:\n")}, "race+panic:assignment to entry in nil map"},
		{"race and corrupt", Input{ExitCode: 3, Mode: toolchain.Race, Stdout: []byte(result("corrupt", "lost 3 of 9")), Stderr: []byte("WARNING: DATA RACE\n")}, "race+corrupt:lost N of N"},
		{"race and recovered", Input{ExitCode: 4, Mode: toolchain.Race, Stdout: []byte(result("recovered", "boom")), Stderr: []byte("WARNING: DATA RACE\n")}, "race+recovered:boom"},
		{"race cut short", Input{ExitCode: 66, Mode: toolchain.Race, Stderr: []byte("WARNING: DATA RACE\n")}, "race+crash:no result line"},
		{"race then killed", Input{ExitCode: -1, Signal: "killed", Mode: toolchain.Race, Stderr: []byte("WARNING: DATA RACE\n")}, "race+crash:signal: SIGKILL"},
		{"race goroutine limit 8192", Input{ExitCode: 66, Mode: toolchain.Race, Stderr: []byte("race: limit on 8192 simultaneously alive goroutines is exceeded, dying\n")}, "crash:race: limit on 8192 simultaneously alive goroutines is exceeded"},
		{"tsan check failed", Input{ExitCode: 66, Mode: toolchain.Race, Stdout: []byte(clean), Stderr: []byte("==123==ThreadSanitizer: CHECK failed: tsan_rtl.cpp:123 \"((x)) != (0)\" (0x0, 0x0)\n")}, "crash:ThreadSanitizer: CHECK failed"},
		{"tsan startup failure after result", Input{ExitCode: 66, Mode: toolchain.Race, Stdout: []byte(clean), Stderr: []byte("FATAL: ThreadSanitizer: unexpected memory mapping 0x1-0x2\n")}, "crash:ThreadSanitizer: unexpected memory mapping"},
		{"tsan unavailable", Input{ExitCode: 66, Mode: toolchain.Race, Stderr: []byte("FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000\n")}, "unavailable:ThreadSanitizer: unexpected memory mapping"},
		{"long reason cut", Input{ExitCode: 2, Stderr: []byte("fatal error: " + strings.Repeat("x", 300) + "\n")}, "fatal:" + strings.Repeat("x", MaxReason-3) + "..."},
		{"control characters", Input{ExitCode: 2, Stderr: []byte("panic: a\tb\x00c\r\n")}, "panic:a b c"},
		{"invalid utf8", Input{ExitCode: 2, Stderr: []byte("panic: \xff\xfe\n")}, "panic:?"},
		{"crlf", Input{ExitCode: 2, Stderr: []byte("fatal error: concurrent map writes\r\n")}, "fatal:concurrent map writes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.in).String(); got != tt.want {
				t.Errorf("Classify = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRaceUnavailable(t *testing.T) {
	tests := []struct {
		name, stdout, stderr string
		want                 string // "" for not unavailable
	}{
		{"mapping", "", "FATAL: ThreadSanitizer: unexpected memory mapping 0x55d7a5a00000-0x55d7a5b2c000\n", "ThreadSanitizer: unexpected memory mapping"},
		{"shadow", "", "FATAL: ThreadSanitizer can not mmap the shadow memory\nFATAL: Make sure to compile with -fPIE and to link with -pie.\n", "ThreadSanitizer: cannot mmap the shadow memory"},
		{"vma", "", "FATAL: ThreadSanitizer: unsupported VMA range\nFATAL: Found 39 - Supported 48\n", "ThreadSanitizer: unsupported VMA range"},
		{"layout", "", "FATAL: ThreadSanitizer: memory layout is incompatible, even though ASLR is disabled.\n", "ThreadSanitizer: memory layout is incompatible"},
		{"allocate", "", "==99==ERROR: ThreadSanitizer failed to allocate 0x1000 (4096) bytes of stack depot (error code: 12)\n", "ThreadSanitizer: failed to allocate memory"},
		{"after blank lines", "", "\n\nFATAL: ThreadSanitizer: unexpected memory mapping 0x1-0x2\n", "ThreadSanitizer: unexpected memory mapping"},
		{"warning then re-exec", "", "WARNING: ThreadSanitizer: unexpected memory mapping 0x1-0x2\npanic: boom\n\ngoroutine 1 [running]:\n", ""},
		{"after go output", "", "==================\nWARNING: DATA RACE\n==================\n==1==ERROR: ThreadSanitizer failed to allocate 0x1000 (4096) bytes\n", ""},
		{"after fatal", "", "fatal error: concurrent map writes\nFATAL: ThreadSanitizer: unexpected memory mapping 0x1-0x2\n", ""},
		{"probe ran", clean, "FATAL: ThreadSanitizer: unexpected memory mapping 0x1-0x2\n", ""},
		{"goroutine limit is not unavailable", "", "race: limit on 8128 simultaneously alive goroutines is exceeded, dying\n", ""},
		{"check failed is not unavailable", "", "==1==ThreadSanitizer: CHECK failed: x\n", ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{ExitCode: 66, Mode: toolchain.Race, Stdout: []byte(tt.stdout), Stderr: []byte(tt.stderr)}
			got, ok := RaceUnavailable(in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("RaceUnavailable = %q, %v, want %q, %v", got, ok, tt.want, tt.want != "")
			}
		})
	}
}

var hexDigitAfter0x = regexp.MustCompile(`0x[0-9a-fA-F]`)

// FuzzClassify checks that Classify never panics, always returns a kind
// from Kinds with a tidy reason, and is deterministic. The seed corpus is
// every testdata sample.
func FuzzClassify(f *testing.F) {
	for _, s := range loadSamples(f) {
		f.Add(s.in.ExitCode, s.in.Signal, s.in.TimedOut, s.in.Stdout, s.in.Stderr, s.in.Mode == toolchain.Race)
	}
	f.Fuzz(func(t *testing.T, exit int, signal string, timedOut bool, stdout, stderr []byte, race bool) {
		in := Input{ExitCode: exit, Signal: signal, TimedOut: timedOut, Stdout: stdout, Stderr: stderr, Mode: toolchain.Plain}
		if race {
			in.Mode = toolchain.Race
		}
		got := Classify(in)
		if !slices.Contains(Kinds, got.Kind) {
			t.Fatalf("Classify = %q: kind not in Kinds", got.String())
		}
		if again := Classify(in); again != got {
			t.Fatalf("Classify not deterministic: %q then %q", got.String(), again.String())
		}
		r := got.Reason
		if !utf8.ValidString(r) || utf8.RuneCountInString(r) > MaxReason || r != strings.TrimSpace(r) || hexDigitAfter0x.MatchString(r) {
			t.Fatalf("untidy reason %q", r)
		}
		for _, c := range r {
			if unicode.IsControl(c) {
				t.Fatalf("control character in reason %q", r)
			}
		}
		if got.Kind == outcome.Clean && r != "" {
			t.Fatalf("clean with reason %q", r)
		}
		if _, unavailable := RaceUnavailable(in); timedOut && !unavailable && got.Kind != outcome.Hang {
			t.Fatalf("timed out but Classify = %q", got.String())
		}
	})
}
