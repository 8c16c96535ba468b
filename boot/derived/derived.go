// Package derived builds DerivedConstants.h for ahc's target: GHC's own
// utils/deriveConstants, built from the ghc source package with the host
// ghc, run with clang for wasm64 over wasi-libc's headers (ahc's sysroot)
// and the RTS headers. ahc compiles the Cmm that the installed x86_64 ghc
// emits, whose struct offsets come from the installed DerivedConstants.h;
// the C that runs beside that Cmm is compiled for wasm64, so the two
// headers must be identical (Compare, and the test of this package).
package derived

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/ahc-hs/ahc/boot/cache"
	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

const (
	stage = "derived"
	// Header is the name of the stage's result within its directory.
	Header = "DerivedConstants.h"
	// recipe changes whenever the way this package builds changes, so that
	// old results are not reused. (The C flags are part of the key too.)
	recipe = "deriveConstants --gen-header; ghc -hide-all-packages Build-Depends; generated headers of the installed ghc; musl pthread.h; nm: wasmobj data symbol sizes; v1"
	// dirs within the source package
	toolDir = "utils/deriveConstants"
)

// generated are the headers that GHC's build writes (configure and the
// build system) rather than keeps in includes/. ahc takes the installed
// ghc's: they describe the x86_64 build whose Cmm ahc compiles (x86_64
// register mapping, HAVE_PTHREAD_H, tables next to code...).
// DerivedConstants.h, the fourth, is what the stage makes.
var generated = []string{"ghcautoconf.h", "ghcplatform.h", "ghcversion.h"}

// Options controls a build.
type Options struct {
	Config     config.Config
	Progress   io.Writer // where progress lines go
	KeepFailed bool      // keep the scratch directory of a failed build
	// Nm is the command line that runs Nm, without nm's own arguments:
	// ahc-boot passes itself and NmCommand.
	Nm []string
}

// Current is the directory of the latest successful Build's result.
func Current(cacheDir string) string {
	return filepath.Join(cacheDir, stage, "current")
}

// Find returns the current wasm64 DerivedConstants.h, or an error telling
// how to make one.
func Find(cacheDir string) (string, error) {
	path := filepath.Join(Current(cacheDir), Header)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("no wasm64 %s at %s: run `make setup` (or `ahc-boot derived`)", Header, path)
	}
	return path, nil
}

// Sources are what compiling against GHC's RTS headers for wasm64 reads:
// the source packages, the sysroot, and the installed ghc whose generated
// headers go with the source package's.
type Sources struct {
	GHC, Libc  debsrc.Source // the ghc and wasi-libc source packages
	Sysroot    string        // the sysroot's keyed directory
	GHCVersion string        // ghc --numeric-version
	IncludeDir string        // the installed ghc's include directory
}

// FindSources finds them, checking that the installed ghc is the source
// package's version: the RTS headers come from the source package and the
// generated ones from the installed ghc.
func FindSources(ctx context.Context, cacheDir, ghc string) (Sources, error) {
	var src Sources
	var err error
	if src.GHC, err = debsrc.Find(cacheDir, "ghc"); err != nil {
		return src, err
	}
	// musl's pthread.h: see cflags.
	if src.Libc, err = debsrc.Find(cacheDir, "wasi-libc"); err != nil {
		return src, err
	}
	current, err := sysroot.Find(cacheDir)
	if err != nil {
		return src, err
	}
	if src.Sysroot, err = filepath.EvalSymlinks(current); err != nil {
		return src, fmt.Errorf("sysroot: %w", err)
	}
	v, err := tools.Output(ctx, ghc, "--numeric-version")
	if err != nil {
		return src, err
	}
	src.GHCVersion = strings.TrimSpace(v)
	if up := src.GHC.Upstream(); up != src.GHCVersion {
		return src, fmt.Errorf("the installed ghc is %s but the ghc source package is %s: their RTS headers would not match (run `make setup`)",
			src.GHCVersion, src.GHC.Version)
	}
	src.IncludeDir, err = IncludeDir(ctx, ghc)
	return src, err
}

// IncludeDir returns the include directory of the installed ghc, which
// holds the x86_64 DerivedConstants.h the stage must reproduce.
func IncludeDir(ctx context.Context, ghc string) (string, error) {
	libdir, err := tools.Output(ctx, ghc, "--print-libdir")
	if err != nil {
		return "", err
	}
	return filepath.Join(strings.TrimSpace(libdir), "include"), nil
}

