// Package sysroot builds the wasm64 C sysroot: Debian's wasi-libc source,
// patched by rts/libc, compiled with clang for wasm64, and the C libraries
// that packages expect of a Unix beside libc (zlib, from Debian's source
// package, for extra-libraries: z). The result is cached under a hash of
// its inputs (source packages, patches, compiler, flags).
package sysroot

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ahc-hs/ahc/boot/cache"
	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/rts/libc"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
	cp "github.com/otiai10/copy"
)

const (
	stage = "sysroot"
	// recipe changes whenever the way this package builds changes, so that
	// old results are not reused.
	recipe = "wasi-libc make ARCH=wasm64 libc startup_files; placeholders m rt pthread crypt util xnet resolv dl; zlib configure --static, make libz.a; v2"
	cflags = "-O2 -DNDEBUG"
)

// placeholders are libraries that are part of libc on WASI but that build
// systems name on their own (GHC's link line has -lm, for instance).
var placeholders = []string{"m", "rt", "pthread", "crypt", "util", "xnet", "resolv", "dl"}

// Options controls a build.
type Options struct {
	Config     config.Config
	Jobs       int       // parallel compile jobs; 0 means one per CPU
	Progress   io.Writer // where progress lines go
	KeepFailed bool      // keep the scratch directory of a failed build
}

// Current is the path through which compilers find the sysroot that the
// latest successful Build produced.
func Current(cacheDir string) string {
	return filepath.Join(cacheDir, stage, "current")
}

// Find returns the current sysroot, or an error telling how to build one.
func Find(cacheDir string) (string, error) {
	dir := Current(cacheDir)
	if _, err := os.Stat(filepath.Join(clang.LibDir(dir), "libc.a")); err != nil {
		return "", fmt.Errorf("no wasm64 sysroot at %s: run `make setup` (or `ahc-boot sysroot`)", dir)
	}
	return dir, nil
}

// Build makes sure the sysroot for the current inputs exists and is current,
// building it if needed, and returns its directory.
func Build(ctx context.Context, opts Options) (string, error) {
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	t := opts.Config.Tools
	clangPath, err := tools.Lookup(t.Clang, "clang")
	if err != nil {
		return "", err
	}
	arPath, err := tools.Lookup(t.LLVMAr, "llvm")
	if err != nil {
		return "", err
	}
	makePath, err := tools.Lookup("make", "make")
	if err != nil {
		return "", err
	}
	patchPath, err := tools.Lookup("patch", "patch")
	if err != nil {
		return "", err
	}
	src, err := debsrc.Find(opts.Config.CacheDir, "wasi-libc")
	if err != nil {
		return "", err
	}
	zlib, err := debsrc.Find(opts.Config.CacheDir, "zlib")
	if err != nil {
		return "", err
	}
	series, err := libc.Series()
	if err != nil {
		return "", err
	}
	clangVersion, err := tools.Output(ctx, clangPath, "--version")
	if err != nil {
		return "", err
	}

	key := cache.NewKey(stage)
	key.AddString("recipe", recipe)
	key.AddString("cflags", cflags)
	key.Add("wasi-libc.dsc", src.Dsc)
	key.Add("zlib.dsc", zlib.Dsc)
	for _, p := range series {
		key.Add("patch "+p.Name, p.Data)
	}
	key.AddString("clang --version", firstLine(clangVersion))
	entry := cache.Lookup(opts.Config.CacheDir, stage, key)

	if entry.Exists() {
		fmt.Fprintf(progress, "sysroot: up to date (%s)\n", entry.Dir)
	} else {
		b := builder{
			src: src, zlib: zlib, series: series, clang: clangPath, ar: arPath, make: makePath, patch: patchPath,
			jobs: opts.Jobs, progress: progress, scratchRoot: filepath.Join(opts.Config.CacheDir, "tmp"),
			keepFailed: opts.KeepFailed, manifest: key.Manifest(),
		}
		if b.jobs <= 0 {
			b.jobs = runtime.NumCPU()
		}
		start := time.Now()
		if err := entry.Build(func(dir string) error { return b.build(ctx, dir) }, false); err != nil {
			return "", fmt.Errorf("building the wasm64 sysroot: %w", err)
		}
		fmt.Fprintf(progress, "sysroot: built in %.1fs (%s)\n", time.Since(start).Seconds(), entry.Dir)
	}
	if err := entry.Point(Current(opts.Config.CacheDir)); err != nil {
		return "", err
	}
	if err := cache.Prune(opts.Config.CacheDir, stage, entry); err != nil {
		return "", err
	}
	return entry.Dir, nil
}

type builder struct {
	src, zlib              debsrc.Source
	series                 []libc.Patch
	clang, ar, make, patch string
	jobs                   int
	progress               io.Writer
	scratchRoot, manifest  string
	keepFailed             bool
}

// build compiles into sysroot, using a scratch directory for the patched
// source and the objects.
func (b *builder) build(ctx context.Context, sysroot string) error {
	logf := func(format string, args ...any) { fmt.Fprintf(b.progress, "sysroot: "+format+"\n", args...) }
	return cache.WithScratch(b.scratchRoot, "sysroot-", b.keepFailed, logf, func(scratch string) error {
		return b.buildIn(ctx, scratch, sysroot)
	})
}

