// Command ahc-bench compares programs compiled by ahc with the same programs
// compiled by the native ghc: it prints wall times, never passes or fails.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/urfave/cli/v2"
)

const description = `Every NAME.hs in the programs directory (default: bench/programs) is built

   by the native ghc:  ghc -O1
   by ahc:             ahc-link --ghc-option=-O1 --no-dist, then ahc-dist twice,
                       once with trampolines, once with --tail-calls

and then run in rounds, the variants alternating within each round:

   native, wazero-tramp, wazero-tail, node-tramp, node-tail

(wazero: bin/ahc-run [--tail-calls] NAME.wasm; node: node NAME.mjs). Each
run's standard output is compared with the first native run's; a difference
or a non-zero exit is counted in the table (MISMATCH:n, FAILED:n), and a
program that does not build says so in its row: neither stops the others.
The table shows per program the median wall time of each variant, its ratio
to native, and the sizes of the two .wasm modules. The times include
starting the host (wazero compiles the module; Node.js starts up).

A program may have NAME.stdin (its standard input) and NAME.args (its
arguments, one per line). Builds go into --work (default: a temporary
directory, removed at the end unless --keep).

Examples:
   make bench
   ahc-bench --runs 3 --only nbody,queens
   ahc-bench --variants native,wazero-tail --work bench-work`

// variant is one way of running a program.
type variant struct {
	name  string
	build int  // index into builds; -1 for native
	node  bool // run on Node.js rather than the embedded host
}

var builds = []string{"tramp", "tail"}

var allVariants = []variant{
	{name: "native", build: -1},
	{name: "wazero-tramp", build: 0},
	{name: "wazero-tail", build: 1},
	{name: "node-tramp", build: 0, node: true},
	{name: "node-tail", build: 1, node: true},
}

func main() {
	cliutil.Main(&cli.App{
		Name:        "ahc-bench",
		Usage:       "time programs built by ahc against the native ghc's builds",
		UsageText:   "ahc-bench [options]",
		Description: description,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "runs", Value: 5, Usage: "rounds of runs per program"},
			&cli.StringFlag{Name: "programs", Value: "bench/programs", Usage: "directory of the benchmark programs NAME.hs"},
			&cli.StringFlag{Name: "only", Usage: "comma-separated program NAMEs to run (default: all)"},
			&cli.StringFlag{Name: "variants", Usage: "comma-separated variants to run (default: all; native is always run)"},
			&cli.StringFlag{Name: "bin", Usage: "directory of ahc-link, ahc-dist and ahc-run (default: the directory of ahc-bench)"},
			&cli.StringFlag{Name: "ghc", Value: "ghc", Usage: "the native ghc"},
			&cli.StringFlag{Name: "node", Value: "node", Usage: "Node.js"},
			&cli.StringFlag{Name: "work", Usage: "directory for the builds (default: a temporary one)"},
			&cli.BoolFlag{Name: "keep", Usage: "keep the temporary build directory"},
			&cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "limit for one build or one run"},
		},
		Action: run,
	})
}

// bench holds a whole benchmark session's settings.
type bench struct {
	bin, ghc, node string
	work           string
	runs           int
	timeout        time.Duration
	variants       []variant
}

func run(c *cli.Context) error {
	if c.Args().Present() {
		return cliutil.UsageError("unexpected arguments %q (see --help)", c.Args().Slice())
	}
	b := bench{ghc: c.String("ghc"), node: c.String("node"), runs: c.Int("runs"), timeout: c.Duration("timeout")}
	if b.runs < 1 {
		return cliutil.UsageError("--runs must be at least 1")
	}
	var err error
	if b.variants, err = selectVariants(c.String("variants")); err != nil {
		return err
	}
	b.bin = c.String("bin")
	if b.bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		b.bin = filepath.Dir(exe)
	}
	if b.bin, err = filepath.Abs(b.bin); err != nil {
		return err
	}
	programs, err := findPrograms(c.String("programs"), c.String("only"))
	if err != nil {
		return err
	}
	b.work = c.String("work")
	if b.work == "" {
		if b.work, err = os.MkdirTemp("", "ahc-bench-"); err != nil {
			return err
		}
		if c.Bool("keep") {
			fmt.Fprintf(os.Stderr, "ahc-bench: builds in %s\n", b.work)
		} else {
			defer os.RemoveAll(b.work)
		}
	} else if err := os.MkdirAll(b.work, 0o755); err != nil {
		return err
	}
	if b.work, err = filepath.Abs(b.work); err != nil {
		return err
	}

	names := make([]string, len(b.variants))
	for i, v := range b.variants {
		names[i] = v.name
	}
	var rows []row
	for _, src := range programs {
		rows = append(rows, b.program(src))
	}
	fmt.Printf("%d runs per variant; median wall time (ratio to native)\n\n", b.runs)
	fmt.Print(formatTable(names, builds, rows))
	return nil
}

// selectVariants parses --variants.
func selectVariants(list string) ([]variant, error) {
	if list == "" {
		return allVariants, nil
	}
	want := map[string]bool{"native": true}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		found := false
		for _, v := range allVariants {
			found = found || v.name == n
		}
		if !found {
			return nil, cliutil.UsageError("unknown variant %q", n)
		}
		want[n] = true
	}
	var vs []variant
	for _, v := range allVariants {
		if want[v.name] {
			vs = append(vs, v)
		}
	}
	return vs, nil
}

