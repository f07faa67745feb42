#!/bin/sh
# tsan-mmap-bits.sh lowers vm.mmap_rnd_bits to 28 when it is higher, so that
# the race detector (ThreadSanitizer) of old Go releases can map its shadow
# memory. It changes the kernel setting of the whole machine, with sudo; it
# does nothing when the value is already 28 or lower. Where it cannot be
# set, the matrix records race mode as unavailable for those releases.
set -eu

want=28
f=/proc/sys/vm/mmap_rnd_bits
if [ ! -r "$f" ]; then
	echo "tsan-mmap-bits: $f not readable; leaving it" >&2
	exit 1
fi
cur=$(cat "$f")
if [ "$cur" -le "$want" ]; then
	echo "tsan-mmap-bits: vm.mmap_rnd_bits is $cur (at most $want): nothing to do"
	exit 0
fi
sudo sysctl -w "vm.mmap_rnd_bits=$want"
