// Package ghc is ahc's drop-in ghc: it runs the real ghc with the caller's
// arguments, asks it for the Cmm of every module it compiles, and hands
// each (module, object, Cmm dump) to a Processor once ghc has succeeded.
//
// Modes that compile nothing (--info, --version, -M, -E, --interactive,
// ...) and compilations without object code (-fno-code) go to ghc
// untouched. For --make (ghc's default) and -c, ahc appends
//
//	-ddump-cmm-raw          when there are Haskell inputs
//	-ddump-cmm              when there are .cmm inputs (ghc dumps no raw Cmm for them)
//	-ddump-to-file -dumpdir PRIVATE
//	-fbinary-blob-threshold=0  so that every string literal is in the dump
//	-fno-cmm-sink           so that the dump can be read back exactly (see below)
//	-fno-force-recomp       in -c mode, unless the user forced recompilation:
//	                        ghc turns -fforce-recomp on for any -ddump flag in -c mode
//
// and keeps the user's own directories free of dump files. See dumps.go for
// how dumps are found and mapped to modules.
//
// GHC prints the bitwise MachOps (& | ^ and prefix ~ -) without
// parentheses, so `a & b ^ c` is And(a, Xor(b, c)) as well as
// Xor(And(a, b), c): the dump loses which. GHC's code generator for
// x86-64 builds no such nesting; the Cmm sinking pass (on from -O1) does,
// inlining one assignment into an operand of another. Without sinking the
// dump is exact (toolchain/cmm rejects such Raw Cmm); binaryen's optimiser
// inlines locals instead.
package ghc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Kind is what a compiled unit of Cmm comes from.
type Kind uint8

const (
	// Haskell is a Haskell module; its dump is ghc's -ddump-cmm-raw.
	Haskell Kind = iota + 1
	// Cmm is a .cmm source; its dump is ghc's -ddump-cmm (ghc writes no raw
	// Cmm for .cmm sources).
	Cmm
)