// findPrograms lists the programs to run, sorted.
func findPrograms(dir, only string) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(dir, "*.hs"))
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no programs (*.hs) in %s", dir)
	}
	sort.Strings(all)
	if only == "" {
		return all, nil
	}
	var picked []string
	for _, n := range strings.Split(only, ",") {
		src := filepath.Join(dir, strings.TrimSpace(n)+".hs")
		if _, err := os.Stat(src); err != nil {
			return nil, cliutil.UsageError("no program %q in %s", n, dir)
		}
		picked = append(picked, src)
	}
	return picked, nil
}

// program builds and runs one program and makes its row.
func (b *bench) program(src string) row {
	name := strings.TrimSuffix(filepath.Base(src), ".hs")
	r := row{program: name, cells: make([]cell, len(b.variants)), wasmSize: []int64{-1, -1}}
	fmt.Fprintf(os.Stderr, "ahc-bench: %s: building\n", name)
	abs, err := filepath.Abs(src)
	if err != nil {
		r.note = err.Error()
		return r
	}
	stdin, args, err := inputs(abs)
	if err != nil {
		r.note = err.Error()
		return r
	}
	dir := filepath.Join(b.work, name)
	if err := os.MkdirAll(filepath.Join(dir, "native"), 0o755); err != nil {
		r.note = err.Error()
		return r
	}

	// Native build first: without it there is nothing to compare with.
	nativeExe := filepath.Join(dir, "native", name)
	if err := b.build(dir, b.ghc, "-v0", "-O1", "-outputdir", filepath.Join(dir, "native"), "-o", nativeExe, abs); err != nil {
		r.note = "native build failed: " + err.Error()
		for i := range r.cells {
			r.cells[i].note = "no native"
		}
		return r
	}
	// ahc builds: one compile, then a link per call mode some variant uses.
	var need [2]bool
	for _, v := range b.variants {
		if v.build >= 0 {
			need[v.build] = true
		}
	}
	var buildErr [2]error
	pseudo := filepath.Join(dir, "ahc", name)
	wasm := [2]string{}
	if !need[0] && !need[1] {
		// native only
	} else if err := b.build(dir, filepath.Join(b.bin, "ahc-link"), "--input-hs", abs, "--output-directory", filepath.Join(dir, "ahc"),
		"--ghc-option=-O1", "--no-dist"); err != nil {
		buildErr = [2]error{err, err}
		r.note = "ahc build failed: " + err.Error()
	} else {
		for i, bn := range builds {
			if !need[i] {
				continue
			}
			out := filepath.Join(dir, bn)
			args := []string{"--input-exe", pseudo, "--output-directory", out}
			if bn == "tail" {
				args = append(args, "--tail-calls")
			}
			if err := b.build(dir, filepath.Join(b.bin, "ahc-dist"), args...); err != nil {
				buildErr[i] = err
				r.note += fmt.Sprintf("ahc-dist (%s) failed: %v; ", bn, err)
				continue
			}
			wasm[i] = filepath.Join(out, name+".wasm")
			if fi, err := os.Stat(wasm[i]); err == nil {
				r.wasmSize[i] = fi.Size()
			}
		}
		r.note = strings.TrimSuffix(r.note, "; ")
	}
	argvs := make([][]string, len(b.variants))
	for i, v := range b.variants {
		switch {
		case v.build < 0:
			argvs[i] = append([]string{nativeExe}, args...)
		case buildErr[v.build] != nil:
			r.cells[i].note = "build failed"
		case v.node:
			mjs := strings.TrimSuffix(wasm[v.build], ".wasm") + ".mjs"
			argvs[i] = append([]string{b.node, mjs}, args...)
		default:
			argv := []string{filepath.Join(b.bin, "ahc-run")}
			if builds[v.build] == "tail" {
				argv = append(argv, "--tail-calls")
			}
			argvs[i] = append(append(argv, wasm[v.build]), args...)
		}
	}

	var want []byte
	haveWant := false
	for round := 0; round < b.runs; round++ {
		fmt.Fprintf(os.Stderr, "ahc-bench: %s: round %d/%d\n", name, round+1, b.runs)
		for i := range b.variants {
			if argvs[i] == nil {
				continue
			}
			out, d, err := b.run(dir, stdin, argvs[i])
			c := &r.cells[i]
			if err != nil {
				c.failed++
				if i == 0 {
					fmt.Fprintf(os.Stderr, "ahc-bench: %s: native run: %v\n", name, err)
				}
				continue
			}
			c.times = append(c.times, d)
			if i == 0 && !haveWant {
				want, haveWant = out, true
			}
			if haveWant && !bytes.Equal(out, want) {
				c.mismatch++
			}
		}
	}
	return r
}

// inputs reads a program's optional standard input and arguments.
func inputs(src string) (stdin []byte, args []string, err error) {
	base := strings.TrimSuffix(src, ".hs")
	stdin, err = os.ReadFile(base + ".stdin")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	if a, err := os.ReadFile(base + ".args"); err == nil {
		args = strings.Split(strings.TrimSuffix(string(a), "\n"), "\n")
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	return stdin, args, nil
}

// build runs a compiler or linker; its error carries the end of its output.
func (b *bench) build(dir, exe string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", filepath.Base(exe), err, firstError(out))
	}
	return nil
}

// run runs a program once, returning its standard output and wall time; a
// non-zero exit is an error.
func (b *bench) run(dir string, stdin []byte, argv []string) ([]byte, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return nil, d, fmt.Errorf("%v: %s", err, lastLine(stderr.Bytes()))
	}
	return stdout.Bytes(), d, nil
}

// firstError is the first line of a tool's output that mentions an error,
// else its first line, for short notes.
func firstError(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, l := range lines {
		if strings.Contains(strings.ToLower(l), "error") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[0])
}

// lastLine is the last non-empty line of a tool's output, for short notes.
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