func (b *builder) buildIn(ctx context.Context, scratch, sysroot string) error {
	srcDir := filepath.Join(scratch, "src")

	fmt.Fprintf(b.progress, "sysroot: [1/4] copying wasi-libc %s and applying %d patches\n", b.src.Version, len(b.series))
	if err := cp.Copy(b.src.Dir, srcDir); err != nil {
		return fmt.Errorf("copying %s: %w", b.src.Dir, err)
	}
	for _, p := range b.series {
		if err := b.applyPatch(ctx, srcDir, p); err != nil {
			return err
		}
	}

	fmt.Fprintf(b.progress, "sysroot: [2/4] compiling wasi-libc for %s with %d jobs\n", clang.Triple, b.jobs)
	logPath := filepath.Join(scratch, "make.log")
	if err := b.runMake(ctx, srcDir, sysroot, filepath.Join(scratch, "obj"), logPath); err != nil {
		return err
	}

	fmt.Fprintf(b.progress, "sysroot: [3/4] adding placeholder libraries\n")
	libDir := clang.LibDir(sysroot)
	for _, name := range placeholders {
		lib := filepath.Join(libDir, "lib"+name+".a")
		if _, err := tools.Output(ctx, b.ar, "crs", lib); err != nil {
			return err
		}
	}

	fmt.Fprintf(b.progress, "sysroot: [4/4] compiling zlib %s\n", b.zlib.Version)
	if err := b.buildZlib(ctx, filepath.Join(scratch, "zlib"), sysroot); err != nil {
		return fmt.Errorf("zlib %s: %w", b.zlib.Version, err)
	}
	return os.WriteFile(filepath.Join(sysroot, "ahc-sysroot.txt"), []byte(b.manifest), 0o644)
}

// buildZlib builds zlib's static library with its own configure script,
// whose test programs compile and link against the libc just built, and
// installs it and its headers into sysroot.
func (b *builder) buildZlib(ctx context.Context, srcDir, sysroot string) error {
	if err := cp.Copy(b.zlib.Dir, srcDir); err != nil {
		return fmt.Errorf("copying %s: %w", b.zlib.Dir, err)
	}
	logPath := filepath.Join(filepath.Dir(srcDir), "zlib.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	env := append(os.Environ(),
		"CC="+b.clang,
		"CFLAGS="+strings.Join(append(clang.TargetFlags(sysroot), cflags), " "),
		"AR="+b.ar, "ARFLAGS=rcs", "RANLIB=true")
	steps := [][]string{
		{"./configure", "--static"},
		{b.make, fmt.Sprintf("-j%d", b.jobs), "libz.a"},
	}
	for _, argv := range steps {
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Dir, cmd.Env = srcDir, env
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Run(); err != nil {
			logFile.Sync()
			return fmt.Errorf("%s failed: %v; last lines of %s:\n%s", argv[0], err, logPath, tail(logPath, 20))
		}
	}
	install := map[string]string{
		"libz.a":  filepath.Join(clang.LibDir(sysroot), "libz.a"),
		"zlib.h":  filepath.Join(sysroot, "include", "zlib.h"),
		"zconf.h": filepath.Join(sysroot, "include", "zconf.h"),
	}
	for from, to := range install {
		if err := cp.Copy(filepath.Join(srcDir, from), to); err != nil {
			return fmt.Errorf("installing %s: %w", from, err)
		}
	}
	return nil
}

func (b *builder) applyPatch(ctx context.Context, dir string, p libc.Patch) error {
	cmd := exec.CommandContext(ctx, b.patch, "-p1", "--forward", "--batch", "--no-backup-if-mismatch")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(p.Data)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("patch rts/libc/patches/%s no longer applies to wasi-libc %s: %v\n%s",
			p.Name, b.src.Version, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// runMake runs wasi-libc's Makefile, logging its output to logPath and
// printing a line of progress every so many compiled files.
func (b *builder) runMake(ctx context.Context, srcDir, sysroot, objDir, logPath string) error {
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	counter := &progressCounter{prefix: b.clang + " ", out: b.progress, every: 200}
	w := io.MultiWriter(logFile, counter)
	cmd := exec.CommandContext(ctx, b.make, "-C", srcDir, fmt.Sprintf("-j%d", b.jobs),
		"ARCH=wasm64",
		"CC="+b.clang,
		"AR="+b.ar,
		"EXTRA_CFLAGS="+cflags,
		"SYSROOT="+sysroot,
		"OBJDIR="+objDir,
		"libc", "startup_files")
	cmd.Stdout = w
	cmd.Stderr = w
	if err := cmd.Run(); err != nil {
		logFile.Sync()
		return fmt.Errorf("make failed: %v; last lines of %s:\n%s", err, logPath, tail(logPath, 20))
	}
	fmt.Fprintf(b.progress, "sysroot:       compiled %d files\n", counter.Count())
	return nil
}

// progressCounter counts compiler invocations in make's output.
type progressCounter struct {
	prefix  string
	out     io.Writer
	every   int
	mu      sync.Mutex
	partial []byte
	n       int
}

func (c *progressCounter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		if bytes.HasPrefix(c.partial[:i], []byte(c.prefix)) {
			c.n++
			if c.n%c.every == 0 {
				fmt.Fprintf(c.out, "sysroot:       compiled %d files\n", c.n)
			}
		}
		c.partial = c.partial[i+1:]
	}
	return len(p), nil
}

func (c *progressCounter) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}
