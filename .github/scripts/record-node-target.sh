#!/bin/sh
# record-node-target.sh names, in MAPLAB_TOOLCHAINS, a toolchain whose
# programs run in Node.js, built from the go command on PATH (the target Go
# just installed): TARGET=js/wasm gives gc's js/wasm toolchain of that
# release (ID go1.N.M-js-wasm), TARGET=gopherjs gives GopherJS compiling that
# release's library (ID gopherjs1.19.0-beta2-go1.19.M; the release must be
# go1.19). Discovery finds the release through MAPLAB_DIST_GLOBS, set to its
# go command, and derives the Node.js toolchain from it; GopherJS also gets
# GOPHERJS_GOROOT, which `go run ./matrix install gopherjs` and discovery use.
#
# In GitHub Actions the values are appended to $GITHUB_ENV so later steps
# see them; elsewhere they are printed as NAME=value lines, e.g.
#
#	TARGET=js/wasm sh .github/scripts/record-node-target.sh
set -eu

goroot=$(go env GOROOT)
version=$(go env GOVERSION)
case ${TARGET:-} in
js/wasm)
	lines="MAPLAB_TOOLCHAINS=$version-js-wasm"
	;;
gopherjs)
	case $version in
	go1.19 | go1.19.*) ;;
	*)
		echo "record-node-target: GopherJS 1.19 needs go1.19, the go command on PATH is $version" >&2
		exit 1
		;;
	esac
	lines="MAPLAB_TOOLCHAINS=gopherjs1.19.0-beta2-$version
GOPHERJS_GOROOT=$goroot"
	;;
*)
	echo "record-node-target: TARGET must be js/wasm or gopherjs, not '${TARGET:-}'" >&2
	exit 2
	;;
esac
lines="$lines
MAPLAB_DIST_GLOBS=$goroot/bin/go"

if [ -n "${GITHUB_ENV:-}" ]; then
	echo "$lines" >>"$GITHUB_ENV"
	echo "$lines" | sed 's/^/record-node-target: /'
else
	echo "$lines"
fi
