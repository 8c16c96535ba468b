package ghc

// How ghc 9.0.2 names dump files (GHC.Utils.Error.chooseDumpFile and
// GHC.Driver.Pipeline.runPipeline): the dump of a source SRC goes to
//
//	DUMPDIR </> dropExtension(SRC) ++ "." ++ SUFFIX
//
// where SRC is the path ghc has for the source (as given on the command
// line, or import directory </> A/B/C.hs when found through -i), SUFFIX is
// "dump-cmm-raw" for -ddump-cmm-raw, and </> is Haskell's: an absolute SRC
// ignores DUMPDIR, so such dumps land next to the source. Relative sources
// with ".." climb out of DUMPDIR. Within one run a second dump to the same
// file is appended, which is how -dynamic-too dumps come out: the raw Cmm of
// the static pass, then that of the dynamic pass.
//
// So dumps are named after source paths, not module names: A/B.hs and
// C/B.hs (both modules named B) get A/B.dump-cmm-raw and C/B.dump-cmm-raw,
// and a Main module in app/main.hs gets app/main.dump-cmm-raw. The same
// holds for .cmm sources and -ddump-cmm.
//
// ahc therefore places the dump directory so that any relative source path
// lands inside its private directory (see newWorkDir), moves the dumps of
// absolute sources away right after ghc exits (see snapshot), and maps each
// dump back to its source by its path: one file per source path, so two
// modules can only meet in one dump if their sources differ in extension
// alone (A.hs, A.lhs), which ahc detects and reports. The module's name
// comes from the dump itself (dumpModuleNames), its object from ghc's rules
// (mkObjPath in ghc.go), checked to exist.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// The suffixes ghc gives the dumps ahc asks for.
const (
	rawSuffix = ".dump-cmm-raw" // -ddump-cmm-raw, for Haskell modules
	cmmSuffix = ".dump-cmm"     // -ddump-cmm, for .cmm sources
)

// rawHeader starts each group of a -ddump-cmm-raw dump.
const rawHeader = "==================== Raw Cmm ===================="

// workDir is ahc's private directory for one ghc run:
//
//	tree/...  holds the -dumpdir given to ghc (dumpDir)
//	moved/N/  dumps ghc wrote next to sources with absolute paths
//	split/N/  the two halves of -dynamic-too dumps
type workDir struct {
	root    string
	dumpDir string
	n       int // numbers the subdirectories of moved/ and split/
}

// newWorkDir creates the private directory. The dump directory mirrors
// cwd below tree/, padded with climb levels, so that a source path with up
// to climb leading ".." components gets its dump inside tree/ and two
// different sources never share a dump.
func newWorkDir(tempDir, cwd string, climb int) (*workDir, error) {
	root, err := os.MkdirTemp(tempDir, "ahc-dumps-")
	if err != nil {
		return nil, fmt.Errorf("dump directory: %w", err)
	}
	dumpDir := filepath.Join(root, "tree", strings.Repeat("_"+string(filepath.Separator), climb), cwd)
	if err := os.MkdirAll(dumpDir, 0o777); err != nil {
		os.RemoveAll(root)
		return nil, fmt.Errorf("dump directory: %w", err)
	}
	return &workDir{root: root, dumpDir: dumpDir}, nil
}

// subdir creates a fresh numbered directory under kind ("moved", "split").
func (w *workDir) subdir(kind string) (string, error) {
	w.n++
	dir := filepath.Join(w.root, kind, strconv.Itoa(w.n))
	return dir, os.MkdirAll(dir, 0o777)
}

// maxClimb is the largest number of ".." components in any relative path
// ghc may build a source path from: the import directories and the inputs.
func maxClimb(a *Args) int {
	climb := 0
	count := func(p string) {
		if filepath.IsAbs(p) {
			return
		}
		n := 0
		for _, c := range strings.Split(filepath.ToSlash(p), "/") {
			if c == ".." {
				n++
			}
		}
		climb = max(climb, n)
	}
	for _, p := range a.ImportPaths {
		count(p)
	}
	for _, in := range a.Inputs {
		count(in.Path)
	}
	return climb
}

