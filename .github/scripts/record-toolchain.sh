#!/bin/sh
# record-toolchain.sh adds the toolchain just installed to MAPLAB_TOOLCHAINS.
#
# The entry is the GOROOT of the go command on PATH, or, when
# TOOLCHAIN_COMMAND is set (e.g. gccgo-12), the full path of that command.
# When TOOLCHAIN_VARIANT is set (e.g. noswissmap) the entry gets the suffix
# +VARIANT, which the matrix reads as GOEXPERIMENT=VARIANT.
#
# In GitHub Actions the new value is appended to $GITHUB_ENV so later steps
# see it; elsewhere it is printed as MAPLAB_TOOLCHAINS=..., e.g.
#
#	export "$(sh .github/scripts/record-toolchain.sh)"
set -eu

if [ -n "${TOOLCHAIN_COMMAND:-}" ]; then
	entry=$(command -v "$TOOLCHAIN_COMMAND") || {
		echo "record-toolchain: $TOOLCHAIN_COMMAND not found on PATH" >&2
		exit 1
	}
else
	entry=$(go env GOROOT) || {
		echo "record-toolchain: go env GOROOT failed" >&2
		exit 1
	}
fi
if [ -z "$entry" ]; then
	echo "record-toolchain: empty toolchain path" >&2
	exit 1
fi
if [ -n "${TOOLCHAIN_VARIANT:-}" ]; then
	entry="$entry+$TOOLCHAIN_VARIANT"
fi

value=${MAPLAB_TOOLCHAINS:+$MAPLAB_TOOLCHAINS,}$entry
if [ -n "${GITHUB_ENV:-}" ]; then
	echo "MAPLAB_TOOLCHAINS=$value" >>"$GITHUB_ENV"
	echo "record-toolchain: MAPLAB_TOOLCHAINS=$value"
else
	echo "MAPLAB_TOOLCHAINS=$value"
fi