func (k Kind) String() string {
	switch k {
	case Haskell:
		return "Haskell"
	case Cmm:
		return "Cmm"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Module is one object ghc wrote in this run, with the Cmm it was
// generated from. All paths are absolute.
type Module struct {
	Name   string // the module name ("Data.Map.Internal", "Main"); "" for a .cmm source
	Unit   string // the unit the module belongs to: -this-unit-id, or "main"
	Source string // the source file; "" if ahc could not find it
	Object string // the native object ghc wrote
	Dump   string // the Cmm of that object; it exists until Run returns
	Kind   Kind
	// Dynamic marks the .dyn_o of -dynamic-too: its Cmm is that of ghc's
	// second, dynamic-way code generation, which differs from the static
	// one (SRTs, uniques).
	Dynamic bool
}

func (m Module) String() string {
	if m.Kind == Cmm {
		return m.Source
	}
	return m.Name
}

// Processor does ahc's work on one compiled module. Process is called
// concurrently for different modules, after ghc has exited successfully.
// When it fails, it must leave no partial output behind.
type Processor interface {
	Process(ctx context.Context, m Module) error
}

// ProcessorFunc makes a function a Processor.
type ProcessorFunc func(ctx context.Context, m Module) error

// Process calls f.
func (f ProcessorFunc) Process(ctx context.Context, m Module) error { return f(ctx, m) }

// Config says how to run ghc.
type Config struct {
	// GHC is the real ghc: a path, or a command looked up in PATH.
	GHC string
	// Dir is ghc's working directory; "" means the current directory.
	Dir string
	// Env is ghc's environment; nil means the current one.
	Env []string
	// Stdin, Stdout and Stderr are ghc's streams; nil means none. ahc
	// writes its own messages to Stderr too.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Processor gets every compiled module; nil processes nothing.
	Processor Processor
	// Jobs bounds concurrent Process calls; 0 means GOMAXPROCS.
	Jobs int
	// KeepDumps keeps the private dump directory (and says where).
	KeepDumps bool
	// TempDir is where the private dump directory is made; "" means
	// os.TempDir().
	TempDir string
	// ExtraFlags are added to ghc's arguments when it compiles.
	ExtraFlags []string
}

// EnvWrapperPID is set in ghc's environment to the process id of the ahc
// that runs it, so that an ahc that finds itself started by an ahc as its
// ghc (ahc installed under the name ghc, or a wrapper script that execs
// it) refuses instead of recursing.
const EnvWrapperPID = "AHC_GHC_WRAPPER_PID"

// ModuleError is a compiled module ahc failed on.
type ModuleError struct {
	Module Module
	Err    error
}

// Error names the dump, unless err already starts with it (a parse error
// says "dump:line:col: ...").
func (e *ModuleError) Error() string {
	msg := e.Err.Error()
	if e.Module.Dump != "" && !strings.HasPrefix(msg, e.Module.Dump+":") {
		msg = e.Module.Dump + ": " + msg
	}
	return msg
}

func (e *ModuleError) Unwrap() error { return e.Err }

// ModuleErrors is the failure of a run in which ghc succeeded but ahc
// failed on some modules. The objects of those modules are removed, so
// that the next build compiles them again instead of finding them up to
// date.
type ModuleErrors []*ModuleError

func (es ModuleErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Run runs ghc with args and returns the exit code to exit with: ghc's if
// ghc failed (nothing is processed then). A non-nil error is ahc's own
// failure, e.g. ModuleErrors; the code is then 1.
func Run(ctx context.Context, args []string, cfg Config) (int, error) {
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	if err := checkRecursion(env, cfg.GHC); err != nil {
		return 1, err
	}
	cwd := cfg.Dir
	if cwd == "" {
		var err error
		if cwd, err = os.Getwd(); err != nil {
			return 1, err
		}
	}
	cwd, err := filepath.Abs(cwd)
	if err != nil {
		return 1, err
	}
	r := &runner{cfg: cfg, env: env, cwd: cwd, args: ParseArgs(args)}
	if !r.args.Compiles() {
		return r.ghc(ctx, args)
	}
	if r.args.DumpFilePrefix {
		return 2, errors.New("-ddump-file-prefix is not supported: it makes ghc write the dumps of all modules to one file")
	}
	if r.args.Mode == ModeMake && !r.args.NoLink {
		// ghc --make links as soon as it has compiled, before ahc has
		// written the wasm twins the linker (ahc-ld) needs: compile
		// first, then run ghc again to link what is now up to date.
		// The second run must not compile again: -fforce-recomp was for
		// the first.
		if code, err := r.compile(ctx, args, "-no-link"); code != 0 || err != nil {
			return code, err
		}
		return r.compile(ctx, args, "-fno-force-recomp")
	}
	return r.compile(ctx, args)
}

type runner struct {
	cfg  Config
	env  []string
	cwd  string
	args *Args
}

// checkRecursion refuses to run when this process was started by an ahc
// as its ghc (directly, or replacing a wrapper script by exec), or when the
// configured ghc is this very executable.
func checkRecursion(env []string, ghc string) error {
	msg := "the ghc that ahc runs (%q) is ahc itself; set AHC_GHC or [tools] ghc in ahc's configuration to the real ghc"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, EnvWrapperPID+"="); ok {
			if pid, err := strconv.Atoi(v); err == nil && (pid == os.Getppid() || pid == os.Getpid()) {
				return fmt.Errorf(msg, ghc)
			}
		}
	}
	path, err := exec.LookPath(ghc)
	if err != nil {
		return nil // running it will report that
	}
	self, err := os.Executable()
	if err != nil {
		return nil
	}
	a, errA := os.Stat(path)
	b, errB := os.Stat(self)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return fmt.Errorf(msg, ghc)
	}
	return nil
}

// ghc runs the real ghc and returns its exit code.
func (r *runner) ghc(ctx context.Context, args []string) (int, error) {
	cmd := exec.CommandContext(ctx, r.cfg.GHC, args...)
	cmd.Dir = r.cwd
	cmd.Env = append(slices.Clip(r.env), EnvWrapperPID+"="+strconv.Itoa(os.Getpid()))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r.cfg.Stdin, r.cfg.Stdout, r.cfg.Stderr
	// On cancellation give ghc the chance to clean up its temporary files.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal()), nil // as a shell reports it
		}
		return exit.ExitCode(), nil
	default:
		return 1, fmt.Errorf("running %s: %w", r.cfg.GHC, err)
	}
}

