package dist

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/ahc-hs/ahc/boot/cache"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker/task"
)

// RunStage is the cache stage of the modules Cached links.
const RunStage = "run"

// keepLinked is how many linked modules the run stage keeps: the ones used
// most recently.
const keepLinked = 32

// Cached returns the module linked from the pseudo-executable at input
// with ahc-dist's default options, linking it only when no earlier call
// linked the same bytes against the same archives with the same ahc. It is
// how a pseudo-executable runs itself (ahc-run, the launcher of
// linker/task): cabal's run and test commands execute programs many
// times, and each link takes seconds.
func Cached(ctx context.Context, cfg config.Config, input string) (string, error) {
	t, err := task.ReadFile(input)
	if err != nil {
		return "", err
	}
	key, err := runKey(input, t)
	if err != nil {
		return "", err
	}
	name := Name(input)
	entry := cache.Lookup(cfg.CacheDir, RunStage, key)
	wasm := filepath.Join(entry.Dir, name+".wasm")
	if entry.Exists() {
		now := time.Now()
		os.Chtimes(entry.Dir, now, now) // most recently used; a failure only ages it
		return wasm, nil
	}
	opts := Options{Input: input, Name: name}
	opts.Lower.OptimizeLevel, opts.Lower.ShrinkLevel = DefaultOptimizeLevel, DefaultShrinkLevel
	if err := Configure(ctx, cfg, &opts); err != nil {
		return "", err
	}
	err = entry.Build(func(tmp string) error {
		opts.OutputDir = tmp
		_, err := Dist(ctx, opts)
		return err
	}, false)
	if err != nil {
		return "", err
	}
	if err := pruneRuns(filepath.Dir(entry.Dir), keepLinked); err != nil {
		return "", err
	}
	return wasm, nil
}

// DefaultOptimizeLevel and DefaultShrinkLevel are binaryen's levels when
// none are asked for.
const (
	DefaultOptimizeLevel = 4
	DefaultShrinkLevel   = 2
)

// runKey hashes what a link reads: the pseudo-executable, the archives it
// names (by size and time: they are large and live in package databases
// that are replaced whole, never edited), and the running ahc.
func runKey(input string, t *task.Task) (*cache.Key, error) {
	k := cache.NewKey(RunStage)
	f, err := os.Open(input)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("reading %s: %w", input, err)
	}
	k.Add("pseudo-executable", h.Sum(nil))
	files := append([]string(nil), t.Archives...)
	if self, err := os.Executable(); err == nil {
		files = append(files, self)
	}
	for _, a := range files {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", input, err)
		}
		k.AddString(a, strconv.FormatInt(st.Size(), 10)+" "+strconv.FormatInt(st.ModTime().UnixNano(), 10))
	}
	return k, nil
}

// pruneRuns removes all but the keep most recently used entries of dir,
// and partial links older than an hour (a live link is younger).
func pruneRuns(dir string, keep int) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	type used struct {
		path string
		at   time.Time
	}
	var done []used
	for _, e := range ents {
		info, err := e.Info()
		if err != nil || !e.IsDir() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		switch {
		case !isPartial(e.Name()):
			done = append(done, used{p, info.ModTime()})
		case time.Since(info.ModTime()) > time.Hour:
			os.RemoveAll(p)
		}
	}
	sort.Slice(done, func(i, j int) bool { return done[i].at.After(done[j].at) })
	for i := keep; i < len(done); i++ {
		if err := os.RemoveAll(done[i].path); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
	}
	return nil
}

// isPartial reports whether name is a link still being written
// (cache.Entry.Build's temporary directory).
func isPartial(name string) bool {
	ok, _ := filepath.Match("*.partial-*", name)
	return ok
}
