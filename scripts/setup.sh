#!/usr/bin/env bash
# Turns a fresh Debian 12 machine into a working ahc toolchain, and brings an
# existing one up to date. Safe to run again: every step checks first and
# does nothing when its work is already done, so a warm run takes seconds.
#
# Environment: AHC_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/ahc) is where
# source packages and built runtime pieces are kept, outside the clone.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)
cache=${AHC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ahc}
logs="$cache/logs"
mkdir -p "$logs"

# alex, happy and c2hs are the package set's native build tools (pkgset/tools.go);
# cabal-doctest is the setup dependency of Custom packages that the native ghc,
# which compiles setup scripts, does not ship; zlib1g-dev is for the native
# builds that tests compare with (the C platform check links -lz).
packages=(make gcc patch dpkg-dev ghc cabal-install clang lld llvm binaryen wabt
	libclang-rt-14-dev-wasm64 nodejs alex happy c2hs libghc-cabal-doctest-dev zlib1g-dev)
# zlib is the C library that the sysroot has beside wasi-libc (boot/sysroot).
source_packages=(wasi-libc ghc zlib)
min_node=20

steps=7
n=0
step() {
	n=$((n + 1))
	current="$1"
	printf '==> setup [%d/%d] %s\n' "$n" "$steps" "$1"
}
fail() {
	printf 'setup: step "%s" failed: %s\n' "$current" "$*" >&2
	exit 1
}
# run LOG CMD...: runs a command with its output in a log file, and on
# failure shows the end of that log.
run() {
	local log="$logs/$1"
	shift
	if ! "$@" >"$log" 2>&1; then
		tail -n 25 "$log" >&2
		fail "'$*' exited with an error (full log: $log)"
	fi
}
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		fail "needs root to run '$*' (run as root or install sudo)"
	fi
}

apt_updated=
apt_update() {
	if [ -z "$apt_updated" ]; then
		echo "    apt-get update"
		run apt-update.log as_root apt-get update
		apt_updated=1
	fi
}

step "Debian packages"
if ! grep -q '^VERSION_ID="12"' /etc/os-release 2>/dev/null; then
	echo "    warning: this is not Debian 12; package names may differ"
fi
missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "    all ${#packages[@]} packages installed"
else
	apt_update
	echo "    installing: ${missing[*]}"
	run apt-install.log as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}"
fi

step "Node.js $min_node or newer"
command -v node >/dev/null || fail "node is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt "$min_node" ]; then
	fail "node $(node --version) is too old: ahc needs Node.js $min_node or newer (for memory64-lowered modules with BigInt imports and tail calls)"
fi
echo "    node $(node --version)"

step "Go toolchain and modules"
command -v go >/dev/null || fail "go is not installed (ahc needs the Go version named in go.mod)"
echo "    $(go version)"
run go-mod-download.log go mod download

step "deb-src entries for the Debian archive"
if [ -n "$(apt-cache showsrc wasi-libc 2>/dev/null)" ]; then
	echo "    source packages are already available"
else
	# Add deb-src twins of the machine's own deb entries, so the sources
	# come from the same archive as the binaries.
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		awk 'BEGIN { RS = ""; ORS = "\n\n" } /(^|\n)Types:.*deb/ { sub(/Types:[^\n]*/, "Types: deb-src"); print }' \
			/etc/apt/sources.list.d/debian.sources >"$cache/ahc-deb-src.sources"
		as_root install -m 644 "$cache/ahc-deb-src.sources" /etc/apt/sources.list.d/ahc-deb-src.sources
	elif [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$cache/ahc-deb-src.list"
		as_root install -m 644 "$cache/ahc-deb-src.list" /etc/apt/sources.list.d/ahc-deb-src.list
	else
		fail "found no deb entries in /etc/apt/sources.list or /etc/apt/sources.list.d/debian.sources to derive deb-src entries from"
	fi
	apt_updated=
	apt_update
	[ -n "$(apt-cache showsrc wasi-libc 2>/dev/null)" ] ||
		fail "apt still knows no source package wasi-libc after adding deb-src entries"
	echo "    added deb-src entries"
fi

# fetch_source DIR NAME: the newest version of source package NAME that the
# archive serves, unpacked in DIR. apt lists a security update's version
# even when the mirror does not serve its pool: then the one before it.
fetch_source() {
	local v
	(cd "$1" && apt-get source "$2") && return 0
	for v in $(apt-cache showsrc "$2" | sed -n 's/^Version: //p' | sort -u -V -r); do
		find "$1" -mindepth 1 -delete
		echo "setup: trying $2=$v"
		(cd "$1" && apt-get source "$2=$v") && return 0
	done
	return 1
}

step "source packages: ${source_packages[*]}"
mkdir -p "$cache/src"
for p in "${source_packages[@]}"; do
	dir="$cache/src/$p"
	if compgen -G "$dir/${p}_*.dsc" >/dev/null; then
		echo "    $p: $(basename "$(compgen -G "$dir/${p}_*.dsc")" .dsc) already fetched"
		continue
	fi
	echo "    $p: apt-get source"
	# Fetch beside the final place and rename, so that an interrupted fetch
	# never looks like a complete one.
	tmp=$(mktemp -d "$cache/src/.fetch-$p-XXXXXX")
	chmod 755 "$tmp" # apt's download user must be able to write here
	if ! fetch_source "$tmp" "$p" >"$logs/source-$p.log" 2>&1; then
		rm -rf "$tmp"
		tail -n 15 "$logs/source-$p.log" >&2
		fail "apt-get source $p failed (full log: $logs/source-$p.log)"
	fi
	rm -rf "$dir"
	mv "$tmp" "$dir"
done

step "ahc executables"
# The Makefile holds the one set of build flags the libraries' cache key relies on.
run go-build.log make --no-print-directory -C "$repo" build
echo "    built $(ls bin | wc -l) executables in $repo/bin"

step "runtime pieces (ahc-boot: sysroot, DerivedConstants.h, RTS, boot packages)"
AHC_CACHE_DIR="$cache" bin/ahc-boot || fail "ahc-boot failed"

echo "==> setup done"
