package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ResultPrefix starts the one machine-readable line a probe prints on stdout.
const ResultPrefix = "maplab-result "

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

// Result is a probe's parsed result line (`maplab-result {json}` on stdout).
type Result struct {
	Probe   string             `json:"probe"`
	Status  string             `json:"status"`
	Detail  string             `json:"detail"`
	Metrics map[string]float64 `json:"metrics"`
}

// ParseResult finds the probe's result line in stdout and parses it.
//
// It reports found=false and no error when stdout holds no line starting
// with ResultPrefix. A result line that is present but broken yields
// found=true and an error: malformed or trailing JSON, unknown fields, a
// missing probe name, a status other than clean, corrupt or recovered, a
// second result line, or output after the result line (the contract says
// the result line comes last).
func ParseResult(stdout []byte) (Result, bool, error) {
	lines := bytes.Split(stdout, []byte("\n"))
	at := -1
	for i, line := range lines {
		if !bytes.HasPrefix(line, []byte(ResultPrefix)) {
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
	payload := bytes.TrimSpace(lines[at][len(ResultPrefix):])
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
