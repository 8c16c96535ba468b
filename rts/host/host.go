// Package host runs ahc's WebAssembly modules on wazero.
//
// A lowered ahc module has a 32-bit memory exported as "memory", the entry
// point "_start", and imports from "wasi_snapshot_preview1" whose pointers
// and sizes are widened to i64 (the wasi64 ABI of rts/wasi64.md). wazero's
// own WASI has the 32-bit signatures, so this package implements the imports
// itself.
package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
)

// Config describes the environment a module runs in.
type Config struct {
	Args   []string  // argv, including argv[0]
	Env    []string  // "KEY=VALUE" entries
	Stdin  io.Reader // nil reads as empty
	Stdout io.Writer // nil discards
	Stderr io.Writer // nil discards
	// Dir is the host directory pre-opened as "." (fd 3); "" means the
	// current directory. The guest cannot reach files outside it.
	Dir string
	// HostFS pre-opens the host's root directory as "/" instead, so that
	// the guest sees the whole filesystem as a native program does, and
	// sets PWD to Dir (or the host's current directory), which the RTS
	// changes to at start-up: wasi-libc's own current directory is "/".
	HostFS bool
	// TailCalls enables the WebAssembly tail-call proposal
	// (return_call, return_call_indirect).
	TailCalls bool
	// CompilationCache is a directory where wazero keeps the machine code
	// it compiles modules to, keyed by the module and wazero's version;
	// "" compiles every run. Compiling takes most of a short program's
	// run (half a second for a 1 MB module).
	CompilationCache string
}

// Run compiles module, instantiates it with the wasi64 imports and runs its
// _start function. exitCode is 0 when _start returns and the code passed to
// proc_exit otherwise. err reports failures of the host itself: an invalid
// module, a missing export or a trap, whose message includes wazero's.
//
// ctx is passed to wazero and interrupts sleeps in poll_oneoff; it does not
// stop running guest code, since that check slows the compiled code down.
func Run(ctx context.Context, module []byte, cfg Config) (exitCode int, err error) {
	features := api.CoreFeaturesV2
	if cfg.TailCalls {
		features |= experimental.CoreFeaturesTailCall
	}
	rc := wazero.NewRuntimeConfigCompiler().WithCoreFeatures(features)
	if cfg.CompilationCache != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cfg.CompilationCache)
		if err != nil {
			return 0, fmt.Errorf("compilation cache: %w", err)
		}
		defer cache.Close(ctx)
		rc = rc.WithCompilationCache(cache)
	}
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	defer r.Close(ctx)

	fds, err := newFdTable(cfg.Stdin, cfg.Stdout, cfg.Stderr, cfg.Dir, cfg.HostFS)
	if err != nil {
		return 0, err
	}
	env := cfg.Env
	if cfg.HostFS {
		if env, err = withPWD(env, cfg.Dir); err != nil {
			return 0, err
		}
	}
	s := &system{args: cfg.Args, env: env, fds: fds, start: time.Now()}
	defer s.fds.closeAll()

	if err := instantiateImports(ctx, r, s); err != nil {
		return 0, err
	}
	compiled, err := r.CompileModule(ctx, module)
	if err != nil {
		return 0, fmt.Errorf("compiling module: %w", err)
	}
	// _start is called below rather than as a start function, so that a
	// missing export and a trap in it are told apart.
	mod, err := r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithStartFunctions())
	if err != nil {
		return exitStatus(fmt.Errorf("instantiating module: %w", err))
	}
	if mod.ExportedMemory("memory") == nil {
		return 0, errors.New(`module does not export "memory"`)
	}
	start := mod.ExportedFunction("_start")
	if start == nil {
		return 0, errors.New(`module does not export "_start"`)
	}
	// The CPU-time clocks read the CPU time of the thread running the
	// module, which must stay the same thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	s.startCPUClock()
	if _, err := start.Call(ctx); err != nil {
		return exitStatus(fmt.Errorf("running _start: %w", err))
	}
	return 0, nil
}

// exitStatus turns the error that proc_exit raises into an exit code and
// passes other errors on.
func exitStatus(err error) (int, error) {
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		return int(exit.ExitCode()), nil
	}
	return 0, err
}

// withPWD returns env with PWD naming dir, absolute ("" is the host's
// current directory), as a shell keeps it: an inherited PWD is stale when
// the parent changed directory without a shell.
func withPWD(env []string, dir string) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	wd, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("current directory: %w", err)
	}
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, "PWD=") {
			out = append(out, kv)
		}
	}
	return append(out, "PWD="+wd), nil
}

// CompilationCacheDir is where ahc's commands keep wazero's compiled code,
// below ahc's cache directory.
func CompilationCacheDir(cacheDir string) string { return filepath.Join(cacheDir, "wazero") }