// snapshot records the dump files that may exist before ghc runs where ghc
// would write dumps of absolute sources: next to absolute inputs, and below
// absolute import directories (only in directories named like module path
// components, where modules can be). After the run, files that are new or
// changed are ghc's and must go.
type snapshot struct {
	files    map[string]fs.FileInfo
	dirs     []string // absolute import directories
	bases    []string // absolute inputs without extension
	suffixes []string
}

func takeSnapshot(a *Args, suffixes []string) *snapshot {
	s := &snapshot{files: map[string]fs.FileInfo{}, suffixes: suffixes}
	seen := map[string]bool{}
	for _, p := range a.ImportPaths {
		if filepath.IsAbs(p) && !seen[filepath.Clean(p)] {
			seen[filepath.Clean(p)] = true
			s.dirs = append(s.dirs, filepath.Clean(p))
		}
	}
	for _, in := range a.Inputs {
		if in.Kind != InputOther && filepath.IsAbs(in.Path) {
			s.bases = append(s.bases, dropExtension(filepath.Clean(in.Path)))
		}
	}
	s.scan(func(path string, info fs.FileInfo) { s.files[path] = info })
	return s
}

// scan calls f for each candidate dump file that exists.
func (s *snapshot) scan(f func(string, fs.FileInfo)) {
	for _, base := range s.bases {
		for _, suf := range s.suffixes {
			if info, err := os.Stat(base + suf); err == nil && info.Mode().IsRegular() {
				f(base+suf, info)
			}
		}
	}
	for _, dir := range s.dirs {
		s.walk(dir, f)
	}
}

// walk visits dump files below dir, entering only directories that can
// hold modules (A/B/C.hs), so that a broad -i does not mean a broad walk.
// Symbolic links to directories are not followed.
func (s *snapshot) walk(dir string, f func(string, fs.FileInfo)) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if e.IsDir() {
			if isModuleComponent(name) {
				s.walk(path, f)
			}
			continue
		}
		for _, suf := range s.suffixes {
			if base, ok := strings.CutSuffix(name, suf); ok && isModuleComponent(base) {
				if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
					f(path, info)
				}
			}
		}
	}
}

// changed returns the candidate dump files ghc wrote during the run.
func (s *snapshot) changed() []string {
	var out []string
	s.scan(func(path string, info fs.FileInfo) {
		if old, ok := s.files[path]; !ok || !sameFile(old, info) {
			out = append(out, path)
		}
	})
	return out
}

// sameFile reports whether a file is unchanged: same inode, time and size.
func sameFile(old, now fs.FileInfo) bool {
	return os.SameFile(old, now) && old.ModTime().Equal(now.ModTime()) && old.Size() == now.Size()
}

// dumpFile is a dump ghc wrote, now inside the work directory.
type dumpFile struct {
	path    string // where the dump is now
	srcBase string // the source without extension, relative to the working directory or absolute
	suffix  string // rawSuffix or cmmSuffix
}

// collectTree lists the dumps with the given suffixes in the dump tree and
// maps each back to its source: the inverse of ghc's naming.
func (w *workDir) collectTree(suffixes []string) ([]dumpFile, error) {
	var out []dumpFile
	err := filepath.WalkDir(filepath.Join(w.root, "tree"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, suf := range suffixes {
			if strings.HasSuffix(path, suf) {
				rel, err := filepath.Rel(w.dumpDir, strings.TrimSuffix(path, suf))
				if err != nil {
					return err
				}
				out = append(out, dumpFile{path: path, srcBase: rel, suffix: suf})
			}
		}
		return nil
	})
	return out, err
}

// moveEscaped moves the dumps ghc wrote next to absolute sources into the
// work directory. keep names the suffixes the user asked for too: those are
// copied and left in place, as ghc would leave them.
func (w *workDir) moveEscaped(paths []string, keep map[string]bool) ([]dumpFile, error) {
	var out []dumpFile
	for _, p := range paths {
		suf := rawSuffix
		if !strings.HasSuffix(p, rawSuffix) {
			suf = cmmSuffix
		}
		dir, err := w.subdir("moved")
		if err != nil {
			return out, err
		}
		dst := filepath.Join(dir, filepath.Base(p))
		if keep[suf] {
			err = copyFile(p, dst)
		} else {
			err = moveFile(p, dst)
		}
		if err != nil {
			return out, fmt.Errorf("moving dump away from the sources: %w", err)
		}
		out = append(out, dumpFile{path: dst, srcBase: strings.TrimSuffix(p, suf), suffix: suf})
	}
	return out, nil
}

