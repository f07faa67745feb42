package workflowlint

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// matrixFacts are what the README says about the measure job of
// matrix.yml, computed from the workflow itself.
type matrixFacts struct {
	jobs      int   // include rows
	oldest    int   // oldest Go minor of a plain job
	newest    int   // newest Go minor of a plain job
	variants  []int // Go minors of the noswissmap jobs, sorted
	oldestArm int   // oldest Go minor on an arm64 runner
}

func readMatrixFacts(t *testing.T) matrixFacts {
	t.Helper()
	vs, err := Matrix(readFile(t, filepath.Join(workflowsDir, "matrix.yml")))
	if err != nil {
		t.Fatal(err)
	}
	f := matrixFacts{oldest: -1, oldestArm: -1}
	for _, v := range vs {
		if v.Include == nil {
			continue
		}
		switch v.Key {
		case "id":
			f.jobs++
		case "go":
			m := goVersion.FindStringSubmatch(v.Value)
			if m == nil {
				continue
			}
			minor, _ := strconv.Atoi(m[1])
			switch {
			case v.Include["variant"] != "":
				if !containsInt(f.variants, minor) {
					f.variants = append(f.variants, minor)
				}
			case strings.HasSuffix(v.Include["runner"], "-arm"):
				if f.oldestArm < 0 || minor < f.oldestArm {
					f.oldestArm = minor
				}
			default:
				if f.oldest < 0 || minor < f.oldest {
					f.oldest = minor
				}
				if minor > f.newest {
					f.newest = minor
				}
			}
		}
	}
	sort.Ints(f.variants)
	return f
}

// TestReadmeAgreesWithMatrix checks the README's account of the measure
// job against matrix.yml, the one record of which releases CI measures:
// the oldest release, the variants, the arm64 floor and the job count
// (with the cost computed from it), and that any range of releases the
// README names ("1.9 … 1.N") ends at the workflow's newest.
func TestReadmeAgreesWithMatrix(t *testing.T) {
	f := readMatrixFacts(t)
	readme := string(readFile(t, filepath.Join("..", "..", "README.md")))
	for _, c := range readmeClaims(f) {
		if !c.re.MatchString(readme) {
			t.Errorf("README.md does not say %q (pattern %s), which matrix.yml makes true", c.says, c.re)
		}
	}
	for _, m := range releaseRange.FindAllStringSubmatch(readme, -1) {
		lo, _ := strconv.Atoi(m[1])
		hi, _ := strconv.Atoi(m[2])
		if lo != f.oldest || hi != f.newest {
			t.Errorf("README.md names releases %q, but matrix.yml measures 1.%d to 1.%d", m[0], f.oldest, f.newest)
		}
	}
}

// releaseRange matches a range of Go releases written out, such as
// "1.9 … 1.25" or "1.9 to 1.27".
var releaseRange = regexp.MustCompile(`\b1\.(\d+) *(?:…|\.\.\.|–|-|to) *(?:Go )?1\.(\d+)\b`)

type readmeClaim struct {
	says string
	re   *regexp.Regexp
}

// readmeClaims returns what the README must say, given the workflow's
// facts.
func readmeClaims(f matrixFacts) []readmeClaim {
	var variants []string
	for _, v := range f.variants {
		variants = append(variants, fmt.Sprintf("1.%d", v))
	}
	claim := func(s string) readmeClaim {
		// Line breaks and the spaces around them are where the text wraps.
		return readmeClaim{s, regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(s), " ", `\s+`))}
	}
	return []readmeClaim{
		claim(fmt.Sprintf("Every Go minor release from 1.%d,", f.oldest)),
		claim(fmt.Sprintf("`noswissmap` variants of %s)", strings.Join(variants, " and "))),
		claim(fmt.Sprintf("builds of (1.%d on), %d jobs in all", f.oldestArm, f.jobs)),
		claim(fmt.Sprintf("it costs at most %d × 15 + 8 + 2 × 5 = %d job-minutes", f.jobs, f.jobs*15+8+2*5)),
	}
}

// TestReadmeClaimsCanFail proves the check notices a README that has
// drifted from the workflow.
func TestReadmeClaimsCanFail(t *testing.T) {
	f := matrixFacts{jobs: 31, oldest: 9, newest: 27, variants: []int{24, 25}, oldestArm: 21}
	drifted := "Every Go minor release\nfrom 1.10, ... `noswissmap` variants of 1.24 and 1.25) ... builds of (1.21 on), 30 jobs in all"
	failed := 0
	for _, c := range readmeClaims(f) {
		if !c.re.MatchString(drifted) {
			failed++
		}
	}
	if failed != 3 {
		t.Errorf("%d of the claims fail on the drifted text, want 3 (oldest release, job count, cost)", failed)
	}
	if m := releaseRange.FindStringSubmatch("Go 1.9 … 1.25 are measured"); m == nil || m[2] != "25" {
		t.Errorf("releaseRange does not find the range in %q: %q", "Go 1.9 … 1.25 are measured", m)
	}
}
