package linker

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ahc-hs/ahc/linker/adjustor"
	"github.com/ahc-hs/ahc/linker/cfinalizer"
	"github.com/ahc-hs/ahc/linker/fnptr"
	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
	"github.com/ahc-hs/ahc/linker/sigadapt"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// DefaultStackSize is the C stack of a linked program (-z stack-size):
// four times wasm-ld's default. Only C code (the RTS, libc, foreign calls)
// uses it; Haskell stacks are on the heap. It comes first in memory
// (--stack-first), so that an overflow traps instead of overwriting data,
// and the data follows it: the smaller it is, the more data addresses are
// below 1 MiB, where an address constant in code takes 3 bytes instead of
// 4 (LEB128); hello world is 13 KB smaller than with 1 MiB.
const DefaultStackSize = 256 << 10

// LinkInput is what a program is linked from.
type LinkInput struct {
	Objects     []string // wasm64 objects, in order
	Archives    []string // static libraries of wasm64 objects
	Roots       []string // symbols to keep (wasm-ld -u)
	LinkerFlags []string // further wasm-ld flags
}

// LinkOptions says where the linker and the C runtime are.
type LinkOptions struct {
	WasmLD    string // path of wasm-ld
	Sysroot   string // ahc's wasm64 sysroot (boot/sysroot)
	Builtins  string // compiler-rt's builtins for wasm64, "" for none
	StackSize int    // bytes; 0 means DefaultStackSize
	// LogDir receives the command line and output of a failed wasm-ld,
	// as OUTPUT.log; "" puts the command line in the error instead.
	LogDir string
	// Adjustors is the number of adjustors (`foreign import ccall
	// "wrapper"` function pointers) of each type the program may have
	// alive at once; 0 means adjustor.DefaultPoolSize.
	Adjustors int
}

// Args returns wasm-ld's command line for linking in into the WASI command
// module out: the sysroot's start file, the objects, the archives, libc,
// its emulation libraries and compiler-rt's builtins, unused sections removed. The module exports
// memory and _start, and keeps its name section (linker/tailcall needs it).
func Args(in LinkInput, out string, opts LinkOptions) []string {
	lib := clang.LibDir(opts.Sysroot)
	stack := opts.StackSize
	if stack == 0 {
		stack = DefaultStackSize
	}
	args := []string{"-m", "wasm64", "-o", out, "--gc-sections",
		"-z", "stack-size=" + strconv.Itoa(stack), "--stack-first",
		filepath.Join(lib, "crt1-command.o")}
	args = append(args, in.Objects...)
	args = append(args, in.Archives...)
	for _, r := range in.Roots {
		args = append(args, "--undefined="+r)
	}
	args = append(args, in.LinkerFlags...)
	args = append(args, filepath.Join(lib, "libc.a"))
	args = append(args, clang.Emulations(opts.Sysroot)...)
	if opts.Builtins != "" {
		args = append(args, opts.Builtins)
	}
	return args
}

// Link links in into the wasm64 module out with wasm-ld. The objects that
// take the address of a C function as data are rewritten first
// (linker/fnptr), then those that call a function under another type than
// its definition's (linker/sigadapt); the functions with a result whose
// addresses Haskell takes get thunks for the RTS's finalizer calls
// (linker/cfinalizer), and the wrappers of `foreign import ccall
// "wrapper"` pools of adjustors (linker/adjustor). A function signature
// mismatch that remains, which wasm-ld turns into a trap, is an error.
func Link(ctx context.Context, in LinkInput, out string, opts LinkOptions) error {
	dir, err := os.MkdirTemp("", "ahc-link-")
	if err != nil {
		return fmt.Errorf("linking %s: %w", out, err)
	}
	defer os.RemoveAll(dir)
	lib := clang.LibDir(opts.Sysroot)
	libs := append([]string{filepath.Join(lib, "crt1-command.o"), filepath.Join(lib, "libc.a")}, clang.Emulations(opts.Sysroot)...)
	if opts.Builtins != "" {
		libs = append(libs, opts.Builtins)
	}
	var fixed fixes
	in.Objects, in.Archives, fixed, err = fixInputs(wasmobj.Inputs{Objects: in.Objects, Archives: in.Archives, Libraries: libs}, dir)
	if err != nil {
		return fmt.Errorf("linking %s: %w", out, err)
	}
	finalizers, err := cfinalizer.Object(fixed.taken)
	if err != nil {
		return fmt.Errorf("linking %s: C finalizers: %w", out, err)
	}
	size := opts.Adjustors
	if size == 0 {
		size = adjustor.DefaultPoolSize
	}
	var adjustors []byte
	if fixed.wrappers != nil {
		if adjustors, err = adjustor.Object(fixed.wrappers, size); err != nil {
			return fmt.Errorf("linking %s: adjustors: %w", out, err)
		}
	}
	for _, o := range []struct {
		name string
		data []byte
	}{{"ahc-cfinalizers.o", finalizers}, {"ahc-adjustors.o", adjustors}} {
		if o.data == nil {
			continue
		}
		p := filepath.Join(dir, o.name)
		if err := os.WriteFile(p, o.data, 0o644); err != nil {
			return fmt.Errorf("linking %s: %w", out, err)
		}
		in.Objects = append(in.Objects[:len(in.Objects):len(in.Objects)], p)
	}
	logPath := ""
	if opts.LogDir != "" {
		logPath = filepath.Join(opts.LogDir, filepath.Base(out)+".log")
	}
	if err := runWasmLD(ctx, opts.WasmLD, Args(in, out, opts), logPath); err != nil {
		os.Remove(out)
		return fmt.Errorf("linking %s: %w", out, err)
	}
	return nil
}

