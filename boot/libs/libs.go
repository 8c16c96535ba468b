// Package libs is the boot's "libs" stage: it compiles GHC's boot packages
// ghc-prim, ghc-bignum (its pure-Haskell native backend), base and the
// libraries GHC ships with them (bootlibs.Packages: containers, bytestring,
// text, time, ...) from the ghc source package with ahc, through Cabal
// (each package's Setup.hs built with the host ghc, ahc as the compiler),
// into ahc's private package database (pkgdb), whose archives hold wasm
// objects.
//
// The database is a cache entry <cache>/pkgdb/<key>, published whole: the
// rts unit of the rts stage, then each package configured, built, copied
// and registered in dependency order, in the entry's scratch directory,
// with AHC_PACKAGE_DB naming it. Only when all are registered are the
// paths in the .conf files turned into the final ones and the entry
// renamed into place, so the published database never claims a package
// that is not fully there.
package libs

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	bootlibs "github.com/ahc-hs/ahc/boot-libs"
	"github.com/ahc-hs/ahc/boot/cache"
	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/pkgdb"
	"github.com/ahc-hs/ahc/toolchain/tools"
	cp "github.com/otiai10/copy"
)

// recipe changes whenever the way this package builds changes.
const recipe = "libs: Cabal Setup per package, ipid = wired-in name, conf paths rewritten at publish, no ghci objects, sources at their paths in ghc's tree; v3"

// RTS is the rts unit the packages are built against.
type RTS struct {
	// Dir is the rts stage's published directory (lib/libHSrts.a,
	// include/), by its stable path; the key has its headers.
	Dir string
	// Conf is its package description, with Dir's final paths.
	Conf []byte
}

// Options controls a build.
type Options struct {
	Config config.Config
	// Bin holds ahc, ahc-pkg, ahc-ar, ahc-cc and ahc-run, which Cabal runs.
	Bin        string
	RTS        RTS
	Jobs       int       // ghc's -j; 0 means one per CPU
	Progress   io.Writer // where progress lines go
	KeepFailed bool      // keep the scratch directory of a failed build
}

// Build makes sure the database for the current inputs exists and is the
// current one, building it if needed, and returns its directory.
func Build(ctx context.Context, opts Options) (string, error) {
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	b, err := newBuilder(ctx, opts)
	if err != nil {
		return "", err
	}
	key, err := b.key(ctx)
	if err != nil {
		return "", err
	}
	entry := cache.Lookup(opts.Config.CacheDir, pkgdb.Stage, key)
	if !entry.Exists() {
		b.logf("building %d packages for wasm64 (minutes; logs in %s)", len(bootlibs.Packages), b.logDir)
		start := time.Now()
		if err := entry.Build(func(tmp string) error { return b.build(ctx, tmp, entry.Dir) }, opts.KeepFailed); err != nil {
			return "", err
		}
		b.logf("done in %s", time.Since(start).Round(time.Second))
	}
	if err := entry.Point(pkgdb.Current(opts.Config.CacheDir)); err != nil {
		return "", err
	}
	if err := cache.Prune(opts.Config.CacheDir, pkgdb.Stage, entry); err != nil {
		return "", err
	}
	return entry.Dir, nil
}

type builder struct {
	opts     Options
	src      debsrc.Source
	ghc      string
	ghcPkg   string
	clang    string
	logDir   string
	progress io.Writer
}

func newBuilder(ctx context.Context, opts Options) (*builder, error) {
	b := &builder{opts: opts, progress: opts.Progress,
		logDir: filepath.Join(opts.Config.CacheDir, "logs")}
	var err error
	if b.src, err = debsrc.Find(opts.Config.CacheDir, "ghc"); err != nil {
		return nil, err
	}
	t := opts.Config.Tools
	if b.ghc, err = tools.Lookup(t.GHC, "ghc"); err != nil {
		return nil, err
	}
	if b.ghcPkg, err = tools.Lookup(t.GHCPkg, "ghc"); err != nil {
		return nil, err
	}
	if b.clang, err = tools.Lookup(t.Clang, "clang"); err != nil {
		return nil, err
	}
	for _, exe := range binaries {
		if _, err := os.Stat(filepath.Join(opts.Bin, exe)); err != nil {
			return nil, fmt.Errorf("libs: %w (run `make build`)", err)
		}
	}
	if len(opts.RTS.Conf) == 0 {
		return nil, fmt.Errorf("libs: no rts unit to build against")
	}
	return b, nil
}

