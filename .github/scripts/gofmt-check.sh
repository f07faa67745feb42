#!/bin/sh
# gofmt-check.sh fails, listing the files, when gofmt would change any Go
# file under the current directory. Run it from the repository root.
set -eu

files=$(gofmt -l .)
if [ -n "$files" ]; then
	echo "gofmt-check: these files need gofmt -w:" >&2
	echo "$files" >&2
	exit 1
fi
