// Package sweep builds packages of the package set for wasm with
// ahc-cabal, one at a time with its dependencies, and reports which build,
// which fail and why. It is what make pkgset-report runs.
package sweep

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ahc-hs/ahc/pkgset"
)

// Status is how a package's build ended.
type Status int

const (
	Built            Status = iota
	Failed                  // the package itself failed to build
	DependencyFailed        // a package it needs failed
	NoPlan                  // cabal found no build plan
)

func (s Status) String() string {
	return [...]string{"built", "failed", "a dependency failed", "no build plan"}[s]
}

// Result is one package's outcome.
type Result struct {
	Lib    *pkgset.Library
	Status Status
	// Cause is a line saying why it failed (Failed, NoPlan), or the
	// failed dependency's name (DependencyFailed).
	Cause string
	// TH says the failure is Template Haskell's, the package's own or its
	// failed dependency's.
	TH       bool
	Duration time.Duration
}

// Targets picks the sweep's packages: the top libraries of the set by
// reverse dependencies, then extra ones (names of the set) not among them.
// They come in build order: a package after those of the targets it needs,
// as the sizes of their closures order them.
func Targets(set *pkgset.Set, top int, extra []string) ([]*pkgset.Library, error) {
	seen := map[string]bool{}
	var out []*pkgset.Library
	for _, r := range set.ByReverseDependencies() {
		if len(out) == top {
			break
		}
		seen[r.Lib.Name] = true
		out = append(out, r.Lib)
	}
	for _, name := range extra {
		if seen[name] {
			continue
		}
		l := set.Library(name)
		if l == nil {
			return nil, fmt.Errorf("%s is not a package of the set", name)
		}
		seen[name] = true
		out = append(out, l)
	}
	size := map[string]int{}
	for _, l := range out {
		size[l.Name] = len(set.Closure([]string{l.Name}))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if size[out[i].Name] != size[out[j].Name] {
			return size[out[i].Name] < size[out[j].Name]
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// Runner builds packages with ahc-cabal.
type Runner struct {
	AhcCabal string // the ahc-cabal executable
	Work     string // a directory for the projects and their output
	LogsDir  string // where cabal writes packages' build logs
	Set      *pkgset.Set
	Progress io.Writer

	// failed records the packages seen failing, with their result, so
	// that a package needing one is not built again.
	failed map[string]Result
}

// Run builds each target in turn.
func (r *Runner) Run(ctx context.Context, targets []*pkgset.Library) ([]Result, error) {
	r.failed = map[string]Result{}
	var out []Result
	for i, l := range targets {
		res, err := r.build(ctx, l)
		if err != nil {
			return out, err
		}
		out = append(out, res)
		line := res.Status.String()
		if res.Cause != "" {
			line += ": " + res.Cause
		}
		fmt.Fprintf(r.Progress, "sweep: [%d/%d] %s: %s (%s)\n", i+1, len(targets), l, line, res.Duration.Round(time.Second))
	}
	return out, nil
}

func (r *Runner) build(ctx context.Context, l *pkgset.Library) (Result, error) {
	// What failed before fails again: skip the build.
	for _, d := range r.Set.Closure([]string{l.Name}) {
		if f, ok := r.failed[d.Name]; ok && d.Name != l.Name {
			return Result{Lib: l, Status: DependencyFailed, Cause: d.Name, TH: f.TH}, nil
		}
	}
	dir := filepath.Join(r.Work, l.Name)
	if err := writeProject(dir, l); err != nil {
		return Result{}, err
	}
	start := time.Now()
	var output bytes.Buffer
	cmd := exec.CommandContext(ctx, r.AhcCabal, "v2-build", "--only-dependencies", "--keep-going")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &output, &output
	err := cmd.Run()
	if ctx.Err() != nil {
		return Result{}, ctx.Err()
	}
	if werr := os.WriteFile(filepath.Join(dir, "build.log"), output.Bytes(), 0o644); werr != nil {
		return Result{}, werr
	}
	res := r.classify(l, err, output.String())
	res.Duration = time.Since(start)
	return res, nil
}

// writeProject writes a project whose one package needs l: building its
// dependencies builds l.
func writeProject(dir string, l *pkgset.Library) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cabalFile := fmt.Sprintf(`cabal-version: 2.2
name:          sweep-target
version:       0
build-type:    Simple

library
  build-depends:    %s
  default-language: Haskell2010
`, l.Name)
	if err := os.WriteFile(filepath.Join(dir, "sweep-target.cabal"), []byte(cabalFile), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "cabal.project"), []byte("packages: .\n"), 0o644)
}

var (
	failedToBuild = regexp.MustCompile(`Failed to build ([A-Za-z0-9][A-Za-z0-9-]*)-([0-9]+(?:\.[0-9]+)*)`)
	noPlan        = regexp.MustCompile(`Could not resolve dependencies|unknown package`)
	planDetail    = regexp.MustCompile(`(?m)^\[__\d+\] (unknown package: .*|rejecting: .*|.*conflict.*)$`)
	// usesTH matches what ghc and ahc say when a module needs Template
	// Haskell's interpreter; ghc building a library runs the linker
	// (with -B, for a shared object to load) only for splices.
	usesTH  = regexp.MustCompile(`(?i)template.?haskell|QuasiQuotes|external-interpreter|dynamic-too|\.dyn_hi\b|unknown linker flag -B`)
	errLine = regexp.MustCompile(`(?i)\berror\b|cannot |undefined symbol|not supported|unsupported|failed|^\* Missing`)
	aPath   = regexp.MustCompile(`[A-Za-z0-9_.+-]*(?:/[^\s:()'"` + "`" + `]+)+`)
	lineCol = regexp.MustCompile(`:\d+(:\d+)?(-\d+)?`)
	spaces  = regexp.MustCompile(`\s+`)
)

func (r *Runner) classify(l *pkgset.Library, err error, output string) Result {
	res := Result{Lib: l}
	if err == nil {
		return res
	}
	if noPlan.MatchString(output) {
		res.Status = NoPlan
		res.Cause = "dependencies do not resolve"
		if m := planDetail.FindStringSubmatch(output); m != nil {
			res.Cause += ": " + normalize(m[1])
		}
		return res
	}
	var failed []string
	seen := map[string]bool{}
	for _, m := range failedToBuild.FindAllStringSubmatch(output, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			failed = append(failed, m[1])
			cause, th := r.cause(m[1], m[2], output)
			r.failed[m[1]] = Result{Status: Failed, Cause: cause, TH: th}
		}
	}
	switch {
	case seen[l.Name]:
		f := r.failed[l.Name]
		res.Status, res.Cause, res.TH = Failed, f.Cause, f.TH
	case len(failed) > 0:
		sort.Strings(failed)
		res.Status, res.Cause, res.TH = DependencyFailed, failed[0], r.failed[failed[0]].TH
	default:
		// No "Failed to build" line (cabal stopped before its summary):
		// the package's own log in cabal's logs directory still tells,
		// when there is one.
		cause, th := r.cause(l.Name, l.Version, "")
		if cause == "" {
			cause = "ahc-cabal: " + lastLine(output)
		}
		res.Status, res.Cause, res.TH = Failed, cause, th
		r.failed[l.Name] = res
	}
	return res
}

