package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/internal/rspfile"
	"github.com/ahc-hs/ahc/toolchain/clang"
)

// EnvTwin switches ahc-cc into twin mode. ahc sets it, for the ghc it runs,
// to the native C compiler ghc is configured with (ghc --info's "C compiler
// command"), and gives ghc ahc-cc as its C compiler (-pgmc) and assembler
// (-pgma).
const EnvTwin = "AHC_CC_TWIN"

// EnvTwinInclude is the native RTS include directory for twin mode's
// native compilation (see nativeIncludes).
const EnvTwinInclude = "AHC_CC_TWIN_INCLUDE"

// EnvRunnable makes the programs ahc-cc links runnable on this machine:
// OUT is a small script that runs OUT.wasm with ahc-run. ahc-boot sets it
// while autoconf's configure scripts and hsc2hs run the programs they
// compile.
const EnvRunnable = "AHC_CC_RUNNABLE"

// twinSuffix is what a wasm twin adds to the name of the native file.
const twinSuffix = ".wasm"

// twinAction is what twin mode does besides running the native compiler.
type twinAction uint8

const (
	twinNone twinAction = iota
	// twinCompile compiles the C source for wasm64 too, writing the wasm
	// object beside ghc's output (OUT.wasm; ghc asks for assembly, -S,
	// which its assembler then turns into the object).
	twinCompile
	// twinAssemble moves the twin of the assembly source (IN.s.wasm), if
	// the compile step made one, beside the object (OBJ.wasm; ghc names
	// the object OBJ.tmp and renames it, so the .tmp is dropped).
	twinAssemble
)

// twinPlan reads a command line ghc gives its C compiler or assembler.
// For a C compilation it returns the wasm command line (without the target
// flags) and the twin's path; for an assembly step the twin to move and
// where.
type twinPlan struct {
	action   twinAction
	wasmArgs []string // twinCompile: clang's arguments
	from, to string   // twinAssemble: the twin of the input, of the output
}

// droppedFlags are gcc's and x86's flags that clang for wasm64 rejects or
// that make no sense there, each with whether it takes the next argument.
var droppedFlags = map[string]bool{
	"-no-pie": false, "-fno-PIC": false, "-fPIC": false, "-fno-pic": false, "-fpic": false,
	"-fno-PIE": false, "-fPIE": false, "-pie": false, "-static": false, "-rdynamic": false,
	"-fno-stack-protector": false, "-mcx16": false, "-fno-omit-frame-pointer": false,
	"-Wimplicit": false, "-fno-strict-overflow": false,
	"-Xlinker": true,
}

// droppedPrefixes are flag families dropped the same way.
var droppedPrefixes = []string{"-fuse-ld=", "-march=", "-mtune=", "-msse", "-mavx", "-mbmi", "-mpopcnt",
	"-mfpmath=", "-Wl,", "-Wa,", "-mno-", "-fstack-protector", "-fstack-clash", "-fcf-protection"}

// dropFlag reports whether a is dropped for wasm64, and whether the next
// argument goes with it.
func dropFlag(a string) (drop, takesNext bool) {
	if next, ok := droppedFlags[a]; ok {
		return true, next
	}
	for _, p := range droppedPrefixes {
		if strings.HasPrefix(a, p) {
			return true, false
		}
	}
	return false, false
}

