// Package ldcmd understands the command lines ghc and Cabal give their
// linker (gcc-style driver arguments) and turns them into a link task.
package ldcmd

import (
	"fmt"
	"strings"

	"github.com/ahc-hs/ahc/internal/rspfile"
)

// Command is a parsed linker command line.
type Command struct {
	Output      string   // -o
	Relocatable bool     // -r: merge objects instead of linking a program
	Version     bool     // --version or -Wl,--version: report the linker
	Objects     []string // object files in order
	LibDirs     []string // -L
	Libs        []string // -l names, in order
	Roots       []string // -u SYM, -Wl,-u,SYM, -Wl,--undefined=SYM
	LinkerFlags []string // other -Wl, and -Xlinker flags for wasm-ld
	// SysLibDir is the sysroot's library directory, searched after the -L
	// directories as a native linker searches the system's: its C
	// libraries beside libc (libz.a).
	SysLibDir string
}

// ignored are gcc driver flags that mean nothing for a wasm link.
var ignored = map[string]bool{
	"-no-pie": true, "-pie": true, "-fno-PIC": true, "-fPIC": true, "-fno-pic": true, "-fpic": true,
	"-static": true, "-pthread": true, "-rdynamic": true, "-g": true, "-m64": true,
	"-fno-stack-protector": true, "-fstack-protector": true, "-Wall": true, "-w": true, "-s": true,
	"-no-canonical-prefixes": true, "-fno-use-linker-plugin": true,
}

// ignoredPrefixes are flags ignored whatever follows the prefix.
var ignoredPrefixes = []string{"-fuse-ld=", "-O", "-march=", "-mtune=", "-g", "-fdiagnostics-", "-fno-omit-frame-pointer"}

// ignoredLinker are linker flags (after -Wl, or -Xlinker) that mean nothing
// for a wasm link: GNU ld tuning, dynamic linking and --gc-sections, which
// ahc-dist always passes.
var ignoredLinker = map[string]bool{
	"--no-as-needed": true, "--as-needed": true, "--gc-sections": true,
	"--reduce-memory-overheads": true, "--hash-size=31": true, "--build-id": true,
	"-Bsymbolic": true, "--enable-new-dtags": true, "--disable-new-dtags": true, "-E": true,
	"--export-dynamic": true, "-no_compact_unwind": true,
	"--eh-frame-hdr": true, "--noexecstack": true,
}

// ignoredLinkerWithArg are linker flags whose next word is their argument.
var ignoredLinkerWithArg = map[string]bool{"-rpath": true, "-rpath-link": true, "-z": true, "-soname": true, "-h": true}

// SystemLibs are the -l libraries of a native C toolchain that the wasm
// sysroot provides inside libc.a or not at all; they are dropped unless a
// -L directory has them.
var SystemLibs = map[string]bool{"c": true, "m": true, "rt": true, "dl": true, "pthread": true, "ffi": true, "util": true}

// Parse parses a linker command line (without the program name) whose
// response files (@FILE) have been expanded.
func Parse(args []string) (*Command, error) {
	c := &Command{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s needs an argument", a)
			}
			i++
			return args[i], nil
		}
		switch {
		case a == "-o":
			v, err := next()
			if err != nil {
				return nil, err
			}
			c.Output = v
		case a == "-r" || a == "-Wl,-r" || a == "-relocatable":
			c.Relocatable = true
		case a == "--version" || a == "-Wl,--version" || a == "-Wl,-v":
			c.Version = true
		case a == "-L" || a == "-l" || a == "-u" || a == "-Xlinker":
			v, err := next()
			if err != nil {
				return nil, err
			}
			if err := c.flag(a, v); err != nil {
				return nil, err
			}
		case strings.HasPrefix(a, "-L"):
			c.LibDirs = append(c.LibDirs, a[2:])
		case strings.HasPrefix(a, "-l"):
			c.Libs = append(c.Libs, a[2:])
		case strings.HasPrefix(a, "-u"):
			c.Roots = append(c.Roots, a[2:])
		case strings.HasPrefix(a, "-Wl,"):
			if err := c.linkerFlags(strings.Split(a[len("-Wl,"):], ",")); err != nil {
				return nil, fmt.Errorf("%s: %w", a, err)
			}
		case ignored[a] || hasIgnoredPrefix(a) || ignoredLinker[a] || strings.HasPrefix(a, "--build-id"):
			// ghc passes raw ld flags when ahc-ld merges objects (-pgmlm).
		case strings.HasPrefix(a, "-"):
			return nil, fmt.Errorf("unknown linker flag %s (ahc-ld knows ghc's gcc-style link flags; report it if ghc or Cabal passed it)", a)
		default:
			c.Objects = append(c.Objects, a)
		}
	}
	if c.Output == "" && !c.Version {
		c.Output = "a.out"
	}
	return c, nil
}

func hasIgnoredPrefix(a string) bool {
	for _, p := range ignoredPrefixes {
		if strings.HasPrefix(a, p) {
			return true
		}
	}
	return false
}

func (c *Command) flag(name, v string) error {
	switch name {
	case "-L":
		c.LibDirs = append(c.LibDirs, v)
	case "-l":
		c.Libs = append(c.Libs, v)
	case "-u":
		c.Roots = append(c.Roots, v)
	case "-Xlinker":
		return c.linkerFlags([]string{v})
	}
	return nil
}

// linkerFlags takes the words a driver passes on to the linker itself.
func (c *Command) linkerFlags(words []string) error {
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "":
		case w == "-u" || w == "--undefined":
			if i+1 >= len(words) {
				return fmt.Errorf("%s needs a symbol", w)
			}
			i++
			c.Roots = append(c.Roots, words[i])
		case strings.HasPrefix(w, "--undefined="):
			c.Roots = append(c.Roots, strings.TrimPrefix(w, "--undefined="))
		case w == "-r" || w == "--relocatable":
			c.Relocatable = true
		case w == "--version" || w == "-v":
			c.Version = true
		case ignoredLinker[w] || strings.HasPrefix(w, "--build-id=") || strings.HasPrefix(w, "-rpath=") ||
			strings.HasPrefix(w, "-R") || strings.HasPrefix(w, "--hash-style="):
		case ignoredLinkerWithArg[w]:
			i++
		default:
			c.LinkerFlags = append(c.LinkerFlags, w)
		}
	}
	return nil
}

// ExpandResponseFiles replaces every @FILE argument by the arguments FILE
// holds, as gcc does (ghc passes long link command lines this way).
func ExpandResponseFiles(args []string, readFile func(string) ([]byte, error)) ([]string, error) {
	return rspfile.Expand(args, readFile)
}