// restoreUserDumps puts the dumps the user asked for where ghc would have
// written them without ahc's -dumpdir: below the user's -dumpdir, or next
// to the sources. ahc's own dumps stay behind (and go with the work
// directory) unless the user asked for the same dump.
func (w *workDir) restoreUserDumps(cwd, userDumpDir string, ours map[string]bool) error {
	var errs []error
	filepath.WalkDir(filepath.Join(w.root, "tree"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(w.dumpDir, path)
		if err != nil {
			return nil
		}
		dst := rel
		if userDumpDir != "" {
			dst = hsCombine(userDumpDir, rel)
		}
		dst = absIn(cwd, dst)
		own := false
		for suf, userToo := range ours {
			if strings.HasSuffix(path, suf) {
				own = true
				if userToo {
					errs = append(errs, copyFile(path, dst))
				}
			}
		}
		if !own {
			errs = append(errs, moveFile(path, dst))
		}
		return nil
	})
	return errors.Join(errs...)
}

// dumpModuleNames returns the modules whose Cmm a raw dump holds, found by
// the module's $trModule closure (GHC defines Foo.$trModule_closure in
// every module unless -dno-typeable-binds). More than one name means ghc
// appended the dumps of two sources that share a base name.
func dumpModuleNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if name, ok := bytes.CutSuffix(line, []byte(".$trModule_closure:")); ok && !slices.Contains(names, string(name)) {
			names = append(names, string(name))
		}
	}
	return names, sc.Err()
}

// splitDynamicToo splits the dump of a module ghc compiled twice
// (-dynamic-too, also turned on by ghc for Template Haskell): the first
// half of the groups is the static pass, the second the dynamic one. Both
// passes generate code for the same bindings in the same order, so they
// have the same number of groups; the labels of the module's own closures
// must match pairwise, which checks the split.
func splitDynamicToo(data []byte, module string) (static, dynamic []byte, err error) {
	var starts []int
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		if string(data[off:off+end]) == rawHeader {
			starts = append(starts, off)
		}
		off += end + 1
	}
	n := len(starts)
	if n == 0 || n%2 != 0 {
		return nil, nil, fmt.Errorf("cannot split the -dynamic-too dump: %d groups, expected an even number", n)
	}
	half := n / 2
	group := func(i int) []byte {
		end := len(data)
		if i+1 < n {
			end = starts[i+1]
		}
		return data[starts[i]:end]
	}
	if module != "" {
		for i := 0; i < half; i++ {
			a, b := moduleLabels(group(i), module), moduleLabels(group(i+half), module)
			if a != b {
				return nil, nil, fmt.Errorf("cannot split the -dynamic-too dump: group %d defines %q in the static pass but %q in the dynamic one", i+1, a, b)
			}
		}
	}
	cut := starts[half]
	if cut > 0 && data[cut-1] == '\n' { // each group starts with a blank line
		cut--
	}
	return data[:cut], data[cut:], nil
}

// moduleLabels lists, in order, the labels a dump group defines that
// belong to module (those start with "module."): the same in both passes,
// unlike local labels, which carry fresh uniques.
func moduleLabels(group []byte, module string) string {
	var labels []string
	prefix := module + "."
	for _, line := range bytes.Split(group, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if label, ok := bytes.CutSuffix(line, []byte(":")); ok && bytes.HasPrefix(label, []byte(prefix)) && !bytes.ContainsAny(label, " \t") {
			labels = append(labels, string(label))
		}
	}
	return strings.Join(labels, " ")
}

// dropExtension is Haskell's System.FilePath.dropExtension.
func dropExtension(p string) string {
	return strings.TrimSuffix(p, filepath.Ext(p))
}

// hsCombine is Haskell's </>: an absolute b replaces a.
func hsCombine(a, b string) string {
	if filepath.IsAbs(b) {
		return b
	}
	return filepath.Join(a, b)
}

// absIn makes p absolute, relative to dir.
func absIn(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// moveFile renames src to dst, creating dst's directory; across file
// systems it copies and removes.
func moveFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return err
	}
	err := os.Rename(src, dst)
	if errors.Is(err, syscall.EXDEV) {
		if err = copyFile(src, dst); err == nil {
			err = os.Remove(src)
		}
	}
	return err
}

func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
