package pkgset

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/tools"
)

// Stage is the package set's directory in ahc's cache.
const Stage = "pkgset"

// RepoDir is the local repository below ahc's cache directory.
func RepoDir(cacheDir string) string { return filepath.Join(cacheDir, Stage, "repo") }

// Repo is a local cabal repository (file+noindex): a folder of
// NAME-VERSION.tar.gz source tarballs, each made from a Debian source
// package with Debian's patches applied.
type Repo struct {
	Dir     string
	Scratch string // where sources are unpacked, on Dir's file system
	AptGet  string // apt-get, looked up in PATH when it is needed
	Log     string // the log file of apt-get source
	// Progress gets a line per package fetched.
	Progress io.Writer
}

// Tarball is the path of lib's tarball in the repository.
func (r Repo) Tarball(lib *Library) string {
	return filepath.Join(r.Dir, lib.Name+"-"+lib.Version+".tar.gz")
}

// Missing returns the libraries whose tarballs the repository lacks, or
// holds made with other patches of ahc's than those it has now.
func (r Repo) Missing(libs []*Library) ([]*Library, error) {
	var out []*Library
	for _, l := range libs {
		ok, err := r.upToDate(l)
		if err != nil {
			return nil, fmt.Errorf("package set: %s: %w", l, err)
		}
		if !ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// Ensure fetches the source packages of the libraries the repository
// lacks with apt-get source and adds their tarballs, made from Debian's
// patched trees with ahc's own patches (PatchesOf) applied, and writes
// those of the native tools. A tarball appears only once complete.
func (r Repo) Ensure(ctx context.Context, libs []*Library) error {
	lacking, err := r.Missing(libs)
	if err != nil {
		return err
	}
	var missing, tools []*Library
	for _, l := range lacking {
		if l.Tool {
			tools = append(tools, l)
		} else {
			missing = append(missing, l)
		}
	}
	if len(missing) == 0 && len(tools) == 0 {
		return nil
	}
	if err := os.MkdirAll(r.Dir, 0o755); err != nil {
		return fmt.Errorf("package set: %w", err)
	}
	if err := os.MkdirAll(r.Scratch, 0o755); err != nil {
		return fmt.Errorf("package set: %w", err)
	}
	scratch, err := os.MkdirTemp(r.Scratch, "pkgset-")
	if err != nil {
		return fmt.Errorf("package set: %w", err)
	}
	defer os.RemoveAll(scratch)
	// apt-get source downloads as its own user when it can.
	if err := os.Chmod(scratch, 0o755); err != nil {
		return fmt.Errorf("package set: %w", err)
	}
	for _, l := range tools {
		if err := writeToolPackage(scratch, l, r.Tarball(l)); err != nil {
			return fmt.Errorf("package set: %s: %w", l, err)
		}
	}
	if len(missing) == 0 {
		return r.invalidateIndex()
	}
	args := []string{"source", "-q"}
	var names []string
	seen := map[string]bool{}
	for _, l := range missing {
		names = append(names, l.String())
		if src := l.Source + "=" + l.SourceVersion; !seen[src] {
			seen[src] = true
			args = append(args, src)
		}
	}
	if r.Progress != nil {
		fmt.Fprintf(r.Progress, "pkgset: fetching %d source packages with apt-get source: %s\n", len(missing), strings.Join(names, " "))
	}
	if err := r.run(ctx, scratch, args); err != nil {
		return err
	}
	for _, l := range missing {
		dir, err := sourceTree(scratch, l)
		if err != nil {
			return err
		}
		ps, err := PatchesOf(l.Name)
		if err != nil {
			return fmt.Errorf("package set: %s: %w", l, err)
		}
		if err := applyPatches(ctx, dir, ps); err != nil {
			return fmt.Errorf("package set: %s: %w", l, err)
		}
		if err := writeTarball(dir, l.Name+"-"+l.Version, r.Tarball(l)); err != nil {
			return fmt.Errorf("package set: %s: %w", l, err)
		}
		if err := r.writeStamp(l, ps); err != nil {
			return fmt.Errorf("package set: %s: %w", l, err)
		}
	}
	return r.invalidateIndex()
}

// Closure is what a set of root packages needs, as EnsureClosure finds it.
type Closure struct {
	Libs []*Library
	// SetupNeeds are the setup-depends of the libraries' descriptions, by
	// library name (none for the native tools).
	SetupNeeds map[string][]string
}

// EnsureClosure makes sure the repository holds what roots need, as
// Set.Closure says, and the setup dependencies of those
// packages in turn (a Custom package's setup-depends, such as
// cabal-doctest, which Debian's dependencies of the built library do not
// name), and returns them all. Setup dependencies are read from the
// packages' own descriptions, each once, so each round fetches what the
// last one found.
func (r Repo) EnsureClosure(ctx context.Context, set *Set, roots []string) (Closure, error) {
	roots = append([]string(nil), roots...)
	rooted := map[string]bool{}
	for _, n := range roots {
		rooted[n] = true
	}
	needs := map[string][]string{}
	for {
		libs := set.Closure(roots)
		if err := r.Ensure(ctx, libs); err != nil {
			return Closure{}, err
		}
		have := map[string]bool{}
		for _, l := range libs {
			have[l.Name] = true
		}
		more := false
		for _, l := range libs {
			if l.Tool {
				continue
			}
			ns, ok := needs[l.Name]
			if !ok {
				var err error
				if ns, err = r.SetupNeeds(l); err != nil {
					return Closure{}, err
				}
				needs[l.Name] = ns
			}
			for _, n := range ns {
				// ghc's own packages (Cabal) are never in a closure.
				if !have[n] && !rooted[n] && set.Library(n) != nil {
					rooted[n] = true
					roots = append(roots, n)
					more = true
				}
			}
		}
		if !more {
			return Closure{Libs: libs, SetupNeeds: needs}, nil
		}
	}
}

// SetupNeeds reads the setup-depends of lib's description in its
// tarball.
func (r Repo) SetupNeeds(lib *Library) ([]string, error) {
	path := r.Tarball(lib)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("package set: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("package set: %s: %w", path, err)
	}
	want := lib.Name + "-" + lib.Version + "/" + lib.Name + ".cabal"
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("package set: %s holds no %s", path, want)
		}
		if err != nil {
			return nil, fmt.Errorf("package set: %s: %w", path, err)
		}
		if hdr.Name != want {
			continue
		}
		text, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("package set: %s: %w", path, err)
		}
		return ParseCabalFile(string(text)).SetupNeeds, nil
	}
}

