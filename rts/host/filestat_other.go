//go:build !(linux || openbsd || darwin || freebsd || netbsd)

package host

import "io/fs"

// statOf has no system stat structure to read here; putFilestat then
// reports what fs.FileInfo knows.
func statOf(fs.FileInfo) (sysStat, bool) { return sysStat{}, false }
