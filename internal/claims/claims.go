package claims

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	claimsfile "github.com/maplab/maplab/claims"
	"github.com/maplab/maplab/internal/jsonpos"
	"github.com/maplab/maplab/internal/toolchain"
)

// SchemaVersion is the version of the claims.json format.
const SchemaVersion = 2

// embedded is claims/claims.json, the lab's claims.
var embedded = claimsfile.JSON

// Claim is one belief about maps and the checks that decide it.
type Claim struct {
	// ID is the kebab-case name probe headers cite.
	ID string `json:"id"`
	// Statement is the belief in one or two sentences.
	Statement string `json:"statement"`
	// Source says where the belief comes from.
	Source string `json:"source"`
	// Topic files the claim under one of Topics, for the grid; a claim
	// without one is under "other".
	Topic string `json:"topic,omitempty"`
	// Form is the logic of the statement: Universal (one counterexample
	// refutes it) or Existential (one observation confirms it).
	Form Form `json:"form"`
	// Modes are the modes whose cells count as evidence, and ModesWhy
	// says in one sentence why.
	Modes    []toolchain.Mode `json:"modes"`
	ModesWhy string           `json:"modes_why"`
	// Probes lists the probes that help decide the claim.
	Probes []string `json:"probes"`
	// Checks are the tests over the data; the claim holds on a toolchain
	// when every check that applies there holds.
	Checks []Check `json:"checks"`
}

// Topics are the groups of the claims × toolchains grid, in its order.
var Topics = []string{
	"iteration", "deletion and clearing", "keys and nil maps", "concurrency", "race detector",
	"memory", "allocation", "performance", "compile-time", TopicOther,
}

// TopicOther is the topic of a claim that names none.
const TopicOther = "other"

func knownTopic(t string) bool {
	for _, x := range Topics {
		if x == t {
			return true
		}
	}
	return false
}

// Form is the logical form of a claim's statement.
type Form string

// The forms of a claim.
const (
	// Universal claims say something always or never happens ("X makes
	// the program panic"): the predicate must hold in every cell, and one
	// counterexample refutes the claim.
	Universal Form = "universal"
	// Existential claims say something can happen: the predicate says
	// what counts as observing it in a cell, and one observation confirms
	// the claim. Not observing it is never a refutation.
	Existential Form = "existential"
	// Invariant claims say an outcome does not depend on the number of
	// CPUs ("detection does not depend on GOMAXPROCS"): the predicate says
	// what counts as observing the outcome in a trial, and the rates of
	// one column, probe, mode and language version at different GOMAXPROCS
	// settings are compared. A significant difference refutes the claim;
	// none holds it, which is not proof of sameness.
	Invariant Form = "invariant"
)

// ReadsMode reports whether ch reads cells of mode m, given the modes of
// its claim: its own mode if it has one, else every mode of the claim.
func (ch Check) ReadsMode(claimModes []toolchain.Mode, m toolchain.Mode) bool {
	if ch.Mode != "" {
		return m == ch.Mode
	}
	for _, x := range claimModes {
		if x == m {
			return true
		}
	}
	return false
}

// Check is one machine-checkable test of a claim.
type Check struct {
	// Probe names the probe whose cells the check reads.
	Probe string `json:"probe"`
	// Mode restricts the check to one mode of the claim's modes; empty
	// means every mode the claim lists.
	Mode toolchain.Mode `json:"mode,omitempty"`
	// When is the scope in source form (see the package comment).
	When string `json:"when,omitempty"`
	// HoldsIf is the predicate in source form.
	HoldsIf string `json:"holds_if"`
	// Versus is the scope, in source form, of the baseline cells that a
	// predicate of "interval(NAME) OP versus" clauses compares each cell
	// with: on the same machine, the same probe, mode and GOMAXPROCS, the
	// cell of the nearest release the scope selects.
	Versus string `json:"versus,omitempty"`

	// Scope, Predicate and VersusScope are When, HoldsIf and Versus
	// parsed by Parse.
	Scope       Scope     `json:"-"`
	Predicate   Predicate `json:"-"`
	VersusScope Scope     `json:"-"`
}

type file struct {
	Schema int     `json:"schema"`
	Claims []Claim `json:"claims"`
}

// Embedded returns the claims of the embedded claims.json. It panics if the
// embedded file is invalid, which the package tests rule out.
func Embedded() []Claim {
	cs, err := Parse("claims.json", embedded)
	if err != nil {
		panic(err)
	}
	return cs
}

var idRE = regexp.MustCompile(`^[a-z0-9]+([-.][a-z0-9]+)*$`)

// The fixes Parse's errors end with.
const (
	fixJSON   = "correct the JSON; internal/claims/doc.go describes every field"
	fixSchema = "write schema 2 as internal/claims/doc.go describes"
	fixClaim  = "correct the claim as internal/claims/doc.go describes"
)