// IndexCache is the file in which cabal keeps the package descriptions of
// a file+noindex repository. cabal reads it instead of the tarballs once
// it exists and never notices a new tarball, so adding one removes it.
const IndexCache = "noindex.cache"

func (r Repo) invalidateIndex() error {
	if err := os.Remove(filepath.Join(r.Dir, IndexCache)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("package set: %w", err)
	}
	return nil
}

func (r Repo) run(ctx context.Context, dir string, args []string) error {
	if err := os.MkdirAll(filepath.Dir(r.Log), 0o755); err != nil {
		return fmt.Errorf("package set: %w", err)
	}
	log, err := os.OpenFile(r.Log, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("package set: %w", err)
	}
	defer log.Close()
	aptGet, err := tools.Lookup(r.AptGet, "apt")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, aptGet, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		tail, _ := os.ReadFile(r.Log)
		lines := strings.Split(strings.TrimSpace(string(tail)), "\n")
		if len(lines) > 15 {
			lines = lines[len(lines)-15:]
		}
		return fmt.Errorf("package set: apt-get %s: %w (log: %s)\n%s", strings.Join(args, " "), err, r.Log, strings.Join(lines, "\n"))
	}
	return nil
}

// sourceTree finds the unpacked tree of lib's source package below dir
// (dpkg-source names it SOURCE-UPSTREAMVERSION) and checks that it is the
// library's: its top holds NAME.cabal.
func sourceTree(dir string, l *Library) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(dir, l.Source+"-*"))
	for _, m := range matches {
		if info, err := os.Stat(m); err != nil || !info.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(m, l.Name+".cabal")); err == nil {
			return m, nil
		}
		return "", fmt.Errorf("package set: %s: the source package %s has no %s.cabal at its top", l, l.Source, l.Name)
	}
	return "", fmt.Errorf("package set: %s: apt-get source left no tree of %s %s", l, l.Source, l.SourceVersion)
}

// writeTarball packs the tree at dir, without Debian's packaging (debian/
// and quilt's .pc/), as a cabal source tarball whose entries start with
// prefix/, to out.
func writeTarball(dir, prefix, out string) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	gz := gzip.NewWriter(tmp)
	tw := tar.NewWriter(gz)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if rel == "debian" || rel == ".pc" {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(path); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(filepath.Join(prefix, rel))
		if d.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uname, hdr.Gname, hdr.Uid, hdr.Gid = "", "", 0, 0
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = gz.Close()
	}
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