// inputs are everything a build reads, gathered before the cache lookup.
type inputs struct {
	ghc, clang   string
	ghcVersion   string
	ghcSrc       debsrc.Source
	libcSrc      debsrc.Source
	sysroot      string // the keyed directory, not the current link
	includeDir   string // the installed ghc's
	generated    map[string][]byte
	pthread      []byte
	deps         []string // packages deriveConstants.cabal depends on
	targetOS     string
	clangVersion string
}

func gather(ctx context.Context, cfg config.Config) (*inputs, error) {
	in := &inputs{generated: map[string][]byte{}}
	var err error
	if in.ghc, err = tools.Lookup(cfg.Tools.GHC, "ghc"); err != nil {
		return nil, err
	}
	if in.clang, err = tools.Lookup(cfg.Tools.Clang, "clang"); err != nil {
		return nil, err
	}
	src, err := FindSources(ctx, cfg.CacheDir, in.ghc)
	if err != nil {
		return nil, err
	}
	in.ghcSrc, in.libcSrc, in.sysroot = src.GHC, src.Libc, src.Sysroot
	in.ghcVersion, in.includeDir = src.GHCVersion, src.IncludeDir
	for _, name := range generated {
		data, err := os.ReadFile(filepath.Join(in.includeDir, name))
		if err != nil {
			return nil, fmt.Errorf("the installed ghc's headers: %w", err)
		}
		in.generated[name] = data
	}
	if in.targetOS, err = hostOS(in.generated["ghcplatform.h"]); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(in.includeDir, "ghcplatform.h"), err)
	}
	if in.pthread, err = os.ReadFile(filepath.Join(in.libcSrc.Dir, "libc-top-half", "musl", "include", "pthread.h")); err != nil {
		return nil, fmt.Errorf("wasi-libc source package: %w", err)
	}
	cabal, err := os.ReadFile(filepath.Join(in.ghcSrc.Dir, toolDir, "deriveConstants.cabal"))
	if err != nil {
		return nil, fmt.Errorf("ghc source package: %w", err)
	}
	if in.deps, err = buildDepends(cabal); err != nil {
		return nil, fmt.Errorf("%s/deriveConstants.cabal: %w", toolDir, err)
	}
	cv, err := tools.Output(ctx, in.clang, "--version")
	if err != nil {
		return nil, err
	}
	in.clangVersion, _, _ = strings.Cut(cv, "\n")
	return in, nil
}

func (in *inputs) key() (*cache.Key, error) {
	key := cache.NewKey(stage)
	key.AddString("recipe", recipe)
	key.AddString("cflags", strings.Join(cflags("SYSROOT", "GHC", "GENERATED", "COMPAT"), " "))
	key.Add("ghc.dsc", in.ghcSrc.Dsc)
	key.AddString("ghc --numeric-version", in.ghcVersion)
	for _, name := range generated {
		key.Add("installed "+name, in.generated[name])
	}
	key.Add("wasi-libc pthread.h", in.pthread)
	key.AddString("sysroot", filepath.Base(in.sysroot))
	manifest, err := os.ReadFile(filepath.Join(in.sysroot, "ahc-sysroot.txt"))
	if err != nil {
		return nil, fmt.Errorf("sysroot: %w", err)
	}
	key.Add("sysroot manifest", manifest)
	key.AddString("clang --version", strings.TrimSpace(in.clangVersion))
	return key, nil
}

// cflags are the C compiler flags deriveConstants passes on, after those
// of GHC's build (includes/ghc.mk: the RTS and include directories of the
// tree, with the generated headers; no -DNOSMP, as x86_64 has SMP).
func cflags(sysroot, ghcSrc, generatedDir, compatDir string) []string {
	return append(clang.TargetFlags(sysroot),
		"-I"+filepath.Join(ghcSrc, "rts"),
		"-I"+filepath.Join(ghcSrc, "includes"),
		"-I"+generatedDir,
		// deriveConstants defines THREADED_RTS, as it must (the x86_64
		// header was made so), and HAVE_PTHREAD_H makes the RTS headers
		// include <pthread.h> for Mutex and Condition, whose sizes are in
		// the layout (OFFSET_Capability_sparks, SIZEOF_generation). wasi-libc
		// omits pthread.h when single-threaded, but its bits/alltypes.h
		// still has musl's LP64 pthread types, which have glibc x86_64's
		// sizes; musl's own pthread.h from the same source declares them.
		"-idirafter", compatDir,
		// GHC passes -fcommon so that nm shows sizes as common symbols;
		// wasm has no common symbols, and ahc's nm reads the sizes of the
		// defined ones.
		"-fno-common")
}

