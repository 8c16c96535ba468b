package wasmobj

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
)

// Inputs are the files of a link, in command-line order.
type Inputs struct {
	Objects  []string // wasm objects, which may be rewritten
	Archives []string // archives of wasm objects, whose members may be rewritten
	// Libraries (objects or archives: the C library, the start file) are
	// only searched for definitions, never rewritten.
	Libraries []string
}

// Unit is one object of a link: a plain file or an archive member.
type Unit struct {
	File     string // the object or archive
	Member   string // "" for a plain object
	Data     []byte // mapped: valid until the Set is closed
	Writable bool   // from Inputs.Objects or Inputs.Archives
	Obj      int    // index in Inputs.Objects, or -1
	Archive  int    // index in Inputs.Archives, or -1
	Syms     SymbolInfo
}

func (u *Unit) String() string {
	if u.Member == "" {
		return u.File
	}
	return u.File + "(" + u.Member + ")"
}

// Set is the objects of a link, read and their symbol tables scanned.
type Set struct {
	In       Inputs
	Units    []*Unit
	releases []func()
}

// Load maps the files of in and scans the symbol tables of their objects
// (archive members included) in parallel. The caller closes the set.
func Load(in Inputs) (*Set, error) {
	s := &Set{In: in}
	load := func(path string, writable bool, obj, archive int) error {
		data, release, err := MapFile(path)
		if err != nil {
			return err
		}
		s.releases = append(s.releases, release)
		if IsArchive(data) {
			members, err := ReadArchive(data)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			for _, m := range members {
				s.Units = append(s.Units, &Unit{File: path, Member: m.Name, Data: m.Data, Writable: writable, Obj: -1, Archive: archive})
			}
			return nil
		}
		s.Units = append(s.Units, &Unit{File: path, Data: data, Writable: writable, Obj: obj, Archive: -1})
		return nil
	}
	var err error
	for i, p := range in.Objects {
		if err == nil {
			err = load(p, true, i, -1)
		}
	}
	for i, p := range in.Archives {
		if err == nil {
			err = load(p, true, -1, i)
		}
	}
	for _, p := range in.Libraries {
		if err == nil {
			err = load(p, false, -1, -1)
		}
	}
	if err == nil {
		err = s.scan()
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close unmaps the files.
func (s *Set) Close() {
	for _, release := range s.releases {
		release()
	}
	s.releases = nil
}

// scan reads the symbol tables of the units, in parallel.
func (s *Set) scan() error {
	return Parallel(len(s.Units), func(i int) error {
		u := s.Units[i]
		if !IsWasm(u.Data) {
			return nil // not a wasm object (an archive may hold other files)
		}
		var err error
		if u.Syms, err = ScanSymbols(u.Data); err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
		return nil
	})
}

// Parallel calls f(0) ... f(n-1) on a few goroutines and joins their
// errors.
func Parallel(n int, f func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), 8, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				errs[i] = f(i)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// FirstDefinitions returns, for each function the units define (non-local),
// the first unit defining it.
func (s *Set) FirstDefinitions() map[string]*Unit {
	defs := map[string]*Unit{}
	for _, u := range s.Units {
		for _, name := range u.Syms.DefFuncs {
			if defs[name] == nil {
				defs[name] = u
			}
		}
	}
	return defs
}

// Output collects the rewritten units of a set and makes the inputs to
// link instead. Several passes may rewrite the units of one set in turn:
// each sees the units as the previous ones left them.
type Output struct {
	set      *Set
	dir      string
	prefix   string
	replaced []*Unit // in the order of set.Units when written
	seen     map[*Unit]bool
}

// NewOutput writes files into dir (which the caller removes after the
// link), their names starting with prefix.
func (s *Set) NewOutput(dir, prefix string) *Output {
	return &Output{set: s, dir: dir, prefix: prefix, seen: map[*Unit]bool{}}
}

// Replace makes data the contents of the writable unit u, rescanning its
// symbols.
func (o *Output) Replace(u *Unit, data []byte) error {
	if !u.Writable {
		return fmt.Errorf("%s: a library, which is not rewritten", u)
	}
	syms, err := ScanSymbols(data)
	if err != nil {
		return fmt.Errorf("%s after rewriting: %w", u, err)
	}
	u.Data, u.Syms = data, syms
	if !o.seen[u] {
		o.seen[u] = true
		o.replaced = append(o.replaced, u)
	}
	return nil
}

// Empty reports whether nothing was replaced.
func (o *Output) Empty() bool { return len(o.replaced) == 0 }

// Replaced returns the rewritten units, in the order they were first
// replaced.
func (o *Output) Replaced() []*Unit { return o.replaced }

// Files writes the rewritten units and returns the objects and archives to
// link: the objects, rewritten ones replaced, and the archives, each
// preceded by an archive of its rewritten members, which wasm-ld, keeping
// the first lazy definition of a symbol, pulls in instead of the
// originals. With nothing replaced they are the inputs themselves.
func (o *Output) Files() (objects, archives []string, err error) {
	in := o.set.In
	if o.Empty() {
		return in.Objects, in.Archives, nil
	}
	objects = append([]string(nil), in.Objects...)
	members := map[int][]ArchiveMember{}
	for _, u := range o.set.Units {
		if !o.seen[u] {
			continue
		}
		if u.Member == "" {
			p := filepath.Join(o.dir, fmt.Sprintf("%s-%04d-%s", o.prefix, u.Obj, filepath.Base(u.File)))
			if err := os.WriteFile(p, u.Data, 0o644); err != nil {
				return nil, nil, err
			}
			objects[u.Obj] = p
			continue
		}
		defined, err := DefinedNames(u.Data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s after rewriting: %w", u, err)
		}
		members[u.Archive] = append(members[u.Archive], ArchiveMember{Member{u.Member, u.Data}, defined})
	}
	for i, a := range in.Archives {
		if ms := members[i]; ms != nil {
			p := filepath.Join(o.dir, fmt.Sprintf("%s-%04d-%s", o.prefix, i, filepath.Base(a)))
			if err := os.WriteFile(p, WriteArchive(ms), 0o644); err != nil {
				return nil, nil, err
			}
			archives = append(archives, p)
		}
		archives = append(archives, a)
	}
	return objects, archives, nil
}

// DefinedNames returns the symbols an object defines for other objects,
// which an archive's symbol index lists.
func DefinedNames(data []byte) ([]string, error) {
	linking, err := LinkingSection(data)
	if err != nil {
		return nil, err
	}
	syms, err := ParseSymtab(linking)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range syms {
		if s.Kind != SymSection && s.Flags&(FlagUndefined|FlagLocal) == 0 && s.Name != "" {
			names = append(names, s.Name)
		}
	}
	return names, nil
}
