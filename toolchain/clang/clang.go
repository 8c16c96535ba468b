// Package clang knows how ahc calls clang for its target: wasm64 (LP64)
// WASI against the sysroot ahc-boot builds, so that C agrees with the x86_64
// layout of GHC's Cmm.
package clang

import "path/filepath"

// Triple is ahc's target for C.
const Triple = "wasm64-wasi"

// TargetFlags make clang compile and link for Triple against sysroot.
func TargetFlags(sysroot string) []string {
	return []string{"--target=" + Triple, "--sysroot=" + sysroot}
}

// EmulationDefines make wasi-libc's headers declare the POSIX functions
// it implements only in its emulation libraries (Emulations): signal,
// clock, getpid and mmap, which packages' C files call (splitmix seeds
// itself with clock()). Without them the headers refuse or deprecate those
// functions.
var EmulationDefines = []string{"-D_WASI_EMULATED_SIGNAL", "-D_WASI_EMULATED_PROCESS_CLOCKS", "-D_WASI_EMULATED_GETPID", "-D_WASI_EMULATED_MMAN"}

// UnixDefines say that the target is a Unix, as Emscripten's clang does:
// clang's WASI targets define neither __unix__ nor __linux__, and C
// written for POSIX tells Unix from Windows by them (basement's
// foundation_system.h refuses any system it does not know); what such code
// calls, wasi-libc has or fails at run time.
var UnixDefines = []string{"-D__unix__=1", "-D__unix=1"}

// PackageDefines are the defines of every C compile of a package's, by
// ghc (twin mode), hsc2hs or a configure script: EmulationDefines and
// UnixDefines.
var PackageDefines = append(append([]string(nil), EmulationDefines...), UnixDefines...)

// Emulations are the sysroot's emulation libraries that EmulationDefines
// declare; a link takes them after libc, so that they cost nothing to a
// program that does not call them.
func Emulations(sysroot string) []string {
	lib := LibDir(sysroot)
	return []string{
		filepath.Join(lib, "libwasi-emulated-signal.a"),
		filepath.Join(lib, "libwasi-emulated-process-clocks.a"),
		filepath.Join(lib, "libwasi-emulated-getpid.a"),
		filepath.Join(lib, "libwasi-emulated-mman.a"),
	}
}

// LibDir is where a sysroot keeps its libraries and start files.
func LibDir(sysroot string) string {
	return filepath.Join(sysroot, "lib", Triple)
}

// IsLink reports whether a clang command line (without the program name)
// links, rather than stopping after compiling, assembling or preprocessing.
func IsLink(args []string) bool {
	for _, a := range args {
		switch a {
		case "-c", "-S", "-E", "-M", "-MM", "-fsyntax-only", "--version", "-v", "-###",
			"--help", "-dumpversion", "-dumpmachine", "-print-search-dirs":
			return false
		}
	}
	return true
}

// Output returns the -o argument of a command line, or def when there is none.
func Output(args []string, def string) string {
	for i, a := range args {
		if a == "-o" && i+1 < len(args) {
			return args[i+1]
		}
		if len(a) > 2 && a[:2] == "-o" {
			return a[2:]
		}
	}
	return def
}

// ReplaceOutput returns args with the -o argument replaced by out.
func ReplaceOutput(args []string, out string) []string {
	res := make([]string, 0, len(args)+2)
	found := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-o" && i+1 < len(args):
			res = append(res, "-o", out)
			i++
			found = true
		case len(a) > 2 && a[:2] == "-o":
			res = append(res, "-o", out)
			found = true
		default:
			res = append(res, a)
		}
	}
	if !found {
		res = append(res, "-o", out)
	}
	return res
}
