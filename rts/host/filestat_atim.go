//go:build linux || openbsd

package host

import (
	"io/fs"
	"syscall"
)

// statOf reads the system's stat structure behind fi.
func statOf(fi fs.FileInfo) (sysStat, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return sysStat{}, false
	}
	return sysStat{
		dev:   uint64(st.Dev),
		ino:   uint64(st.Ino),
		nlink: uint64(st.Nlink),
		atim:  st.Atim.Nano(),
		ctim:  st.Ctim.Nano(),
	}, true
}
