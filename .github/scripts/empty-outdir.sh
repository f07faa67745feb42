#!/bin/sh
# empty-outdir.sh makes an empty directory for a measure job's results files,
# outside the checkout, and records it in MAPLAB_OUT.
#
# A measure job must not write into the committed results/: matrix run would
# reuse the committed cells instead of measuring them, and the job's artifact
# would carry the committed files too. The directory is
# $RUNNER_TEMP/maplab-results in GitHub Actions, a new temporary directory
# elsewhere; it is an error for it to exist already with anything in it.
#
# In GitHub Actions the value is appended to $GITHUB_ENV so later steps see
# it; elsewhere it is printed as MAPLAB_OUT=..., e.g.
#
#	export "$(sh .github/scripts/empty-outdir.sh)"
set -eu

if [ -n "${RUNNER_TEMP:-}" ]; then
	dir=$RUNNER_TEMP/maplab-results
	if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		echo "empty-outdir: $dir is not empty" >&2
		exit 1
	fi
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/maplab-results.XXXXXX")
fi

if [ -n "${GITHUB_ENV:-}" ]; then
	echo "MAPLAB_OUT=$dir" >>"$GITHUB_ENV"
	echo "empty-outdir: MAPLAB_OUT=$dir"
else
	echo "MAPLAB_OUT=$dir"
fi
