// Package libc carries ahc's patches to Debian's wasi-libc source package,
// which turn it into a wasm64 (LP64) C library. They are embedded so that
// ahc-boot applies exactly the patches it was built with.
package libc

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed patches
var patches embed.FS

// Patch is one patch file, in the order of the series file.
type Patch struct {
	Name string
	Data []byte
}

// Series returns the patches in the order they must be applied.
func Series() ([]Patch, error) {
	return readSeries(patches, "patches")
}

// FS returns the patch directory, for hashing.
func FS() fs.FS {
	sub, _ := fs.Sub(patches, "patches")
	return sub
}

func readSeries(fsys fs.FS, dir string) ([]Patch, error) {
	series, err := fs.ReadFile(fsys, dir+"/series")
	if err != nil {
		return nil, fmt.Errorf("libc patches: %w", err)
	}
	var out []Patch
	for _, line := range strings.Split(string(series), "\n") {
		name := strings.TrimSpace(line)
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		data, err := fs.ReadFile(fsys, dir+"/"+name)
		if err != nil {
			return nil, fmt.Errorf("libc patches: series names %s: %w", name, err)
		}
		out = append(out, Patch{Name: name, Data: data})
	}
	return out, nil
}
