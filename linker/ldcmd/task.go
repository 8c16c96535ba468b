package ldcmd

import (
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/linker/task"
)

// TwinSuffix names an object's wasm twin: ahc writes Foo.o.wasm beside
// every native object Foo.o.
const TwinSuffix = ".wasm"

// Task collects what c links: every object's wasm twin (see Twins; copied,
// since ghc deletes its temporary objects after linking), the absolute
// paths of the -l archives and the roots.
func (c *Command) Task() (*task.Task, error) {
	t := &task.Task{Roots: c.Roots, LinkerFlags: c.LinkerFlags}
	twins, err := c.Twins()
	if err != nil {
		return nil, err
	}
	for _, tw := range twins {
		data, err := os.ReadFile(tw.Path)
		if err != nil {
			return nil, fmt.Errorf("reading the twin of %s: %w", tw.Object, err)
		}
		t.Objects = append(t.Objects, task.Object{Source: tw.Object, Data: data})
	}
	seen := map[string]bool{}
	for _, lib := range c.Libs {
		path, err := c.findLib(lib)
		if err != nil {
			return nil, err
		}
		if path == "" || seen[path] {
			continue
		}
		seen[path] = true
		t.Archives = append(t.Archives, path)
	}
	return t, nil
}

// Twin is an object and its wasm twin.
type Twin struct {
	Object string // as given on the command line
	Path   string // Object + TwinSuffix
}

// StubsSuffix names the wasm twins of the C stubs ghc merged into a
// Haskell object (Foo.o.stubs.wasm): ghc merges them (ld -r, through
// ahc-ld -r) before ahc has written Foo.o.wasm from the module's Cmm, so
// ahc-ld leaves them beside the object and ahc merges them into the twin
// it writes, then removes them.
const StubsSuffix = ".stubs.wasm"

// Twins returns the twins of c's objects, in order. An object without a
// twin is an error, except a native object that defines no symbol (ghc's
// link-info note, assembled by the C compiler), which is left out.
func (c *Command) Twins() ([]Twin, error) {
	twins, pending, err := c.twins()
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, missingTwin(pending[0])
	}
	return twins, nil
}

// MergeTwins returns the twins of the objects of a merge (ahc-ld -r), and
// whether an object has no twin yet: the Haskell object ghc compiled a
// moment ago, whose twin ahc writes when ghc has finished. At most one
// object may be pending, in ghc's temporary directory.
func (c *Command) MergeTwins() (twins []Twin, pending bool, err error) {
	twins, missing, err := c.twins()
	if err != nil {
		return nil, false, err
	}
	switch {
	case len(missing) == 0:
		return twins, false, nil
	case len(missing) == 1 && strings.HasPrefix(filepath.Base(filepath.Dir(missing[0])), "ghc"):
		return twins, true, nil
	default:
		return nil, false, missingTwin(missing[0])
	}
}

func missingTwin(obj string) error {
	return fmt.Errorf("%s has no WebAssembly twin %s: it was not compiled by ahc (compile it with ahc, or with ahc's C compiler)", obj, obj+TwinSuffix)
}

// twins returns the twins that exist and the objects that need one but
// have none.
func (c *Command) twins() (twins []Twin, missing []string, err error) {
	for _, obj := range c.Objects {
		tw := Twin{Object: obj, Path: obj + TwinSuffix}
		st, err := os.Stat(tw.Path)
		if errors.Is(err, fs.ErrNotExist) {
			empty, eerr := definesNothing(obj)
			if eerr != nil {
				return nil, nil, eerr
			}
			if !empty {
				missing = append(missing, obj)
			}
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("the twin of %s: %w", obj, err)
		}
		if !st.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("the twin of %s, %s, is not a file", obj, tw.Path)
		}
		twins = append(twins, tw)
	}
	return twins, missing, nil
}

// findLib returns the absolute path of libNAME.a in the -L directories or
// else the sysroot's, "" for a system library the sysroot provides inside
// libc, or an error.
func (c *Command) findLib(name string) (string, error) {
	file := "lib" + name + ".a"
	for _, dir := range c.LibDirs {
		p := filepath.Join(dir, file)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return filepath.Abs(p)
		}
	}
	if SystemLibs[name] {
		return "", nil
	}
	if c.SysLibDir != "" {
		p := filepath.Join(c.SysLibDir, file)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			// The sysroot the library came from, not whichever one
			// "current" names when the program is linked.
			if real, err := filepath.EvalSymlinks(p); err == nil {
				p = real
			}
			return filepath.Abs(p)
		}
	}
	if tag, ok := strings.CutPrefix(name, "HSrts_"); ok {
		return "", fmt.Errorf("cannot find -l%s: the wasm RTS is not built in the way %q%s%s",
			name, tag, wayFlags(tag), c.builtWays())
	}
	dirs := c.LibDirs
	if c.SysLibDir != "" {
		dirs = append(append([]string(nil), dirs...), c.SysLibDir)
	}
	return "", fmt.Errorf("cannot find -l%s: no %s in the -L directories or the sysroot %q", name, file, dirs)
}

// rtsWayFlags are the ghc flags that ask for the parts of an RTS way's
// tag (libHSrts_thr_debug.a: -threaded -debug).
var rtsWayFlags = map[string]string{
	"thr": "-threaded", "debug": "-debug", "l": "-eventlog", "p": "-prof", "dyn": "-dynamic",
}

// wayFlags names what asked for the RTS way tag, for an error message.
func wayFlags(tag string) string {
	var flags []string
	for _, part := range strings.Split(tag, "_") {
		if f, ok := rtsWayFlags[part]; ok {
			flags = append(flags, f)
		}
	}
	if len(flags) == 0 {
		return ""
	}
	return " (asked for by " + strings.Join(flags, " ") + ")"
}

// builtWays lists the RTS ways beside libHSrts.a in the -L directories,
// for an error message: what the rts stage published, not a list kept
// here.
func (c *Command) builtWays() string {
	for _, dir := range c.LibDirs {
		if _, err := os.Stat(filepath.Join(dir, "libHSrts.a")); err != nil {
			continue
		}
		libs, _ := filepath.Glob(filepath.Join(dir, "libHSrts_*.a"))
		tags := []string{"the vanilla way"}
		for _, l := range libs {
			tags = append(tags, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(l), "libHSrts_"), ".a"))
		}
		return "; it has " + strings.Join(tags, ", ")
	}
	return ""
}

// definesNothing reports whether the native object at path exists, is ELF
// and defines no symbol.
func definesNothing(path string) (bool, error) {
	f, err := elf.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("%s: no such object file", path)
	}
	if err != nil {
		return false, nil // not ELF: it needs a twin
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return false, fmt.Errorf("reading the symbols of %s: %w", path, err)
	}
	for _, s := range syms {
		if s.Section != elf.SHN_UNDEF && s.Section != elf.SHN_ABS &&
			elf.ST_TYPE(s.Info) != elf.STT_SECTION && elf.ST_TYPE(s.Info) != elf.STT_FILE {
			return false, nil
		}
	}
	return true, nil
}
