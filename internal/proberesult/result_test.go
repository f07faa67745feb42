package proberesult

import (
	"strings"
	"testing"
)

const clean = `maplab-result {"probe":"p","status":"clean","detail":"ok","metrics":{"n":1}}` + "\n"

func TestParse(t *testing.T) {
	tests := []struct {
		name, stdout string
		want         Result
		found        bool
		err          string // substring of the error; "" for none
	}{
		{"clean", clean, Result{Probe: "p", Status: "clean", Detail: "ok", Metrics: map[string]float64{"n": 1}}, true, ""},
		{"after other output", "warming up\n" + clean, Result{Probe: "p", Status: "clean", Detail: "ok", Metrics: map[string]float64{"n": 1}}, true, ""},
		{"no trailing newline", strings.TrimSuffix(clean, "\n"), Result{Probe: "p", Status: "clean", Detail: "ok", Metrics: map[string]float64{"n": 1}}, true, ""},
		{"crlf", strings.TrimSuffix(clean, "\n") + "\r\n", Result{Probe: "p", Status: "clean", Detail: "ok", Metrics: map[string]float64{"n": 1}}, true, ""},
		{"trailing blank lines", clean + "\n\n", Result{Probe: "p", Status: "clean", Detail: "ok", Metrics: map[string]float64{"n": 1}}, true, ""},
		{"no metrics", `maplab-result {"probe":"p","status":"corrupt","detail":"d"}` + "\n", Result{Probe: "p", Status: "corrupt", Detail: "d"}, true, ""},
		{"float metrics", `maplab-result {"probe":"p","status":"recovered","detail":"","metrics":{"rate":0.25,"n":-3}}`, Result{Probe: "p", Status: "recovered", Metrics: map[string]float64{"rate": 0.25, "n": -3}}, true, ""},
		{"empty", "", Result{}, false, ""},
		{"absent", "hello\nworld\n", Result{}, false, ""},
		{"prefix mid-line", "x maplab-result {}\n", Result{}, false, ""},
		{"malformed json", "maplab-result {\"probe\":\"p\",\n", Result{}, true, "parsing result line"},
		{"not an object", "maplab-result [1,2]\n", Result{}, true, "parsing result line"},
		{"empty payload", "maplab-result \n", Result{}, true, "parsing result line"},
		{"trailing data", strings.TrimSuffix(clean, "\n") + " extra\n", Result{}, true, "data after the JSON object"},
		{"unknown field", `maplab-result {"probe":"p","status":"clean","extra":1}`, Result{}, true, "unknown field"},
		{"string metric", `maplab-result {"probe":"p","status":"clean","metrics":{"n":"1"}}`, Result{}, true, "parsing result line"},
		{"unknown status", `maplab-result {"probe":"p","status":"fine"}`, Result{}, true, "unknown status"},
		{"no probe", `maplab-result {"status":"clean"}`, Result{}, true, "no probe name"},
		{"null", "maplab-result null\n", Result{}, true, "no probe name"},
		{"two lines", clean + clean, Result{}, true, "more than one result line"},
		{"not last", clean + "bye\n", Result{}, true, "not the last line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found, err := Parse([]byte(tt.stdout))
			if found != tt.found {
				t.Errorf("found = %v, want %v", found, tt.found)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if got.Probe != tt.want.Probe || got.Status != tt.want.Status || got.Detail != tt.want.Detail || !mapsEqual(got.Metrics, tt.want.Metrics) {
				t.Errorf("Parse = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func mapsEqual(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestIdle(t *testing.T) {
	tests := []struct {
		r    Result
		want bool
	}{
		{Result{Status: StatusClean, Metrics: map[string]float64{OverlapMetric: 0}}, true},
		{Result{Status: StatusClean, Metrics: map[string]float64{OverlapMetric: 1}}, false},
		{Result{Status: StatusClean, Metrics: map[string]float64{"rounds": 4}}, false},
		{Result{Status: StatusClean}, false},
		{Result{Status: StatusCorrupt, Metrics: map[string]float64{OverlapMetric: 0}}, false},
		{Result{Status: StatusRecovered, Metrics: map[string]float64{OverlapMetric: 0}}, false},
	}
	for _, tt := range tests {
		if got := tt.r.Idle(); got != tt.want {
			t.Errorf("%+v.Idle() = %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestStatusForExit(t *testing.T) {
	for code, want := range map[int]string{0: StatusClean, 3: StatusCorrupt, 4: StatusRecovered, 1: "", 2: "", 66: ""} {
		got, ok := StatusForExit(code)
		if got != want || ok != (want != "") {
			t.Errorf("StatusForExit(%d) = %q, %v, want %q", code, got, ok, want)
		}
	}
}
