// Package debsrc finds the Debian source packages that set-up fetched with
// `apt-get source` into the cache (scripts/setup.sh), e.g. ghc and wasi-libc.
package debsrc

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Source is one unpacked source package.
type Source struct {
	Name    string // source package name, e.g. "wasi-libc"
	Version string // Debian version, e.g. "0.0~git20220510.9886d3d-2"
	Dsc     []byte // the .dsc file: it names every input tarball by checksum
	Dir     string // the unpacked tree, with Debian's own patches applied
}

// Upstream is the version without epoch and Debian revision (9.0.2 for
// 9.0.2-4): the version of the software itself.
func (s Source) Upstream() string { return upstreamVersion(s.Version) }

// Dir is where set-up puts the source package name within the cache.
func Dir(cacheDir, name string) string {
	return filepath.Join(cacheDir, "src", name)
}

// Find returns the source package name fetched into cacheDir.
func Find(cacheDir, name string) (Source, error) {
	dir := Dir(cacheDir, name)
	dscs, _ := filepath.Glob(filepath.Join(dir, name+"_*.dsc"))
	if len(dscs) != 1 {
		return Source{}, fmt.Errorf("source package %s: expected one .dsc in %s, found %d (run `make setup`, which fetches it with apt-get source)",
			name, dir, len(dscs))
	}
	dsc, err := os.ReadFile(dscs[0])
	if err != nil {
		return Source{}, fmt.Errorf("source package %s: %w", name, err)
	}
	version := field(dsc, "Version")
	if version == "" {
		return Source{}, fmt.Errorf("source package %s: %s has no Version field", name, dscs[0])
	}
	tree := filepath.Join(dir, name+"-"+upstreamVersion(version))
	if st, err := os.Stat(tree); err != nil || !st.IsDir() {
		return Source{}, fmt.Errorf("source package %s %s: unpacked tree %s is missing (run `make setup`)", name, version, tree)
	}
	return Source{Name: name, Version: version, Dsc: dsc, Dir: tree}, nil
}

// field returns the value of a single-line field of a Debian control file.
func field(control []byte, name string) string {
	sc := bufio.NewScanner(bytes.NewReader(control))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// upstreamVersion strips the epoch and the Debian revision, which is how
// dpkg-source names the unpacked directory.
func upstreamVersion(v string) string {
	if i := strings.Index(v, ":"); i >= 0 {
		v = v[i+1:]
	}
	if i := strings.LastIndex(v, "-"); i >= 0 {
		v = v[:i]
	}
	return v
}
