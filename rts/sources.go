// Package rts carries ahc's own parts of GHC's runtime system: the patches
// to GHC 9.0.2's RTS sources (patches/, applied in the order of
// patches/series) and the port layer (port/, C in GHC's RTS style). They
// are embedded so that ahc-boot builds the RTS from exactly the sources it
// was built with. rts/stg-abi.md is the contract they implement.
package rts

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed patches port
var files embed.FS

// File is one embedded file: a patch or a port-layer source.
type File struct {
	Name string // e.g. "0001-code-labels-are-data.patch" or "StgRun.c"
	Data []byte
}

// Patches returns the patches in the order they must be applied (with
// patch -p1 in the root of GHC's source tree).
func Patches() ([]File, error) {
	series, err := fs.ReadFile(files, "patches/series")
	if err != nil {
		return nil, fmt.Errorf("rts patches: %w", err)
	}
	var out []File
	for _, line := range strings.Split(string(series), "\n") {
		name := strings.TrimSpace(line)
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		data, err := fs.ReadFile(files, "patches/"+name)
		if err != nil {
			return nil, fmt.Errorf("rts patches: series names %s: %w", name, err)
		}
		out = append(out, File{Name: name, Data: data})
	}
	return out, nil
}

// Port returns the port layer's C sources and headers, sorted by name.
func Port() ([]File, error) {
	ents, err := fs.ReadDir(files, "port")
	if err != nil {
		return nil, fmt.Errorf("rts port layer: %w", err)
	}
	var out []File
	for _, e := range ents {
		if ext := path.Ext(e.Name()); e.IsDir() || (ext != ".c" && ext != ".h") {
			continue
		}
		data, err := fs.ReadFile(files, "port/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("rts port layer: %w", err)
		}
		out = append(out, File{Name: e.Name(), Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