// binaries are the executables of Bin that the build runs.
var binaries = []string{"ahc", "ahc-pkg", "ahc-ar", "ahc-cc", "ahc-run"}

func (b *builder) logf(format string, args ...any) {
	fmt.Fprintf(b.progress, "libs: "+format+"\n", args...)
}

// key hashes everything the build reads.
func (b *builder) key(ctx context.Context) (*cache.Key, error) {
	k := cache.NewKey(pkgdb.Stage)
	k.AddString("recipe", recipe)
	k.AddString("ghc source", b.src.Version)
	k.Add("ghc source dsc", b.src.Dsc)
	for _, exe := range binaries {
		sum, err := fileHash(filepath.Join(b.opts.Bin, exe))
		if err != nil {
			return nil, err
		}
		k.Add(exe, sum)
	}
	// The packages' C and Cmm see the RTS through its headers only.
	if err := addTree(k, "rts include", filepath.Join(b.opts.RTS.Dir, "include")); err != nil {
		return nil, err
	}
	k.Add("rts conf", b.opts.RTS.Conf)
	var names []string
	for _, p := range bootlibs.Packages {
		ns, _, err := bootlibs.Patches(p.Name)
		if err != nil {
			return nil, err
		}
		names = append(names, ns...)
		k.AddString("package "+p.Name, fmt.Sprintf("%+v", p))
	}
	if err := k.AddFiles(bootlibs.FS(), names); err != nil {
		return nil, err
	}
	for _, t := range []struct{ path, flag string }{{b.clang, "--version"}, {b.ghc, "--version"}} {
		out, err := tools.Output(ctx, t.path, t.flag)
		if err != nil {
			return nil, err
		}
		k.AddString(filepath.Base(t.path)+" version", out)
	}
	return k, nil
}

func fileHash(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("libs: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("libs: hashing %s: %w", path, err)
	}
	return h.Sum(nil), nil
}