// cause reads why name-version failed from its build log in cabal's logs
// directory, or from ahc-cabal's output when there is none; "" when
// neither has anything.
func (r *Runner) cause(name, version, output string) (string, bool) {
	text := output
	logs, _ := filepath.Glob(filepath.Join(r.LogsDir, "*", name+"-"+version+"-*.log"))
	var newest time.Time
	for _, f := range logs {
		if info, err := os.Stat(f); err == nil && info.ModTime().After(newest) {
			if data, err := os.ReadFile(f); err == nil {
				newest, text = info.ModTime(), string(data)
			}
		}
	}
	if usesTH.MatchString(text) {
		return "needs Template Haskell", true
	}
	if strings.TrimSpace(text) == "" {
		return "", false
	}
	return firstError(text), false
}

// firstError is the log's first line that says what went wrong (with the
// next line when it is only ghc's "error:" header), without file names
// and positions, so that causes group. A compiler's diagnostic
// ("FILE:LINE:COL: error: ...") wins over the lines of the tools that ran
// the compiler ("compiling X failed"), which come first.
func firstError(text string) string {
	lines := strings.Split(text, "\n")
	for _, match := range []func(string) bool{
		func(line string) bool { return strings.Contains(line, ": error:") },
		errLine.MatchString,
	} {
		for i, line := range lines {
			if !match(line) {
				continue
			}
			msg := strings.TrimSpace(line)
			if strings.HasSuffix(msg, "error:") && i+1 < len(lines) {
				msg += " " + strings.TrimSpace(lines[i+1])
			}
			return normalize(msg)
		}
	}
	return normalize(lastLine(text))
}

func normalize(s string) string {
	s = aPath.ReplaceAllString(s, "FILE")
	s = lineCol.ReplaceAllString(s, "")
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	if len(s) > 110 {
		s = s[:110] + "..."
	}
	return s
}

func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
