package host

import (
	"context"
	"encoding/binary"
	"io"

	"github.com/tetratelabs/wazero/api"
)

// dirent is one directory entry as fd_readdir reports it.
type dirent struct {
	name     string
	ino      uint64
	filetype uint8
}

// fdReaddir: fd_readdir(fd i, buf p, buf_len p, cookie I, retptr p).
// The cookie of an entry is its index in the listing plus one; the listing
// is taken afresh at cookie 0, which is where rewinddir starts over.
func (s *system) fdReaddir(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	mem := m.Memory()
	buf, ok1 := span(mem, st[1], st[2])
	used, ok2 := span(mem, st[4], 8)
	if !ok1 || !ok2 {
		return errnoFault
	}
	if e.dir == nil {
		return errnoNotdir
	}
	cookie := st[3]
	if cookie == 0 || e.dirents == nil {
		list, err := listDir(e)
		if err != nil {
			return toErrno(err)
		}
		e.dirents = list
	}
	binary.LittleEndian.PutUint64(used, uint64(packDirents(buf, e.dirents, cookie)))
	return errnoSuccess
}

// listDir reads the entries of a directory descriptor, with "." and ".."
// first as other hosts report them. The inode of ".." stays 0: finding it
// would mean looking outside the directory.
func listDir(e *fdEntry) ([]dirent, error) {
	if _, err := e.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	entries, err := e.file.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	list := make([]dirent, 0, len(entries)+2)
	dot := dirent{name: ".", filetype: filetypeDirectory}
	if fi, err := e.file.Stat(); err == nil {
		if st, ok := statOf(fi); ok {
			dot.ino = st.ino
		}
	}
	list = append(list, dot, dirent{name: "..", filetype: filetypeDirectory})
	for _, de := range entries {
		d := dirent{name: de.Name(), filetype: filetypeOf(de.Type())}
		// libc stats entries whose inode is 0, so fill it in here.
		if fi, err := e.dir.Lstat(de.Name()); err == nil {
			if st, ok := statOf(fi); ok {
				d.ino = st.ino
			}
		}
		list = append(list, d)
	}
	return list, nil
}

// packDirents writes the entries from index cookie on into buf, each a
// 24-byte dirent (d_next @0, d_ino @8, d_namlen u32 @16, d_type u8 @20)
// followed by its name, and returns the bytes used. The last entry is cut
// off when buf is full; a full buffer tells libc to ask again, with a
// larger buffer if an entry did not fit.
func packDirents(buf []byte, list []dirent, cookie uint64) int {
	n := 0
	var hdr [direntSize]byte
	for i := cookie; i < uint64(len(list)) && n < len(buf); i++ {
		d := list[i]
		binary.LittleEndian.PutUint64(hdr[0:], i+1)
		binary.LittleEndian.PutUint64(hdr[8:], d.ino)
		binary.LittleEndian.PutUint32(hdr[16:], uint32(len(d.name)))
		hdr[20] = d.filetype
		n += copy(buf[n:], hdr[:])
		n += copy(buf[n:], d.name)
	}
	return n
}
