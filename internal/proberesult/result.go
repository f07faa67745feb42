// Package proberesult owns the one machine-readable line a probe prints as
// the last line of its standard output:
//
//	maplab-result {"probe":"nan-keys","status":"clean","detail":"...","metrics":{"nan_entries":100}}
//
// It defines the line's type, its statuses and the exit status each one
// pairs with, and the one parser every part of maplab uses to read it.
package proberesult

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Prefix starts the one machine-readable line a probe prints on stdout.
const Prefix = "maplab-result "

// The statuses a probe may report in its result line, and the exit status
// that goes with each.
const (
	StatusClean     = "clean"     // exit 0
	StatusCorrupt   = "corrupt"   // exit 3
	StatusRecovered = "recovered" // exit 4
)

// exitFor maps each result status to the exit status the probe contract
// pairs it with.
var exitFor = map[string]int{
	StatusClean:     0,
	StatusCorrupt:   3,
	StatusRecovered: 4,
}

// StatusForExit returns the status the probe contract pairs with exit
// status code, and false for an exit status that pairs with none.
func StatusForExit(code int) (string, bool) {
	for status, c := range exitFor {
		if c == code {
			return status, true
		}
	}
	return "", false
}

// OverlapMetric is the metric a concurrent probe reports: the number of
// rounds in which two goroutines' bursts overlapped in time. A clean result
// with OverlapMetric 0 means the hazard did not happen (see Idle).
const OverlapMetric = "overlapping_rounds"

// Idle reports whether r is a clean result of a concurrent probe whose
// goroutines never overlapped: it reports OverlapMetric, and it is 0.
func (r Result) Idle() bool {
	v, ok := r.Metrics[OverlapMetric]
	return r.Status == StatusClean && ok && v == 0
}

// Result is a probe's parsed result line (`maplab-result {json}` on stdout).
type Result struct {
	Probe   string             `json:"probe"`
	Status  string             `json:"status"`
	Detail  string             `json:"detail"`
	Metrics map[string]float64 `json:"metrics"`
}

// Parse finds the probe's result line in stdout and parses it.
//
// It reports found=false and no error when stdout holds no line starting
// with Prefix. A result line that is present but broken yields
// found=true and an error: malformed or trailing JSON, unknown fields, a
// missing probe name, a status other than clean, corrupt or recovered, a
// second result line, or output after the result line (the contract says
// the result line comes last).
func Parse(stdout []byte) (Result, bool, error) {
	lines := bytes.Split(stdout, []byte("\n"))
	at := -1
	for i, line := range lines {
		if !bytes.HasPrefix(line, []byte(Prefix)) {
			continue
		}
		if at >= 0 {
			return Result{}, true, fmt.Errorf("more than one result line (lines %d and %d)", at+1, i+1)
		}
		at = i
	}
	if at < 0 {
		return Result{}, false, nil
	}
	for i := at + 1; i < len(lines); i++ {
		if len(bytes.TrimSpace(lines[i])) != 0 {
			return Result{}, true, fmt.Errorf("result line %d is not the last line of stdout", at+1)
		}
	}
	payload := bytes.TrimSpace(lines[at][len(Prefix):])
	var r Result
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Result{}, true, fmt.Errorf("parsing result line: %w", err)
	}
	if rest := bytes.TrimSpace(payload[dec.InputOffset():]); len(rest) != 0 {
		return Result{}, true, errors.New("parsing result line: data after the JSON object")
	}
	if r.Probe == "" {
		return r, true, errors.New("result line has no probe name")
	}
	if _, ok := exitFor[r.Status]; !ok {
		return r, true, fmt.Errorf("result line has unknown status %q (want clean, corrupt or recovered)", r.Status)
	}
	return r, true, nil
}

// Line returns r as the result line a probe prints, without the newline.
func (r Result) Line() string {
	b, err := json.Marshal(r)
	if err != nil {
		// Only a NaN or infinite metric can fail, and Parse never yields one.
		return Prefix + "{}"
	}
	return Prefix + string(b)
}
