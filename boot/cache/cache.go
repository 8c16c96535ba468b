// Package cache stores the results of ahc's long builds (the sysroot, later
// the RTS and the booted libraries) under a directory named by a hash of
// everything that went into them. A result appears under its final name only
// once complete, so an interrupted build never leaves something a later run
// would take for a good one.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Key accumulates the inputs of a build. Two builds with equal keys are
// interchangeable.
type Key struct {
	h     hash.Hash
	parts []string
}

// NewKey starts a key for the named stage (e.g. "sysroot").
func NewKey(stage string) *Key {
	k := &Key{h: sha256.New()}
	k.Add("stage", []byte(stage))
	return k
}

// Add mixes one named input into the key.
func (k *Key) Add(name string, data []byte) {
	// Length-prefix both parts so that different splits cannot collide.
	fmt.Fprintf(k.h, "%d:%s%d:", len(name), name, len(data))
	k.h.Write(data)
	sum := sha256.Sum256(data)
	k.parts = append(k.parts, fmt.Sprintf("%s %x", name, sum[:8]))
}

// AddString mixes a named string into the key.
func (k *Key) AddString(name, value string) { k.Add(name, []byte(value)) }

// AddFiles mixes the named files into the key, in a fixed order.
func (k *Key) AddFiles(fsys fs.FS, names []string) error {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	for _, name := range sorted {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("cache key: %w", err)
		}
		k.Add(name, data)
	}
	return nil
}

// String is the key's hex digest, short enough for a directory name.
func (k *Key) String() string {
	return hex.EncodeToString(k.h.Sum(nil)[:12])
}

// Manifest lists the inputs and their hashes, for people reading the cache.
func (k *Key) Manifest() string {
	return strings.Join(k.parts, "\n") + "\n"
}

// Entry is one cached result: Dir is its final location.
type Entry struct {
	Dir string
}

// Lookup names the entry for key within stage's directory of the cache.
func Lookup(cacheDir, stage string, key *Key) Entry {
	return Entry{Dir: filepath.Join(cacheDir, stage, key.String())}
}

// Exists reports whether the entry has been built completely.
func (e Entry) Exists() bool {
	_, err := os.Stat(e.Dir)
	return err == nil
}

// Build runs build in a fresh temporary directory beside the entry and, if it
// succeeds, renames that directory to the entry's name. On failure the
// temporary directory is removed, unless keepFailed is set (for debugging).
func (e Entry) Build(build func(tmp string) error, keepFailed bool) error {
	parent := filepath.Dir(e.Dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(e.Dir)+".partial-")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if err := build(tmp); err != nil {
		if !keepFailed {
			os.RemoveAll(tmp)
		}
		return err
	}
	if err := os.Rename(tmp, e.Dir); err != nil {
		os.RemoveAll(tmp)
		if errors.Is(err, fs.ErrExist) && e.Exists() {
			// Another run finished the same build first: equal keys mean
			// equal results, so theirs is as good as ours.
			return nil
		}
		return fmt.Errorf("cache: publishing %s: %w", e.Dir, err)
	}
	return nil
}

// Point makes link (a symlink) refer to the entry, replacing what it referred
// to before in one step, so readers see either the old or the new entry.
func (e Entry) Point(link string) error {
	tmp := link + ".new"
	os.Remove(tmp)
	if err := os.Symlink(filepath.Base(e.Dir), tmp); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// Prune removes the stage's entries other than keep, and partial builds left
// by interrupted runs, so that the cache does not grow with every change of
// inputs.
func Prune(cacheDir, stage string, keep Entry) error {
	dir := filepath.Join(cacheDir, stage)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	for _, ent := range ents {
		path := filepath.Join(dir, ent.Name())
		if path == keep.Dir || !ent.IsDir() || ent.Type()&fs.ModeSymlink != 0 {
			continue
		}
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
	}
	return nil
}

// WithScratch runs work in a fresh scratch directory under root (the
// cache's tmp/, on the same file system as the entries) and removes it
// afterwards. A failed build's scratch directory is kept when keepFailed
// is set, and logf says where.
func WithScratch(root, prefix string, keepFailed bool, logf func(format string, args ...any), work func(scratch string) error) (err error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	scratch, err := os.MkdirTemp(root, prefix)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	defer func() {
		if err != nil && keepFailed {
			logf("kept the failed build in %s", scratch)
			return
		}
		os.RemoveAll(scratch)
	}()
	return work(scratch)
}