// Build makes sure DerivedConstants.h for the current inputs exists and is
// current, building it if needed, and returns its path.
func Build(ctx context.Context, opts Options) (string, error) {
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	if len(opts.Nm) == 0 {
		return "", fmt.Errorf("derived: no nm program given")
	}
	in, err := gather(ctx, opts.Config)
	if err != nil {
		return "", err
	}
	key, err := in.key()
	if err != nil {
		return "", err
	}
	cacheDir := opts.Config.CacheDir
	entry := cache.Lookup(cacheDir, stage, key)
	if entry.Exists() {
		fmt.Fprintf(progress, "derived: up to date (%s)\n", entry.Dir)
	} else {
		b := builder{inputs: in, nm: opts.Nm, progress: progress, manifest: key.Manifest(),
			scratchRoot: filepath.Join(cacheDir, "tmp"), keepFailed: opts.KeepFailed}
		start := time.Now()
		if err := entry.Build(func(dir string) error { return b.build(ctx, dir) }, false); err != nil {
			return "", fmt.Errorf("deriving the wasm64 constants: %w", err)
		}
		fmt.Fprintf(progress, "derived: built in %.1fs (%s)\n", time.Since(start).Seconds(), entry.Dir)
	}
	if err := entry.Point(Current(cacheDir)); err != nil {
		return "", err
	}
	if err := cache.Prune(cacheDir, stage, entry); err != nil {
		return "", err
	}
	return filepath.Join(entry.Dir, Header), nil
}

type builder struct {
	*inputs
	nm                    []string
	extraFlags            []string // for tests: flags after cflags
	progress              io.Writer
	scratchRoot, manifest string
	keepFailed            bool
}

func (b *builder) build(ctx context.Context, out string) error {
	logf := func(format string, args ...any) { fmt.Fprintf(b.progress, "derived: "+format+"\n", args...) }
	return cache.WithScratch(b.scratchRoot, "derived-", b.keepFailed, logf, func(scratch string) error {
		return b.buildIn(ctx, scratch, out)
	})
}

func (b *builder) buildIn(ctx context.Context, scratch, out string) error {
	fmt.Fprintf(b.progress, "derived: [1/3] building %s of ghc %s with ghc %s\n", toolDir, b.ghcSrc.Version, b.ghcVersion)
	tool, err := b.buildTool(ctx, scratch)
	if err != nil {
		return fmt.Errorf("step 1/3, building %s: %w", toolDir, err)
	}

	fmt.Fprintf(b.progress, "derived: [2/3] RTS headers of ghc %s, %s of the installed ghc, pthread.h of wasi-libc %s\n",
		b.ghcSrc.Version, strings.Join(generated, " "), b.libcSrc.Version)
	genDir, compatDir, nm, err := b.prepare(scratch)
	if err != nil {
		return fmt.Errorf("step 2/3, preparing the headers: %w", err)
	}

	fmt.Fprintf(b.progress, "derived: [3/3] running deriveConstants with clang for %s\n", clang.Triple)
	header := filepath.Join(out, Header)
	if err := b.derive(ctx, scratch, tool, header, genDir, compatDir, nm); err != nil {
		return fmt.Errorf("step 3/3, running deriveConstants for %s: %w", clang.Triple, err)
	}
	return os.WriteFile(filepath.Join(out, "ahc-derived.txt"), []byte(b.manifest), 0o644)
}

// buildTool compiles deriveConstants from a scratch copy of its source (the
// source package stays read-only) and returns the executable.
func (b *builder) buildTool(ctx context.Context, scratch string) (string, error) {
	dir := filepath.Join(scratch, "deriveConstants")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	src, err := os.ReadFile(filepath.Join(b.ghcSrc.Dir, toolDir, "Main.hs"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "Main.hs"), src, 0o644); err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "deriveConstants")
	// Only the packages of its .cabal file, and no package environment
	// file of the user's.
	args := []string{"-package-env", "-", "-hide-all-packages"}
	for _, p := range b.deps {
		args = append(args, "-package", p)
	}
	args = append(args, "-outputdir", filepath.Join(dir, "obj"), "-o", exe, "Main.hs")
	if err := run(ctx, dir, filepath.Join(scratch, "ghc.log"), b.ghc, args...); err != nil {
		return "", err
	}
	return exe, nil
}

