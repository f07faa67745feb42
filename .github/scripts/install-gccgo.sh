#!/bin/sh
# install-gccgo.sh COMMAND installs the Debian/Ubuntu package COMMAND (e.g.
# gccgo-12) with apt-get, unless a command of that name is already on PATH.
set -eu

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
	echo "usage: install-gccgo.sh gccgo-N" >&2
	exit 2
fi
case $1 in
gccgo | gccgo-[0-9]*) ;;
*)
	echo "install-gccgo: $1 is not a gccgo package name" >&2
	exit 2
	;;
esac
if p=$(command -v "$1"); then
	echo "install-gccgo: $1 is already installed ($p)"
	exit 0
fi
sudo apt-get update
sudo apt-get install --yes --no-install-recommends "$1"
command -v "$1"