// fixes is what the objects of a link need generated for them.
type fixes struct {
	taken    map[string][]byte // fnptr's Applied.Types
	wrappers map[string][]byte // adjustor.Wanted
}

// fixInputs applies linker/fnptr and linker/sigadapt to the objects and
// archives of in (its libraries only define), writing what they rewrite
// into dir, and returns the objects and archives to link instead (the
// adapters' archive comes last), the types of the functions whose
// addresses Haskell code takes and those of the wrappers it wants
// adjustors for.
func fixInputs(in wasmobj.Inputs, dir string) (objects, archives []string, f fixes, err error) {
	set, err := wasmobj.Load(in)
	if err != nil {
		return nil, nil, f, fmt.Errorf("reading the inputs: %w", err)
	}
	defer set.Close()
	if f.wrappers, err = adjustor.Wanted(set); err != nil {
		return nil, nil, f, fmt.Errorf("adjustors: %w", err)
	}
	rewritten := set.NewOutput(dir, "ahc")
	pointers, err := fnptr.Apply(set, rewritten)
	if err != nil {
		return nil, nil, f, fmt.Errorf("function pointers: %w", err)
	}
	f.taken = pointers.Types
	adapted, err := sigadapt.Apply(set, rewritten)
	if err != nil {
		return nil, nil, f, fmt.Errorf("foreign call types: %w", err)
	}
	if objects, archives, err = rewritten.Files(); err != nil {
		return nil, nil, f, err
	}
	if adapted.Archive != nil {
		p := filepath.Join(dir, "ahc-adapters.a")
		if err := os.WriteFile(p, adapted.Archive, 0o644); err != nil {
			return nil, nil, f, err
		}
		archives = append(archives[:len(archives):len(archives)], p)
	}
	return objects, archives, f, nil
}

// runWasmLD runs wasm-ld, failing also when it warns of a function
// signature mismatch: it has then replaced the calls with a stub that
// traps. A failure is a *Failure, whose command and output go to logPath
// (if not "").
func runWasmLD(ctx context.Context, wasmLD string, args []string, logPath string) error {
	cmd := exec.CommandContext(ctx, wasmLD, args...)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return newFailure(&tools.Error{Cmd: cmd.String(), Err: err, Stderr: stderr.String()}, logPath)
	}
	var mismatches []string
	for _, d := range diagnostics(stderr.String(), "wasm-ld: warning: ") {
		if strings.Contains(d.msg, "function signature mismatch") {
			mismatches = append(mismatches, "wasm-ld: warning: "+d.msg)
			for _, more := range d.details {
				mismatches = append(mismatches, ">>> "+more)
			}
		}
	}
	if len(mismatches) > 0 {
		return fmt.Errorf("wasm-ld made calls of functions under another type trap (see linker/sigadapt):\n%s", strings.Join(mismatches, "\n"))
	}
	return nil
}

// Builtins returns the path of compiler-rt's builtins library for wasm64
// that clang links C programs with (clang -print-libgcc-file-name).
func Builtins(ctx context.Context, clangPath, sysroot string) (string, error) {
	args := append(clang.TargetFlags(sysroot), "-rtlib=compiler-rt", "-print-libgcc-file-name")
	out, err := tools.Output(ctx, clangPath, args...)
	if err != nil {
		return "", fmt.Errorf("finding compiler-rt's builtins: %w", err)
	}
	path := trimNewline(out)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("compiler-rt's builtins for wasm64: %w (Debian's libclang-rt-14-dev-wasm64 package provides them)", err)
	}
	return path, nil
}

func trimNewline(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// MergeObjects merges the wasm64 objects in into the relocatable object
// out (wasm-ld -r), as ld -r merges native objects. out is replaced only
// once it is complete. The objects are fixed as Link fixes a program's
// (linker/fnptr, linker/sigadapt) first: ghc merges a module with its C
// stubs, which the module calls under other types than C defines them
// (CApiFFI wrappers taking a CInt), and a merged object would hide the
// mismatch from the final link behind a stub that traps.
func MergeObjects(ctx context.Context, wasmLD string, in []string, out string) error {
	dir, err := os.MkdirTemp("", "ahc-merge-")
	if err != nil {
		return fmt.Errorf("merging objects into %s: %w", out, err)
	}
	defer os.RemoveAll(dir)
	objects, archives, _, err := fixInputs(wasmobj.Inputs{Objects: in}, dir)
	if err != nil {
		return fmt.Errorf("merging objects into %s: %w", out, err)
	}
	tmp := out + ".tmp"
	args := append(append([]string{"-m", "wasm64", "-r", "-o", tmp}, objects...), archives...)
	if err := runWasmLD(ctx, wasmLD, args, ""); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("merging objects into %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("merging objects into %s: %w", out, err)
	}
	return nil
}