// compile runs a compilation with ahc's dump flags (and flags) and
// processes what ghc compiled.
func (r *runner) compile(ctx context.Context, args []string, flags ...string) (code int, err error) {
	a := r.args
	w, err := newWorkDir(r.cfg.TempDir, r.cwd, maxClimb(a))
	if err != nil {
		return 1, err
	}
	defer func() {
		if r.cfg.KeepDumps {
			fmt.Fprintf(r.stderr(), "ahc: kept the Cmm dumps in %s\n", w.root)
			return
		}
		if rmErr := os.RemoveAll(w.root); rmErr != nil && err == nil {
			code, err = 1, fmt.Errorf("removing the dump directory: %w", rmErr)
		}
	}()

	// ours maps each dump suffix ahc asks for to whether the user asked too.
	ours := map[string]bool{}
	extra := []string{}
	if a.HasKind(InputHaskell) {
		ours[rawSuffix] = a.UserDumps["ddump-cmm-raw"]
		extra = append(extra, "-ddump-cmm-raw")
	}
	if a.HasKind(InputCmm) {
		ours[cmmSuffix] = a.UserDumps["ddump-cmm"]
		extra = append(extra, "-ddump-cmm")
	}
	// Without a blob threshold ghc may emit a large string literal as an
	// incbin of a temporary file, which the dump cannot show.
	extra = append(extra, "-ddump-to-file", "-dumpdir", w.dumpDir, "-fbinary-blob-threshold=0", "-fno-cmm-sink")
	extra = append(extra, r.cfg.ExtraFlags...)
	extra = append(extra, flags...)
	if a.Mode == ModeOneShot && !a.ForceRecomp {
		extra = append(extra, "-fno-force-recomp")
	}
	suffixes := make([]string, 0, len(ours))
	for suf := range ours {
		suffixes = append(suffixes, suf)
	}
	slices.Sort(suffixes)

	snap := takeSnapshot(a, suffixes)
	code, err = r.ghc(ctx, ghcArgs(args, a, extra))
	if err != nil {
		return code, err
	}

	// Whatever ghc did, no dump of ours may stay next to the sources, and
	// the user's own dumps go where ghc would have put them.
	escaped, moveErr := w.moveEscaped(snap.changed(), ours)
	restoreErr := w.restoreUserDumps(r.cwd, a.DumpDir, ours)
	if err := errors.Join(moveErr, restoreErr); err != nil {
		return 1, err
	}
	dumps, err := w.collectTree(suffixes)
	if err != nil {
		return 1, fmt.Errorf("reading the dump directory: %w", err)
	}
	// The tree no longer holds user dumps; ahc's are still there.
	dumps = append(dumps, escaped...)
	units, errs := r.resolve(w, dumps)
	if code != 0 {
		// ghc failed after compiling some modules (--make, -j): their
		// objects have no twins, and the next build would find them up
		// to date. Without them, it compiles those modules again.
		return code, removeObjects(units)
	}
	errs = append(errs, r.process(ctx, units)...)
	if len(errs) > 0 {
		return 1, errs
	}
	return 0, nil
}

func (r *runner) stderr() io.Writer {
	if r.cfg.Stderr == nil {
		return io.Discard
	}
	return r.cfg.Stderr
}

// ghcArgs appends ahc's flags to the user's arguments, last so that they
// win over the user's -dumpdir or -outputdir, after closing an open +RTS
// section so that ghc, not its RTS, reads them.
func ghcArgs(args []string, a *Args, extra []string) []string {
	out := slices.Clone(args)
	if a.rtsOpen {
		out = append(out, "-RTS")
	}
	return append(out, extra...)
}

// unit is what one dump file turned into: one module, or two for
// -dynamic-too. A failure on either removes both objects.
type unit struct {
	modules []Module
}

