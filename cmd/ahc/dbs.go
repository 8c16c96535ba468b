package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/pkgdb"
	"github.com/ahc-hs/ahc/wrappers/ghc"
)

// envCCTwin is set in ghc's environment to ghc's native C compiler: it
// tells ahc-cc, which ghc runs as its C compiler and assembler (-pgmc,
// -pgma), to compile each C file twice, natively as ghc asked and for
// wasm64 (see ahc-cc --help).
const envCCTwin = "AHC_CC_TWIN"

// envCCTwinInclude is the native RTS include directory for ahc-cc's twin
// mode (see ahc-cc --help).
const envCCTwinInclude = "AHC_CC_TWIN_INCLUDE"

// ghcCommandLine turns ahc's command line into the real ghc's and its
// environment: the package databases are ahc's (ghc.PackageDBs), and ghc's
// C compiler is ahc-cc in twin mode when ahc-cc is installed beside ahc.
// The last result is the private database, "" if there is none.
func ghcCommandLine(args []string, cfg config.Config, ghcPath string) ([]string, []string, string, error) {
	private := pkgdb.Location(cfg.CacheDir, os.Getenv)
	have := private
	if !pkgdb.Exists(private) {
		have = ""
	}
	st := ghc.PackageDBs(args, have)
	if st.NeedsGlobal && have == "" && needsPackages(args) {
		return nil, nil, "", &pkgdb.MissingError{Dir: private}
	}
	out := st.Args()
	env := os.Environ()
	if cc := ahcCC(); cc != "" && compilesC(args) {
		native, libDir, err := nativeCC(ghcPath)
		if err != nil {
			return nil, nil, "", err
		}
		out = append(out[:len(st.Flags):len(st.Flags)], append([]string{"-pgmc", cc, "-pgma", cc}, st.Rest...)...)
		env = append(env, envCCTwin+"="+native, envCCTwinInclude+"="+filepath.Join(libDir, "include"))
	}
	if flags := interpreterFlags(args); len(flags) > 0 {
		out = append(out[:len(st.Flags):len(st.Flags)], append(flags, out[len(st.Flags):]...)...)
	}
	if ld := sibling("ahc-ld"); ld != "" && needsPackages(args) {
		// ghc's linker writes pseudo-executables, and its object merger
		// (foreign export and CApiFFI stubs) merges twins too. A -pgmlm
		// program gets no -r from ghc's settings.
		out = append(out[:len(st.Flags):len(st.Flags)], append([]string{"-pgml", ld, "-pgmlm", ld, "-optlm", "-r"}, out[len(st.Flags):]...)...)
	}
	return out, env, have, nil
}

// interpreterFlags are the flags that keep ghc from building dynamic
// objects for Template Haskell: a dynamically linked ghc (Debian's) turns
// on -dynamic-too for every module of a --make build that uses Template
// Haskell, so that its in-process interpreter could load them, and then
// panics for want of the dynamic interfaces ahc's database does not have.
// With the external interpreter it does not, and modules that only quote
// code compile. A user's own choice of interpreter stands.
func interpreterFlags(args []string) []string {
	if !needsPackages(args) || slices.Contains(args, "-fexternal-interpreter") || slices.Contains(args, "-fno-external-interpreter") {
		return nil
	}
	return []string{"-fexternal-interpreter"}
}

// compilesC reports whether ghc may run its C compiler for args: for a C
// source, or to link (the C stub of the main module).
func compilesC(args []string) bool {
	a := ghc.ParseArgs(args)
	if a.Mode == ghc.ModeOther {
		return false
	}
	if !a.NoLink {
		return true
	}
	for _, in := range a.Inputs {
		if strings.HasSuffix(in.Path, ".c") {
			return true
		}
	}
	return false
}

var (
	infoCC     = regexp.MustCompile(`\("C compiler command","([^"]*)"\)`)
	infoLibDir = regexp.MustCompile(`\("LibDir","([^"]*)"\)`)
)

// nativeCC is the C compiler the real ghc is configured with, and ghc's
// library directory (whose include/ holds the native RTS headers).
func nativeCC(ghcPath string) (cc, libDir string, err error) {
	out, err := exec.Command(ghcPath, "--info").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s --info: %w", ghcPath, err)
	}
	m, l := infoCC.FindSubmatch(out), infoLibDir.FindSubmatch(out)
	if m == nil || l == nil {
		return "", "", fmt.Errorf("%s --info names no C compiler or LibDir", ghcPath)
	}
	return string(m[1]), string(l[1]), nil
}

// needsPackages reports whether ghc needs a package database for args:
// when it compiles or links; not for --version, --info and the like.
func needsPackages(args []string) bool {
	return ghc.ParseArgs(args).Mode != ghc.ModeOther
}

// ahcCC is the ahc-cc installed beside this executable, or "".
func ahcCC() string { return sibling("ahc-cc") }

// sibling is the executable name installed beside this one, or "".
func sibling(name string) string {
	self, err := os.Executable()
	if err != nil {
		return ""
	}
	p := filepath.Join(filepath.Dir(self), name)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

var (
	infoGlobalDB = regexp.MustCompile(`\("Global Package DB","[^"]*"\)`)
	infoDynamic  = regexp.MustCompile(`\("GHC Dynamic","[^"]*"\)`)
)

// rewriteInfo turns the real ghc's --info into ahc's: the global package
// database is ahc's private one db, and ahc is not a dynamic compiler (its
// target has no shared libraries). Cabal reads the latter to decide
// whether modules that use Template Haskell need dynamic objects too
// (-dynamic-too), which ahc's database has no interfaces for.
func rewriteInfo(out []byte, db string) []byte {
	out = infoGlobalDB.ReplaceAllLiteral(out, []byte(fmt.Sprintf("(\"Global Package DB\",%q)", db)))
	return infoDynamic.ReplaceAllLiteral(out, []byte(`("GHC Dynamic","NO")`))
}

// answerGlobalDBQuery answers the questions whose answer is the global
// package database: --print-global-package-db, and --info (rewriteInfo).
// The answer is ahc's private database db. It reports whether it answered.
func answerGlobalDBQuery(ctx context.Context, cfg config.Config, args []string, db, ghcPath string, env []string, w io.Writer) (bool, error) {
	switch {
	case slices.Contains(args, "--print-global-package-db"):
		if db == "" {
			return true, &pkgdb.MissingError{Dir: pkgdb.Location(cfg.CacheDir, os.Getenv)}
		}
		fmt.Fprintln(w, db)
		return true, nil
	case slices.Contains(args, "--info"):
		cmd := exec.CommandContext(ctx, ghcPath, "--info")
		cmd.Env = env
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return true, fmt.Errorf("%s --info: %w", ghcPath, err)
		}
		_, err = io.Copy(w, bytes.NewReader(rewriteInfo(out, db)))
		return true, err
	}
	return false, nil
}
