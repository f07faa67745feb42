// Package claims holds claims.json, the beliefs about Go maps that maplab
// decides from its measurements, as data: JSON is the file's bytes.
//
// The file's format, the predicate language of its checks and the rules
// by which each claim is decided are documented in package
// github.com/maplab/maplab/internal/claims, the verdict engine that
// parses this file; the report (docs/) shows the decisions.
package claims

import _ "embed"

// JSON is the content of claims.json.
//
//go:embed claims.json
var JSON []byte
