package host

import (
	"encoding/binary"
	"io/fs"
)

// putFilestat fills a 64-byte preview1 filestat: dev @0, ino @8,
// filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56.
func putFilestat(b []byte, fi fs.FileInfo) {
	clear(b[:filestatSize])
	mtim := fi.ModTime().UnixNano()
	st := sysStat{nlink: 1, atim: mtim, ctim: mtim}
	if s, ok := statOf(fi); ok {
		st = s
	}
	le := binary.LittleEndian
	le.PutUint64(b[0:], st.dev)
	le.PutUint64(b[8:], st.ino)
	b[16] = filetypeOf(fi.Mode())
	le.PutUint64(b[24:], st.nlink)
	le.PutUint64(b[32:], uint64(fi.Size()))
	le.PutUint64(b[40:], uint64(st.atim))
	le.PutUint64(b[48:], uint64(mtim))
	le.PutUint64(b[56:], uint64(st.ctim))
}

// sysStat holds what fs.FileInfo does not say portably.
type sysStat struct {
	dev, ino, nlink uint64
	atim, ctim      int64 // ns since the epoch
}
