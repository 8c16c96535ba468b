// Package task defines ahc's pseudo-executable: the platform-independent
// record of a link that ahc-ld writes where ghc expects an executable, and
// that ahc-dist turns into a WebAssembly module.
//
// # Format (version 1)
//
// A pseudo-executable is an uncompressed POSIX tar archive. Its first entry
// is "ahc-link-task.json", the manifest:
//
//	{
//	  "format": "ahc-link-task",
//	  "version": 1,
//	  "objects": [{"file": "objects/0000-Main.o.wasm", "source": "Main.o"}],
//	  "archives": ["/abs/path/libHSbase-4.15.1.0.a"],
//	  "roots": ["base_GHCziTopHandler_runIO_closure"],
//	  "linkerFlags": []
//	}
//
// objects lists, in link order, the wasm64 relocatable objects copied into
// the archive (file: the tar entry holding it; source: the native object
// named on the linker's command line, for messages only). archives are the
// absolute paths of static libraries of wasm64 objects, linked in place (they
// live in a package database). roots are symbols the link must keep
// (-u SYM). linkerFlags are further wasm-ld flags, passed on verbatim.
// Every object named in the manifest follows it as a regular file entry;
// readers reject other entries, unknown formats and newer versions.
//
// # Launcher
//
// The archive may start, before the manifest, with an empty entry whose name
// is a "#!" line naming an interpreter, e.g. "#!/opt/ahc/bin/ahc-run\n". A
// tar's first bytes are its first entry's name, so the kernel then runs the
// pseudo-executable as a script: "./hello a b" becomes "ahc-run ./hello a
// b", which is how cabal's run and test commands, and users, execute what
// ahc-ld wrote. The name must fit tar's 100-byte name field.
package task

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Format and Version identify the manifest.
const (
	Format       = "ahc-link-task"
	Version      = 1
	ManifestName = "ahc-link-task.json"
)

// Task is a link to be done.
type Task struct {
	Objects     []Object // in link order
	Archives    []string // absolute paths of static libraries
	Roots       []string // symbols to keep (-u)
	LinkerFlags []string // further wasm-ld flags
	// Launcher is the interpreter line of the launcher entry, without
	// "#!" and newline ("/opt/ahc/bin/ahc-run"); "" writes none.
	Launcher string
}

// MaxLauncher is the longest Launcher that fits tar's name field with its
// "#!" and newline.
const MaxLauncher = 100 - len("#!\n")

// Object is a wasm64 relocatable object carried inside the task.
type Object struct {
	Source string // the native object it stands for, as the linker was given it
	Data   []byte // the wasm object
}

// Manifest is the JSON document at the start of a pseudo-executable.
type Manifest struct {
	Format      string           `json:"format"`
	Version     int              `json:"version"`
	Objects     []ManifestObject `json:"objects"`
	Archives    []string         `json:"archives"`
	Roots       []string         `json:"roots"`
	LinkerFlags []string         `json:"linkerFlags"`
}

// ManifestObject names one embedded object.
type ManifestObject struct {
	File   string `json:"file"`
	Source string `json:"source"`
}

// entryName is the tar entry of the i-th object.
func entryName(i int, source string) string {
	base := filepath.Base(source)
	if !strings.HasSuffix(base, ".wasm") {
		base += ".wasm"
	}
	return fmt.Sprintf("objects/%04d-%s", i, base)
}

// Manifest returns t's manifest.
func (t *Task) Manifest() Manifest {
	m := Manifest{Format: Format, Version: Version,
		Objects: []ManifestObject{}, Archives: nonNil(t.Archives), Roots: nonNil(t.Roots), LinkerFlags: nonNil(t.LinkerFlags)}
	for i, o := range t.Objects {
		m.Objects = append(m.Objects, ManifestObject{File: entryName(i, o.Source), Source: o.Source})
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// epoch is every entry's modification time: equal tasks are equal bytes.
var epoch = time.Unix(0, 0).UTC()

// Write writes t as a pseudo-executable.
func (t *Task) Write(w io.Writer) error {
	m := t.Manifest()
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	js = append(js, '\n')
	tw := tar.NewWriter(w)
	if t.Launcher != "" {
		if err := validLauncher(t.Launcher); err != nil {
			return err
		}
		// USTAR, never PAX: the name must be the file's first bytes.
		hdr := &tar.Header{Name: "#!" + t.Launcher + "\n", Mode: 0o644, ModTime: epoch, Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("writing the launcher entry: %w", err)
		}
	}
	put := func(name string, data []byte) error {
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: epoch, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	if err := put(ManifestName, js); err != nil {
		return err
	}
	for i, o := range t.Objects {
		if err := put(m.Objects[i].File, o.Data); err != nil {
			return err
		}
	}
	return tw.Close()
}

// validLauncher checks that an interpreter line fits the launcher entry.
func validLauncher(l string) error {
	if len(l) > MaxLauncher || strings.ContainsAny(l, "\n\x00") || !strings.HasPrefix(l, "/") {
		return fmt.Errorf("launcher %q: want an absolute path of at most %d bytes, without newlines", l, MaxLauncher)
	}
	return nil
}

// Read reads a pseudo-executable.
func Read(r io.Reader) (*Task, error) {
	tr := tar.NewReader(r)
	hdr, err := tr.Next()
	launcher := ""
	if err == nil && strings.HasPrefix(hdr.Name, "#!") {
		launcher = strings.TrimSuffix(strings.TrimPrefix(hdr.Name, "#!"), "\n")
		hdr, err = tr.Next()
	}
	if err != nil || hdr.Name != ManifestName {
		return nil, errors.New("not an ahc pseudo-executable (no " + ManifestName + " at its start); was it linked by ahc-ld?")
	}
	var m Manifest
	if err := json.NewDecoder(tr).Decode(&m); err != nil {
		return nil, fmt.Errorf("reading %s: %w", ManifestName, err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: format is %q, want %q", ManifestName, m.Format, Format)
	}
	if m.Version < 1 || m.Version > Version {
		return nil, fmt.Errorf("%s: version %d is not supported (this ahc reads version %d); relink with this ahc", ManifestName, m.Version, Version)
	}
	files := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if hdr.Typeflag != tar.TypeReg || path.Clean(hdr.Name) != hdr.Name || !strings.HasPrefix(hdr.Name, "objects/") {
			return nil, fmt.Errorf("unexpected entry %q", hdr.Name)
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, tr); err != nil {
			return nil, fmt.Errorf("reading %s: %w", hdr.Name, err)
		}
		files[hdr.Name] = buf.Bytes()
	}
	t := &Task{Archives: m.Archives, Roots: m.Roots, LinkerFlags: m.LinkerFlags, Launcher: launcher}
	for _, o := range m.Objects {
		data, ok := files[o.File]
		if !ok {
			return nil, fmt.Errorf("object %s (%s) is missing", o.File, o.Source)
		}
		t.Objects = append(t.Objects, Object{Source: o.Source, Data: data})
	}
	return t, nil
}

// ReadFile reads the pseudo-executable at path.
func ReadFile(path string) (*Task, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// WriteFile writes t to path, replacing it only once it is complete. The
// file is executable, as the output of a linker is.
func (t *Task) WriteFile(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := t.Write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