// resolve maps each dump to the module(s) it belongs to.
func (r *runner) resolve(w *workDir, dumps []dumpFile) ([]unit, ModuleErrors) {
	var units []unit
	var errs ModuleErrors
	rawBases := map[string]bool{}
	for _, d := range dumps {
		if d.suffix == rawSuffix {
			rawBases[absIn(r.cwd, d.srcBase)] = true
		}
	}
	for _, d := range dumps {
		var u unit
		var err error
		switch d.suffix {
		case rawSuffix:
			u, err = r.resolveHaskell(w, d)
		case cmmSuffix:
			var ok bool
			u, ok, err = r.resolveCmm(d, rawBases)
			if !ok {
				continue // the -ddump-cmm of a Haskell module in a mixed run
			}
		}
		if err != nil {
			errs = append(errs, &ModuleError{Module: Module{Dump: d.path}, Err: err})
			continue
		}
		units = append(units, u)
	}
	return units, errs
}

func (r *runner) resolveHaskell(w *workDir, d dumpFile) (unit, error) {
	a := r.args
	m := Module{Unit: a.UnitID, Dump: d.path, Kind: Haskell}
	src := r.haskellSource(d.srcBase)
	if src != "" {
		m.Source = absIn(r.cwd, src)
	}
	names, err := dumpModuleNames(d.path)
	if err != nil {
		return unit{}, err
	}
	switch {
	case len(names) > 1:
		return unit{}, fmt.Errorf("the dump holds the Cmm of several modules (%s): their sources share the name %s.*; rename one",
			strings.Join(names, ", "), d.srcBase)
	case len(names) == 1:
		m.Name = names[0]
	case src != "":
		if m.Name, err = headerModuleName(m.Source); err != nil {
			return unit{}, fmt.Errorf("reading the module name: %w", err)
		}
	default:
		return unit{}, fmt.Errorf("cannot tell which module the dump is of: no source %s.hs", d.srcBase)
	}

	modPath := filepath.FromSlash(strings.ReplaceAll(m.Name, ".", "/"))
	obj, dyn := mkObjPath(a, d.srcBase, modPath, a.ObjectSuf), mkObjPath(a, d.srcBase, modPath, a.DynObjectSuf)
	if a.Mode == ModeOneShot {
		if a.Output != "" {
			obj = a.Output
			dyn = dropExtension(a.Output) + "." + a.DynObjectSuf
		}
		if a.DynOutput != "" {
			dyn = a.DynOutput
		}
	}
	m.Object = absIn(r.cwd, obj)
	objInfo, err := os.Stat(m.Object)
	if err != nil {
		return unit{}, fmt.Errorf("module %s: ghc wrote no object where ahc expects it: %w", m.Name, err)
	}

	// A .dyn_o written after the .o comes from this run's dynamic pass
	// (-dynamic-too, or ghc's own for Template Haskell); an older one is
	// from an earlier build.
	dynObj := absIn(r.cwd, dyn)
	dynInfo, err := os.Stat(dynObj)
	if err != nil || dynInfo.ModTime().Before(objInfo.ModTime()) || dynObj == m.Object {
		return unit{modules: []Module{m}}, nil
	}
	data, err := os.ReadFile(d.path)
	if err != nil {
		return unit{}, err
	}
	static, dynamic, err := splitDynamicToo(data, m.Name)
	if err != nil {
		return unit{}, err
	}
	dir, err := w.subdir("split")
	if err != nil {
		return unit{}, err
	}
	sm, dm := m, m
	sm.Dump = filepath.Join(dir, filepath.Base(m.Object)+rawSuffix)
	dm.Dump = filepath.Join(dir, "dyn-"+filepath.Base(dynObj)+rawSuffix)
	dm.Object, dm.Dynamic = dynObj, true
	if err := errors.Join(os.WriteFile(sm.Dump, static, 0o666), os.WriteFile(dm.Dump, dynamic, 0o666)); err != nil {
		return unit{}, err
	}
	return unit{modules: []Module{sm, dm}}, nil
}