// build fills db (the entry's scratch directory, which becomes final)
// with the rts unit and the boot packages.
func (b *builder) build(ctx context.Context, db, final string) error {
	if err := os.MkdirAll(b.logDir, 0o755); err != nil {
		return fmt.Errorf("libs: %w", err)
	}
	tool := pkgdb.Tool{GHCPkg: b.ghcPkg}
	if err := os.WriteFile(filepath.Join(db, "rts.conf"), b.opts.RTS.Conf, 0o644); err != nil {
		return fmt.Errorf("libs: %w", err)
	}
	if err := tool.Recache(ctx, db); err != nil {
		return fmt.Errorf("libs: registering the rts unit: %w", err)
	}
	scratchRoot := filepath.Join(b.opts.Config.CacheDir, "tmp")
	err := cache.WithScratch(scratchRoot, "libs-", b.opts.KeepFailed, b.logf, func(scratch string) error {
		src, err := b.prepareSource(ctx, scratch)
		if err != nil {
			return err
		}
		for _, p := range bootlibs.Packages {
			if err := b.buildPackage(ctx, p, src, scratch, db); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := finalizeConfs(db, final); err != nil {
		return err
	}
	if err := tool.Recache(ctx, db); err != nil {
		return fmt.Errorf("libs: %w", err)
	}
	return nil
}

// prepareSource copies the parts of the ghc source package the packages'
// builds read into scratch/src, laid out as in the source package:
// libraries/PACKAGE (with utils/fs in base, as GHC's boot script puts
// it), and what ghc-prim's Setup.hs runs:
// utils/genprimopcode/genprimopcode (built here with the host ghc) and
// compiler/prelude/primops.txt (primops.txt.pp preprocessed).
func (b *builder) prepareSource(ctx context.Context, scratch string) (string, error) {
	src := filepath.Join(scratch, "src")
	for _, p := range bootlibs.Packages {
		if err := cp.Copy(filepath.Join(b.src.Dir, "libraries", p.SourceDir()), filepath.Join(src, "libraries", p.SourceDir())); err != nil {
			return "", fmt.Errorf("libs: copying %s: %w", p.Name, err)
		}
	}
	// GHC's boot script copies utils/fs into base, which lists them.
	for from, to := range map[string]string{"fs.c": "cbits/fs.c", "fs.h": "include/fs.h"} {
		if err := cp.Copy(filepath.Join(b.src.Dir, "utils", "fs", from), filepath.Join(src, "libraries", "base", to)); err != nil {
			return "", fmt.Errorf("libs: copying utils/fs: %w", err)
		}
	}
	gen := filepath.Join(src, "utils", "genprimopcode")
	if err := cp.Copy(filepath.Join(b.src.Dir, "utils", "genprimopcode"), gen); err != nil {
		return "", fmt.Errorf("libs: copying genprimopcode: %w", err)
	}
	b.logf("genprimopcode: building with the host ghc")
	if err := b.runLogged(ctx, "genprimopcode", gen, nil, b.ghc, "-v0", "-O0", "-outputdir", "obj", "-o", "genprimopcode", "Main.hs"); err != nil {
		return "", err
	}
	libDir, err := tools.Output(ctx, b.ghc, "--print-libdir")
	if err != nil {
		return "", err
	}
	prelude := filepath.Join(src, "compiler", "prelude")
	if err := os.MkdirAll(prelude, 0o755); err != nil {
		return "", fmt.Errorf("libs: %w", err)
	}
	// MachDeps.h and the installed (x86_64, LP64 like wasm64) ghcautoconf.h.
	if err := b.runLogged(ctx, "genprimopcode", src, nil, "cpp", "-P", "-undef", "-traditional", "-x", "c",
		"-I"+filepath.Join(b.src.Dir, "includes"), "-I"+filepath.Join(strings.TrimSpace(libDir), "include"),
		filepath.Join(b.src.Dir, "compiler", "GHC", "Builtin", "primops.txt.pp"),
		"-o", filepath.Join(prelude, "primops.txt")); err != nil {
		return "", err
	}
	return src, nil
}

// buildPackage configures, builds, copies and registers one package into
// db.
func (b *builder) buildPackage(ctx context.Context, p bootlibs.Package, src, scratch, db string) error {
	start := time.Now()
	dir := filepath.Join(src, "libraries", p.SourceDir())
	if err := b.applyPatches(ctx, p, dir); err != nil {
		return err
	}
	if err := nativeSourcePaths(dir, path.Join("libraries", p.SourceDir())); err != nil {
		return fmt.Errorf("libs: %s: %w", p.Name, err)
	}
	// Setup.hs is compiled on its own: in the package's directory, ghc
	// would take the package's modules (base's Prelude...) for its own.
	setupDir := filepath.Join(scratch, "setup-"+p.Name)
	setupHs, err := copySetup(dir, setupDir)
	if err != nil {
		return fmt.Errorf("libs: %s: %w", p.Name, err)
	}
	b.logf("%s: %s", p.Name, setupHs)
	setup := filepath.Join(setupDir, "Setup")
	if err := b.runLogged(ctx, p.Name, setupDir, nil, b.ghc, "-v0", "-o", setup, setupHs); err != nil {
		return err
	}
	bin := b.opts.Bin
	env := append(os.Environ(), pkgdb.EnvPackageDB+"="+db)
	conf := []string{"configure",
		"--with-compiler=" + filepath.Join(bin, "ahc"),
		"--with-hc-pkg=" + filepath.Join(bin, "ahc-pkg"),
		"--with-ar=" + filepath.Join(bin, "ahc-ar"),
		"--package-db=clear", "--package-db=global", // the global db is db: AHC_PACKAGE_DB
		"--disable-shared", "--disable-library-profiling", "--disable-executable-dynamic",
		// ahc is not a dynamic compiler (ahc --info), so Cabal would also
		// merge every package into an object for ghci, which nothing
		// loads.
		"--disable-library-for-ghci",
		// strip knows no wasm objects
		"--disable-library-stripping", "--disable-executable-stripping",
		"--ipid=" + p.UnitID, "--prefix=" + db, "--libsubdir=$abi/$libname", "--builddir=dist",
	}
	if p.UsesCC {
		// Cabal runs configure in the build directory; base's configure
		// includes "include/md5.h" relative to the package's.
		conf = append(conf, "--with-gcc="+filepath.Join(bin, "ahc-cc"), "--configure-option=CPPFLAGS=-I"+dir)
		env = append(env, "AHC_CC_RUNNABLE=1")
	}
	conf = append(conf, p.Configure...)
	jobs := "-j"
	if b.opts.Jobs > 0 {
		jobs = fmt.Sprintf("-j%d", b.opts.Jobs)
	}
	steps := []struct {
		name string
		args []string
	}{
		{"configure", conf},
		{"build", []string{"build", "--builddir=dist", jobs}},
		{"copy", []string{"copy", "--builddir=dist"}},
		{"register", []string{"register", "--builddir=dist"}},
	}
	for _, s := range steps {
		b.logf("%s: %s", p.Name, s.name)
		if err := b.runLogged(ctx, p.Name, dir, env, setup, s.args...); err != nil {
			return err
		}
	}
	b.logf("%s: done in %s", p.Name, time.Since(start).Round(time.Second))
	return nil
}

// copySetup copies the package's Setup.hs or Setup.lhs into setupDir, or
// writes Cabal's standard one there for a package without (ghc-boot-th,
// whose build-type is Simple), and returns its name.
func copySetup(dir, setupDir string) (string, error) {
	for _, name := range []string{"Setup.hs", "Setup.lhs"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return name, cp.Copy(filepath.Join(dir, name), filepath.Join(setupDir, name))
		}
	}
	if err := os.MkdirAll(setupDir, 0o755); err != nil {
		return "", err
	}
	return "Setup.hs", os.WriteFile(filepath.Join(setupDir, "Setup.hs"), []byte("import Distribution.Simple\nmain = defaultMain\n"), 0o644)
}

func (b *builder) applyPatches(ctx context.Context, p bootlibs.Package, dir string) error {
	names, data, err := bootlibs.Patches(p.Name)
	if err != nil {
		return err
	}
	for _, n := range names {
		b.logf("%s: applying %s", p.Name, filepath.Base(n))
		cmd := exec.CommandContext(ctx, "patch", "-p1", "--batch", "--forward")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(data[n])
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("libs: %s: patch %s: %w\n%s", p.Name, n, err, out)
		}
	}
	return nil
}

// compiling matches ghc's progress lines ("[ 12 of 260] Compiling GHC.Foo").
var compiling = regexp.MustCompile(`^\[\s*(\d+) of (\d+)\] Compiling (\S+)`)

// runLogged runs a command of the package's build, appending its output to
// the package's log and passing ghc's module counter lines on as progress.
// A failure names the package and shows the tail of the log.
func (b *builder) runLogged(ctx context.Context, pkg, dir string, env []string, exe string, args ...string) error {
	logPath := filepath.Join(b.logDir, "libs-"+pkg+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("libs: %w", err)
	}
	defer logFile.Close()
	fmt.Fprintf(logFile, "\n$ cd %s && %s %s\n", dir, exe, strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	cmd.Env = env
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var tail tailBuffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logFile, line)
			tail.add(line)
			if m := compiling.FindStringSubmatch(line); m != nil {
				b.logf("%s: [%s/%s] Compiling %s", pkg, m[1], m[2], m[3])
			}
		}
		io.Copy(io.Discard, pr)
	}()
	err = cmd.Run()
	pw.Close()
	<-done
	if err != nil {
		return fmt.Errorf("libs: %s: %s %s: %w (log: %s)\n%s", pkg, filepath.Base(exe), firstWord(args), err, logPath, tail.String())
	}
	return nil
}

