// Package ar impersonates ar for Cabal: the archives of ahc's packages hold
// the wasm objects ahc writes beside the native ones (Foo.o.wasm beside
// Foo.o), each stored under the native object's name (Foo.o).
package ar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ahc-hs/ahc/internal/rspfile"
)

// TwinSuffix is the suffix of a native object's wasm twin.
const TwinSuffix = ".wasm"

// Command is an ar command line: ar [-]OPS [-MODS...] ARCHIVE [MEMBER...].
type Command struct {
	Ops     string   // the operation and modifier letters, e.g. "rc"
	Archive string   // the archive
	Members []string // the member files, response files expanded
}

// Parse reads an ar command line (without the program name), the way
// Cabal 3.4 writes them: "-r -c ARCHIVE @RSP", "-q ARCHIVE FILES...",
// "-qL", "rcs ARCHIVE FILES...". Response files (@FILE) are expanded.
func Parse(args []string) (Command, error) {
	var c Command
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			if strings.HasPrefix(a, "--") { // --format=..., --plugin ...
				continue
			}
			c.Ops += a[1:]
			continue
		}
		if c.Ops == "" { // the first argument may be the letters without '-'
			c.Ops = a
			continue
		}
		break
	}
	if c.Ops == "" || i >= len(args) {
		return Command{}, errors.New("usage: ahc-ar OPERATION ARCHIVE [MEMBER...]")
	}
	c.Archive = args[i]
	members, err := rspfile.Expand(args[i+1:], os.ReadFile)
	if err != nil {
		return Command{}, err
	}
	c.Members = members
	if !strings.ContainsAny(c.Ops, "rqdtxpm") {
		return Command{}, fmt.Errorf("ahc-ar: unsupported operation %q (only r, q and the like)", c.Ops)
	}
	return c, nil
}

// LLVMOps are the operation letters for llvm-ar: the caller's, with a
// symbol index (s) for operations that add members, and without the
// letters llvm-ar does not know (L: GNU ar's "add archive contents").
func (c Command) LLVMOps() string {
	ops := strings.ReplaceAll(c.Ops, "L", "")
	if strings.ContainsAny(ops, "rq") && !strings.Contains(ops, "s") {
		ops += "s"
	}
	return ops
}

var wasmMagic = []byte("\x00asm")

// Twin returns the wasm object to store for the member file m: m+".wasm",
// or m itself when it is a wasm object already.
func Twin(m string) (string, error) {
	if isWasm(m) {
		return m, nil
	}
	twin := m + TwinSuffix
	if !isWasm(twin) {
		return "", fmt.Errorf("%s has no wasm twin %s (was it compiled by ahc?)", m, filepath.Base(twin))
	}
	return twin, nil
}

func isWasm(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, wasmMagic)
}

// Stage makes, in dir, a file named like each member (its base name) that
// links to the member's wasm twin, so that llvm-ar stores the twin under
// the member's name. Each member gets its own subdirectory, as different
// members may share a base name. It returns the staged paths in order.
func Stage(dir string, members []string) ([]string, error) {
	staged := make([]string, len(members))
	for i, m := range members {
		twin, err := Twin(m)
		if err != nil {
			return nil, err
		}
		abs, err := filepath.Abs(twin)
		if err != nil {
			return nil, err
		}
		sub := filepath.Join(dir, strconv.Itoa(i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			return nil, fmt.Errorf("staging %s: %w", m, err)
		}
		staged[i] = filepath.Join(sub, filepath.Base(m))
		if err := os.Symlink(abs, staged[i]); err != nil {
			return nil, fmt.Errorf("staging %s: %w", m, err)
		}
	}
	return staged, nil
}

// Run carries out c with llvm-ar over the members' wasm twins.
func Run(ctx context.Context, llvmAr string, c Command, stdout, stderr io.Writer) error {
	if !strings.ContainsAny(c.Ops, "rq") {
		// Listing, extracting, deleting: the archive holds wasm objects
		// already; llvm-ar does it as it is.
		return run(ctx, llvmAr, append([]string{c.Ops, c.Archive}, c.Members...), stdout, stderr)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(c.Archive), ".ahc-ar-")
	if err != nil {
		return fmt.Errorf("ahc-ar: %w", err)
	}
	defer os.RemoveAll(tmp)
	staged, err := Stage(tmp, c.Members)
	if err != nil {
		return err
	}
	rsp := filepath.Join(tmp, "members.rsp")
	var b strings.Builder
	for _, s := range staged {
		b.WriteString(rspfile.Quote(s) + "\n")
	}
	if err := os.WriteFile(rsp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("ahc-ar: %w", err)
	}
	return run(ctx, llvmAr, []string{c.LLVMOps(), c.Archive, "@" + rsp}, stdout, stderr)
}

func run(ctx context.Context, llvmAr string, args []string, stdout, stderr io.Writer) error {
	cmd := exec.CommandContext(ctx, llvmAr, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("llvm-ar %s %s: %w", args[0], args[1], err)
	}
	return nil
}
