// Package cabal is what ahc-cabal does: it runs Debian's cabal-install with
// a configuration of ahc's own (never the user's ~/.cabal), in which the
// compiler is ahc and every program cabal runs on objects is ahc's, the
// store is ahc's, and the one repository is the package set's local one.
//
// The command line passes through, with ahc's additions after the command
// word of the commands that build a project: a build directory of its own
// (dist-newstyle/ahc), so that native and wasm builds of one project never
// mix, and the package set's pins of the packages the project needs.
package cabal

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ahc-hs/ahc/pkgset"
)

// Setup is where ahc-cabal's cabal runs.
type Setup struct {
	Bin  string // the directory of ahc's executables (ahc, ahc-pkg, ...)
	Home string // cabal's CABAL_DIR: ahc's own
	Repo string // the package set's local repository
	// Toolchain names the booted toolchain (the package database's cache
	// key, which hashes ahc itself): cabal cannot see that the boot
	// packages' archives or ahc's code generator changed under the same
	// unit ids, so each toolchain gets a store and build directory of its
	// own.
	Toolchain string
}

// RepoName is the name of the package set's repository in cabal's
// configuration.
const RepoName = "ahc-pkgset"

// Config is the text of cabal's configuration file in s.Home.
func (s Setup) Config() string {
	bin := func(name string) string { return filepath.Join(s.Bin, name) }
	return fmt.Sprintf(`-- Written by ahc-cabal at every run: edits are lost.
repository %s
  url: file+noindex://%s

remote-repo-cache: %s
store-dir: %s
installdir: %s
jobs: $ncpus
build-summary: %s

with-compiler: %s
with-hc-pkg: %s
-- Static archives of wasm objects only: ahc builds no shared libraries.
shared: False
executable-dynamic: False
library-for-ghci: False
-- strip knows no wasm objects.
library-stripping: False
executable-stripping: False

program-locations
  ar-location: %s
  gcc-location: %s
  ld-location: %s
`, RepoName, s.Repo,
		filepath.Join(s.Home, "packages"), filepath.Join(s.Home, "store", s.Toolchain), filepath.Join(s.Home, "bin"),
		filepath.Join(s.Home, "logs", "build.log"),
		bin("ahc"), bin("ahc-pkg"), bin("ahc-ar"), bin("ahc-cc"), bin("ahc-ld"))
}

// Command is a cabal command line: global flags, the command word and what
// follows it.
type Command struct {
	Global []string // flags before the command word
	Name   string   // "v2-build", "build", "new-run", ... ("" when none)
	Args   []string
}

// globalWithValue are cabal's global flags that take the next argument.
var globalWithValue = []string{"--config-file", "--store-dir", "--logs-dir", "--remote-repo-cache", "--http-transport"}

// ParseCommand splits a cabal command line.
func ParseCommand(args []string) Command {
	var c Command
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			c.Name, c.Args = a, args[i+1:]
			return c
		}
		c.Global = append(c.Global, a)
		if slices.Contains(globalWithValue, a) && i+1 < len(args) {
			i++
			c.Global = append(c.Global, args[i])
		}
	}
	return c
}

// Base is the command without its v2- or new- prefix: "build", "run", ...
func (c Command) Base() string {
	for _, p := range []string{"v2-", "new-"} {
		if strings.HasPrefix(c.Name, p) {
			return strings.TrimPrefix(c.Name, p)
		}
	}
	return c.Name
}

// projectCommands are the commands that build, or read the plan of, a
// project (cabal 3.4's default commands and their v2-/new- spellings).
var projectCommands = []string{"build", "run", "test", "bench", "install", "repl", "freeze",
	"configure", "haddock", "exec", "list-bin"}

// BuildsProject reports whether c plans a project: it needs the package
// set's sources and takes the build directory and the pins.
func (c Command) BuildsProject() bool {
	if strings.HasPrefix(c.Name, "v1-") {
		return false
	}
	return slices.Contains(projectCommands, c.Base())
}

// BuildDir is ahc's build directory below a project's root for a
// toolchain: below cabal's own, so that cabal clean removes both.
func (s Setup) BuildDir() string { return "dist-newstyle/ahc/" + s.Toolchain }

// flagValue returns the value of a --name=VALUE or --name VALUE flag.
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		if a == name && i+1 < len(args) {
			return args[i+1], true
		}
	}
	return "", false
}

// Targets are the command's arguments that are not flags (and not after
// --, which go to the program run).
func (c Command) Targets() []string {
	var out []string
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") {
			// A flag's separate value would read as a target; the flags
			// that take one are written --flag=VALUE by most users, and
			// a wrong guess only fetches a source more.
			continue
		}
		out = append(out, a)
	}
	return out
}

// SetPlan is what the package set says of the packages a plan may use.
type SetPlan struct {
	Pins []pkgset.Pin // their versions
	// SetupCabal are those whose setup script depends on Cabal. Debian
	// builds them with runhaskell Setup.hs, against ghc's Cabal whatever
	// their setup-depends say (ghc-paths asks for Cabal < 3.1, ghc 9.0.2
	// has 3.4.1.0), so their bounds on it are relaxed as Debian's build
	// ignores them.
	SetupCabal []string
}

// Rewrite returns cabal's command line for c: for a project command, ahc's
// build directory unless the user chose one, a constraint for each pin of
// the plan, and the relaxed bounds on the setup scripts' Cabal.
func (s Setup) Rewrite(c Command, plan SetPlan) []string {
	out := append([]string(nil), c.Global...)
	if c.Name == "" {
		return out
	}
	out = append(out, c.Name)
	if c.BuildsProject() || c.Base() == "clean" {
		if _, ok := flagValue(c.Args, "--builddir"); !ok {
			out = append(out, "--builddir="+s.BuildDir())
		}
	}
	if c.BuildsProject() {
		for _, p := range plan.Pins {
			out = append(out, fmt.Sprintf("--constraint=any.%s ==%s", p.Name, p.Version))
		}
		for _, n := range plan.SetupCabal {
			out = append(out, "--allow-newer="+n+":Cabal")
		}
	}
	return append(out, c.Args...)
}