// resolveCmm maps a -ddump-cmm dump to its .cmm input. ok is false for a
// dump that is no .cmm input's: in a run with Haskell and .cmm inputs,
// ghc dumps the Cmm of the Haskell modules too.
func (r *runner) resolveCmm(d dumpFile, rawBases map[string]bool) (u unit, ok bool, err error) {
	a := r.args
	base := absIn(r.cwd, d.srcBase)
	var src string
	for _, in := range a.Inputs {
		if in.Kind == InputCmm && absIn(r.cwd, dropExtension(in.Path)) == base {
			src = in.Path
		}
	}
	if src == "" {
		return unit{}, false, nil
	}
	m := Module{Unit: a.UnitID, Source: absIn(r.cwd, src), Dump: d.path, Kind: Cmm}
	if rawBases[base] {
		return unit{}, true, fmt.Errorf("%s shares its dump with a Haskell module of the same name; rename one", src)
	}
	// GHC.Driver.Pipeline.getOutputFilename: -o when not linking, else
	// the source's path without extension, below -odir.
	obj := d.srcBase + "." + a.ObjectSuf
	switch {
	case a.NoLink && a.Output != "":
		obj = a.Output
	case a.ObjectDir != "":
		obj = hsCombine(a.ObjectDir, obj)
	}
	m.Object = absIn(r.cwd, obj)
	if _, err := os.Stat(m.Object); err != nil {
		return unit{}, true, fmt.Errorf("%s: ghc wrote no object where ahc expects it: %w", src, err)
	}
	return unit{modules: []Module{m}}, true, nil
}

// haskellSource finds the source a dump was named after: an input with
// that base name, else the first existing file the finder would try.
func (r *runner) haskellSource(srcBase string) string {
	base := absIn(r.cwd, srcBase)
	for _, in := range r.args.Inputs {
		if in.Kind == InputHaskell && absIn(r.cwd, dropExtension(in.Path)) == base && fileExists(absIn(r.cwd, in.Path)) {
			return in.Path
		}
	}
	for _, ext := range []string{".hs", ".lhs", ".hsig", ".lhsig", ".hspp", ".hscpp"} {
		if fileExists(base + ext) {
			return srcBase + ext
		}
	}
	return ""
}

// mkObjPath is GHC.Driver.Finder.mkObjPath: below -odir by module path,
// else next to the source.
func mkObjPath(a *Args, srcBase, modPath, suffix string) string {
	if a.ObjectDir != "" {
		return hsCombine(a.ObjectDir, modPath) + "." + suffix
	}
	return srcBase + "." + suffix
}

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// process runs the processor over all modules, Jobs at a time. A unit
// that fails loses its objects.
func (r *runner) process(ctx context.Context, units []unit) ModuleErrors {
	if r.cfg.Processor == nil {
		return nil
	}
	jobs := r.cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	var (
		mu   sync.Mutex
		errs ModuleErrors
		wg   sync.WaitGroup
		sem  = make(chan struct{}, jobs)
	)
	for _, u := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var failed ModuleErrors
			for _, m := range u.modules {
				sem <- struct{}{}
				err := ctx.Err() // once cancelled, the rest fail unprocessed
				if err == nil {
					err = r.cfg.Processor.Process(ctx, m)
				}
				<-sem
				if err != nil {
					failed = append(failed, &ModuleError{Module: m, Err: err})
				}
			}
			if len(failed) == 0 {
				return
			}
			for _, m := range u.modules {
				if err := os.Remove(m.Object); err != nil && !errors.Is(err, os.ErrNotExist) {
					failed = append(failed, &ModuleError{Module: m, Err: fmt.Errorf("removing the object: %w", err)})
				}
			}
			mu.Lock()
			errs = append(errs, failed...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.SortFunc(errs, func(a, b *ModuleError) int { return strings.Compare(a.Module.Dump, b.Module.Dump) })
	return errs
}

// removeObjects removes the objects of units, when they exist.
func removeObjects(units []unit) error {
	var errs []error
	for _, u := range units {
		for _, m := range u.modules {
			if err := os.Remove(m.Object); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("removing the object of %s: %w", m.Name, err))
			}
		}
	}
	return errors.Join(errs...)
}