func firstWord(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// tailBuffer keeps the last lines of a log.
type tailBuffer struct{ lines []string }

const tailLines = 40

func (t *tailBuffer) add(line string) {
	t.lines = append(t.lines, line)
	if len(t.lines) > tailLines {
		t.lines = t.lines[len(t.lines)-tailLines:]
	}
}

func (t *tailBuffer) String() string { return strings.Join(t.lines, "\n") }

// finalizeConfs rewrites the paths of the scratch directory db in the
// registered .conf files to final, where the entry will be published.
func finalizeConfs(db, final string) error {
	confs, err := filepath.Glob(filepath.Join(db, "*.conf"))
	if err != nil {
		return fmt.Errorf("libs: %w", err)
	}
	for _, c := range confs {
		data, err := os.ReadFile(c)
		if err != nil {
			return fmt.Errorf("libs: %w", err)
		}
		data = bytes.ReplaceAll(data, []byte(db), []byte(final))
		if err := os.WriteFile(c, data, 0o644); err != nil {
			return fmt.Errorf("libs: %w", err)
		}
	}
	return nil
}

// addTree mixes every file under dir into k, by relative path.
func addTree(k *cache.Key, name, dir string) error {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	sort.Strings(files)
	if err := k.AddFiles(os.DirFS(dir), files); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