// Parse decodes and validates a claims file; name is used in errors. The
// returned claims have their scopes and predicates parsed. Every error is
// one line: the file (and the position, or the claim and the check), the
// problem and a fix.
func Parse(name string, data []byte) ([]Claim, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(name, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s:%s: data after the claims object: %s", name, jsonpos.Position(data, dec.InputOffset()), fixJSON)
	}
	if f.Schema != SchemaVersion {
		msg := fmt.Sprintf("%s: schema %d, want %d", name, f.Schema, SchemaVersion)
		if f.Schema == 1 {
			msg += ` (schema 2 adds "form", "modes" and "modes_why" to every claim)`
		}
		return nil, fmt.Errorf("%s: %s", msg, fixSchema)
	}
	seen := map[string]bool{}
	for i := range f.Claims {
		c := &f.Claims[i]
		id := c.ID
		if !idRE.MatchString(id) {
			id = strconv.Quote(id)
		}
		where := fmt.Sprintf("%s: claim %d (%s)", name, i+1, id)
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s: %s: %s", where, fmt.Sprintf(format, args...), fixClaim)
		}
		if !idRE.MatchString(c.ID) {
			return nil, bad("id %q is not kebab-case", c.ID)
		}
		if seen[c.ID] {
			return nil, bad("duplicate id")
		}
		seen[c.ID] = true
		if strings.TrimSpace(c.Statement) == "" || !strings.HasSuffix(c.Statement, ".") {
			return nil, bad("statement must be a sentence ending in a period")
		}
		if strings.TrimSpace(c.Source) == "" {
			return nil, bad("missing source")
		}
		if c.Topic == "" {
			c.Topic = TopicOther
		} else if !knownTopic(c.Topic) {
			return nil, bad("topic %q, want one of %s", c.Topic, strings.Join(Topics, ", "))
		}
		if _, ok := forms[c.Form]; !ok {
			return nil, bad("form %q, want one of %s", c.Form, knownForms())
		}
		if len(c.Modes) == 0 {
			return nil, bad("no modes (want [\"plain\"] or [\"plain\", \"race\"])")
		}
		modes := map[toolchain.Mode]bool{}
		for _, m := range c.Modes {
			if m != toolchain.Plain && m != toolchain.Race {
				return nil, bad("unknown mode %q in modes", m)
			}
			if modes[m] {
				return nil, bad("mode %q listed twice in modes", m)
			}
			modes[m] = true
		}
		if strings.TrimSpace(c.ModesWhy) == "" || !strings.HasSuffix(c.ModesWhy, ".") {
			return nil, bad("modes_why must be a sentence ending in a period")
		}
		if len(c.Probes) == 0 {
			return nil, bad("no probes")
		}
		probes := map[string]bool{}
		for _, p := range c.Probes {
			if !idRE.MatchString(p) || probes[p] {
				return nil, bad("bad or repeated probe name %q", p)
			}
			probes[p] = true
		}
		if len(c.Checks) == 0 {
			return nil, bad("no checks")
		}
		for j := range c.Checks {
			ch := &c.Checks[j]
			badCheck := func(format string, args ...any) error {
				return bad("check %d: %s", j+1, fmt.Sprintf(format, args...))
			}
			if !probes[ch.Probe] {
				return nil, badCheck("probe %q is not in the claim's probes", ch.Probe)
			}
			if ch.Mode != "" && ch.Mode != toolchain.Plain && ch.Mode != toolchain.Race {
				return nil, badCheck("unknown mode %q", ch.Mode)
			}
			if ch.Mode != "" && !modes[ch.Mode] {
				return nil, badCheck("mode %q is not in the claim's modes %v", ch.Mode, c.Modes)
			}
			var err error
			if ch.Scope, err = ParseScope(ch.When); err != nil {
				return nil, badCheck("when: %v", err)
			}
			if ch.Predicate, err = ParsePredicate(ch.HoldsIf); err != nil {
				return nil, badCheck("holds_if: %v", err)
			}
			if ch.VersusScope, err = ParseScope(ch.Versus); err != nil {
				return nil, badCheck("versus: %v", err)
			}
			versus := 0
			for _, cl := range ch.Predicate.Clauses {
				if cl.Versus {
					versus++
				}
			}
			switch {
			case ch.Versus == "" && versus > 0:
				return nil, badCheck("holds_if compares with a baseline (versus) but the check has no \"versus\" scope naming the baseline cells")
			case ch.Versus != "" && versus != len(ch.Predicate.Clauses):
				return nil, badCheck("a check with a \"versus\" scope needs a holds_if of interval(NAME) < versus or > versus clauses only")
			}
		}
	}
	return f.Claims, nil
}

// jsonError turns an error of encoding/json into a one-line message naming
// the file, the position where known, the problem and fixJSON.
func jsonError(name string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("%s: empty file: %s", name, fixJSON)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: truncated JSON (the file ends after %d bytes): %s", name, len(data), fixJSON)
	case errors.As(err, &syntax):
		return fmt.Errorf("%s:%s: invalid JSON: %v: %s", name, jsonpos.Position(data, syntax.Offset), syntax, fixJSON)
	case errors.As(err, &typ):
		return fmt.Errorf("%s:%s: field %s: JSON %s cannot be a Go %s: %s", name, jsonpos.Position(data, typ.Offset), typ.Field, typ.Value, typ.Type, fixJSON)
	}
	return fmt.Errorf("%s: %s: %s", name, strings.TrimPrefix(err.Error(), "json: "), fixJSON)
}

// CrossCheck compares the claims with the probes' own claim lists
// (probe name to the ids in its maplab:claims directive). It reports every
// id a probe cites that does not exist, every probe a claim lists that the
// catalogue lacks, and every probe that cites a claim without being listed
// by it (and the reverse). The result is sorted.
func CrossCheck(cs []Claim, probeClaims map[string][]string) []string {
	var problems []string
	byID := map[string]Claim{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	for p, ids := range probeClaims {
		for _, id := range ids {
			c, ok := byID[id]
			if !ok {
				problems = append(problems, fmt.Sprintf("probe %s cites unknown claim %q", p, id))
				continue
			}
			if !contains(c.Probes, p) {
				problems = append(problems, fmt.Sprintf("probe %s cites claim %s, which does not list it", p, id))
			}
		}
	}
	for _, c := range cs {
		for _, p := range c.Probes {
			ids, ok := probeClaims[p]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("claim %s lists probe %s, which is not in the catalogue", c.ID, p))
			case !contains(ids, c.ID):
				problems = append(problems, fmt.Sprintf("claim %s lists probe %s, whose header does not cite it", c.ID, p))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