// prepare writes the include directories and the nm wrapper.
func (b *builder) prepare(scratch string) (genDir, compatDir, nm string, err error) {
	genDir = filepath.Join(scratch, "include-generated")
	compatDir = filepath.Join(scratch, "include-compat")
	binDir := filepath.Join(scratch, "bin")
	for _, d := range []string{genDir, compatDir, binDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", "", "", err
		}
	}
	// Only the three generated headers, so that the installed
	// DerivedConstants.h cannot be included by accident.
	for _, name := range generated {
		if err := os.WriteFile(filepath.Join(genDir, name), b.generated[name], 0o644); err != nil {
			return "", "", "", err
		}
	}
	if err := os.WriteFile(filepath.Join(compatDir, "pthread.h"), b.pthread, 0o644); err != nil {
		return "", "", "", err
	}
	// deriveConstants runs its nm as `NM -P FILE`: a program, no arguments.
	nm = filepath.Join(binDir, "nm")
	script := "#!/bin/sh\n# ahc's nm for wasm objects (boot/derived.Nm)\nexec"
	for _, a := range b.nm {
		script += " " + shellQuote(a)
	}
	script += " \"$@\"\n"
	if err := os.WriteFile(nm, []byte(script), 0o755); err != nil {
		return "", "", "", err
	}
	return genDir, compatDir, nm, nil
}

func (b *builder) derive(ctx context.Context, scratch, tool, header, genDir, compatDir, nm string) error {
	tmp := filepath.Join(scratch, "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	// As includes/ghc.mk and hadrian invoke it.
	args := []string{"--gen-header", "-o", header, "--tmpdir", tmp, "--gcc-program", b.clang}
	for _, f := range append(cflags(b.sysroot, b.ghcSrc.Dir, genDir, compatDir), b.extraFlags...) {
		args = append(args, "--gcc-flag", f)
	}
	args = append(args, "--nm-program", nm, "--target-os", b.targetOS)
	if err := run(ctx, scratch, filepath.Join(scratch, "deriveConstants.log"), tool, args...); err != nil {
		return err
	}
	data, err := os.ReadFile(header)
	if err != nil {
		return fmt.Errorf("deriveConstants wrote no header: %w", err)
	}
	if !bytes.Contains(data, []byte("\n#define CONTROL_GROUP_CONST_291 291\n")) {
		return fmt.Errorf("deriveConstants wrote %s without its control constant", header)
	}
	return nil
}

// run runs a program with its output in a log file; a failure carries the
// command and the end of the log.
func run(ctx context.Context, dir, logPath, prog string, args ...string) error {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = dir
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if werr := os.WriteFile(logPath, out.Bytes(), 0o644); werr != nil && err == nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", cmd.String(), err, lastLines(out.String(), 20))
	}
	return nil
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var hostOSLine = regexp.MustCompile(`^#define\s+HOST_OS\s+"([^"]+)"`)

// hostOS reads the target OS that GHC's build passed deriveConstants
// (TargetOS_CPP) from ghcplatform.h.
func hostOS(ghcplatform []byte) (string, error) {
	sc := bufio.NewScanner(bytes.NewReader(ghcplatform))
	for sc.Scan() {
		if m := hostOSLine.FindStringSubmatch(sc.Text()); m != nil {
			return m[1], nil
		}
	}
	return "", fmt.Errorf("no HOST_OS definition")
}

var packageName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*`)

// buildDepends returns the package names of a .cabal file's Build-Depends
// field (version bounds dropped).
func buildDepends(cabal []byte) ([]string, error) {
	var field []string
	indent := -1
	for _, line := range strings.Split(string(cabal), "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		depth := len(line) - len(trimmed)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		if indent >= 0 {
			if trimmed == "" || depth <= indent {
				break
			}
			field = append(field, trimmed)
			continue
		}
		name, value, ok := strings.Cut(trimmed, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "build-depends") {
			indent = depth
			field = append(field, value)
		}
	}
	var pkgs []string
	for _, dep := range strings.Split(strings.Join(field, " "), ",") {
		if name := packageName.FindString(strings.TrimSpace(dep)); name != "" {
			pkgs = append(pkgs, name)
		}
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no Build-Depends field")
	}
	return pkgs, nil
}