// planTwin reads a native compiler command line.
func planTwin(args []string) twinPlan {
	var out, lang string
	var inputs []string
	compileOnly, toAsm := false, false
	var kept []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if drop, next := dropFlag(a); drop {
			if next {
				i++
			}
			continue
		}
		switch {
		case a == "-o" && i+1 < len(args):
			i++
			out = args[i]
			continue
		case a == "-x" && i+1 < len(args):
			lang = args[i+1]
			kept = append(kept, a, args[i+1])
			i++
			continue
		case a == "-c":
			compileOnly = true
			continue
		case a == "-S":
			toAsm = true
			continue
		case a == "-include" || a == "-I" || a == "-D" || a == "-U" || a == "-isystem" ||
			a == "-iquote" || a == "-Xpreprocessor" || a == "-MF" || a == "-MT":
			if i+1 < len(args) {
				kept = append(kept, a, args[i+1])
				i++
			}
			continue
		case !strings.HasPrefix(a, "-") || a == "-":
			inputs = append(inputs, a)
		}
		kept = append(kept, a)
	}
	if out == "" || len(inputs) != 1 || !(compileOnly || toAsm) {
		return twinPlan{}
	}
	in := inputs[0]
	if lang == "assembler" || lang == "assembler-with-cpp" || (lang == "" && (strings.HasSuffix(in, ".s") || strings.HasSuffix(in, ".S"))) {
		if !compileOnly {
			return twinPlan{}
		}
		return twinPlan{action: twinAssemble, from: in + twinSuffix, to: strings.TrimSuffix(out, ".tmp") + twinSuffix}
	}
	if lang != "" && lang != "c" {
		return twinPlan{}
	}
	if lang == "" && !strings.HasSuffix(in, ".c") {
		return twinPlan{}
	}
	// The C that ghc compiles (packages' c-sources, the C stubs of capi
	// imports, which include <signal.h>) sees the POSIX functions that
	// wasi-libc emulates (the final link provides them) on a Unix.
	wasm := append(kept, clang.PackageDefines...)
	wasm = append(wasm, "-c", "-fno-common", "-o", out+twinSuffix)
	return twinPlan{action: twinCompile, wasmArgs: wasm}
}

// moveTwin renames from to to, if from exists.
func moveTwin(from, to string) error {
	err := os.Rename(from, to)
	if errors.Is(err, os.ErrNotExist) {
		if _, statErr := os.Stat(from); errors.Is(statErr, os.ErrNotExist) {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("moving the wasm twin: %w", err)
	}
	return nil
}

// launcher is the script that stands for a linked program in runnable mode.
func launcher(ahcRun, wasm string) []byte {
	return []byte(fmt.Sprintf("#!/bin/sh\n# ahc-cc (%s=1): runs the wasm module beside it.\nexec %s %s \"$@\"\n",
		EnvRunnable, shellQuote(ahcRun), shellQuote(wasm)))
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// cleanArgs drops the flags clang cannot link wasm64 with (ghc's and
// Cabal's -fuse-ld=gold, -no-pie, run paths -Wl,-R,DIR that Cabal gives
// hsc2hs, ...). Compile flags are kept as they are.
func cleanArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-fuse-ld=") || a == "-no-pie" || a == "-rdynamic" ||
			strings.HasPrefix(a, "-Wl,-R,") || strings.HasPrefix(a, "-Wl,-rpath") {
			continue
		}
		out = append(out, a)
	}
	return out
}

// expandResponseFiles replaces each @FILE argument by the arguments FILE
// holds (ghc passes its C compiler's arguments that way).
func expandResponseFiles(args []string) ([]string, error) {
	return rspfile.Expand(args, os.ReadFile)
}

// nativeIncludes returns args for the native compiler: every -I of the
// include directory of a wasm64 RTS built by ahc-boot (a directory D with
// D/../rts.conf) names the native RTS include directory instead, when
// there is one.
func nativeIncludes(args []string, native string) []string {
	if native == "" {
		return args
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		dir, attached := strings.CutPrefix(a, "-I")
		if !attached || (dir == "" && i+1 >= len(args)) {
			out = append(out, a)
			continue
		}
		if dir == "" {
			i++
			dir = args[i]
		}
		if isWasmRTSInclude(dir) {
			dir = native
		}
		out = append(out, "-I"+dir)
	}
	return out
}

func isWasmRTSInclude(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "..", "rts.conf"))
	return err == nil && filepath.Base(filepath.Clean(dir)) == "include"
}
