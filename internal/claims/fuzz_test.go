package claims

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, and that every error it returns
// is one line naming the file and ending in a fix. It is seeded with the
// embedded claims.json and the malformed files of TestParseErrors; run it
// with
//
//	go test -run '^$' -fuzz FuzzParse ./internal/claims
func FuzzParse(f *testing.F) {
	f.Add(embedded)
	f.Add([]byte(`{"schema":1,"claims":[]}`))
	f.Add([]byte(`{"schema":2,"claims":[{"id":"a","verdict":"confirmed"}]}`))
	f.Add([]byte(`{"schema":2,"claims":[{"id":"a-b","statement":"S.","source":"x","form":"universal","modes":["plain"],"modes_why":"Why.","probes":["p"],"checks":[{"probe":"p","when":"lang < go1.22","holds_if":"rate(fatal) >= 0.5 and any reason \"x\""}]}]}`))
	f.Add([]byte(""))
	f.Add([]byte("{} {}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.json"
		cs, err := Parse(name, data)
		if err == nil {
			for _, c := range cs {
				if !idRE.MatchString(c.ID) || len(c.Checks) == 0 {
					t.Fatalf("Parse accepted claim %q with %d checks", c.ID, len(c.Checks))
				}
			}
			return
		}
		msg := err.Error()
		if strings.ContainsAny(msg, "\n\r") {
			t.Errorf("error is not one line: %q", msg)
		}
		if !strings.HasPrefix(msg, name+":") {
			t.Errorf("error does not start with the file name: %q", msg)
		}
		if !strings.HasSuffix(msg, ": "+fixJSON) && !strings.HasSuffix(msg, ": "+fixSchema) && !strings.HasSuffix(msg, ": "+fixClaim) {
			t.Errorf("error does not end with a fix: %q", msg)
		}
	})
}

// FuzzPredicateString checks that a predicate's String is its canonical
// source form: parsing it gives the same predicate back, numbers included
// (12345 must not print as 1.234e+04, nor 0.99999 as 1).
func FuzzPredicateString(f *testing.F) {
	for _, s := range []string{
		"rate(fatal) >= 0.5 and any reason \"x\"",
		"metric(n) == 12345",
		"interval(r) < 0.99999",
		"max(allocs) < 1e-07",
		"interval(ns) < versus",
		"leading in [clean, race]",
		"no outcome in [fatal, crash]",
		"mean(x) != 123456789.125",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := ParsePredicate(src)
		if err != nil {
			return
		}
		s := p.String()
		q, err := ParsePredicate(s)
		if err != nil {
			t.Fatalf("String() = %q of %q does not parse: %v", s, src, err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip of %q: %q parses to %+v, want %+v", src, s, q, p)
		}
		if q.String() != s {
			t.Fatalf("String() is not canonical: %q then %q", s, q.String())
		}
	})
}
