package host

import (
	"context"
	"encoding/binary"
	"io/fs"
	"os"

	"github.com/tetratelabs/wazero/api"
)

// The path_* imports. Every path goes through lookup (resolve.go) and then
// through the descriptor's directory, which keeps it below a confined one.

// pathOpen: path_open(fd i, dirflags i, path p, path_len p, oflags i,
// rights_base I, rights_inheriting I, fdflags i, retptr fd p).
func (s *system) pathOpen(_ context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	root, p, en := s.lookup(mem, uint32(st[0]), st[2], st[3])
	if en != errnoSuccess {
		return en
	}
	fdOut, ok := span(mem, st[8], 4)
	if !ok {
		return errnoFault
	}
	dirflags, oflags, fdflags := uint32(st[1]), uint32(st[4]), uint32(st[7])
	base, inheriting := st[5], st[6]
	if oflags&^0xf != 0 || fdflags&^uint32(fdflagsAll) != 0 {
		return errnoInval
	}
	// libc derives the rights from the open mode: read and write rights
	// stand for O_RDONLY, O_WRONLY and O_RDWR.
	read := base&(rightFdRead|rightFdReaddir) != 0
	write := base&rightFdWrite != 0
	var flag int
	switch {
	case oflags&uint32(oflagDirectory) != 0 && write:
		return errnoIsdir
	case read && write:
		flag = os.O_RDWR
	case write:
		flag = os.O_WRONLY
	default:
		flag = os.O_RDONLY
	}
	if oflags&uint32(oflagCreat) != 0 {
		flag |= os.O_CREATE
	}
	if oflags&uint32(oflagExcl) != 0 {
		flag |= os.O_EXCL
	}
	if oflags&uint32(oflagTrunc) != 0 {
		flag |= os.O_TRUNC
	}
	// os.Root always follows a final symlink; without symlink_follow the
	// open must fail on one, as O_NOFOLLOW does.
	if dirflags&lookupSymlinkFollow == 0 {
		if fi, err := root.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return errnoLoop
		}
	}
	f, err := root.OpenFile(p, flag, 0o666)
	if err != nil {
		return toErrno(err)
	}
	e, err := openedEntry(root, p, f)
	if err != nil {
		return toErrno(err)
	}
	if e.filetype != filetypeDirectory && oflags&uint32(oflagDirectory) != 0 {
		e.close()
		return errnoNotdir
	}
	e.flags = uint16(fdflags)
	e.rightsBase, e.rightsInheriting = base, inheriting
	fd, en := s.fds.insert(e)
	if en != errnoSuccess {
		e.close()
		return en
	}
	binary.LittleEndian.PutUint32(fdOut, fd)
	return errnoSuccess
}

// openedEntry makes the descriptor entry for f, which path_open found at p
// below root. It owns f, also when it fails.
func openedEntry(root directory, p string, f *os.File) (*fdEntry, error) {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	e := &fdEntry{
		filetype: filetypeOf(fi.Mode()),
		r:        f,
		w:        f,
		file:     f,
		owned:    true,
		parent:   root,
		path:     p,
	}
	if fi.IsDir() {
		// Paths relative to the new descriptor stay below it.
		if e.dir, err = root.Sub(p); err != nil {
			f.Close()
			return nil, err
		}
	}
	return e, nil
}

// pathCreateDirectory: path_create_directory(fd i, path p, path_len p).
func (s *system) pathCreateDirectory(_ context.Context, m api.Module, st []uint64) errno {
	root, p, en := s.lookup(m.Memory(), uint32(st[0]), st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	return toErrno(root.Mkdir(p, 0o777))
}

// pathRemoveDirectory: path_remove_directory(fd i, path p, path_len p).
// os.Root.Remove removes files too, so the type is checked first.
func (s *system) pathRemoveDirectory(_ context.Context, m api.Module, st []uint64) errno {
	root, p, en := s.lookup(m.Memory(), uint32(st[0]), st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	fi, err := root.Lstat(p)
	if err != nil {
		return toErrno(err)
	}
	if !fi.IsDir() {
		return errnoNotdir
	}
	return toErrno(root.Remove(p))
}

// pathUnlinkFile: path_unlink_file(fd i, path p, path_len p).
// os.Root.Remove removes empty directories too, so the type is checked first.
func (s *system) pathUnlinkFile(_ context.Context, m api.Module, st []uint64) errno {
	root, p, en := s.lookup(m.Memory(), uint32(st[0]), st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	fi, err := root.Lstat(p)
	if err != nil {
		return toErrno(err)
	}
	if fi.IsDir() {
		return errnoIsdir
	}
	return toErrno(root.Remove(p))
}

// pathFilestatGet: path_filestat_get(fd i, lookupflags i, path p,
// path_len p, retptr p).
func (s *system) pathFilestatGet(_ context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	root, p, en := s.lookup(mem, uint32(st[0]), st[2], st[3])
	if en != errnoSuccess {
		return en
	}
	b, ok := span(mem, st[4], filestatSize)
	if !ok {
		return errnoFault
	}
	stat := root.Lstat
	if uint32(st[1])&lookupSymlinkFollow != 0 {
		stat = root.Stat
	}
	fi, err := stat(p)
	if err != nil {
		return toErrno(err)
	}
	putFilestat(b, fi)
	return errnoSuccess
}

// pathFilestatSetTimes: path_filestat_set_times(fd i, lookupflags i,
// path p, path_len p, atim I, mtim I, fst_flags i).
func (s *system) pathFilestatSetTimes(_ context.Context, m api.Module, st []uint64) errno {
	root, p, en := s.lookup(m.Memory(), uint32(st[0]), st[2], st[3])
	if en != errnoSuccess {
		return en
	}
	atim, mtim, en := fileTimes(st[4], st[5], uint16(st[6]))
	if en != errnoSuccess {
		return en
	}
	// os.Root changes the times of a symlink's target, never the link's own.
	if uint32(st[1])&lookupSymlinkFollow == 0 {
		if fi, err := root.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return errnoNotsup
		}
	}
	return toErrno(root.Chtimes(p, atim, mtim))
}

// pathLink: path_link(old_fd i, old_flags i, old_path p, old_len p,
// new_fd i, new_path p, new_len p).
func (s *system) pathLink(_ context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	oldRoot, oldPath, en := s.lookup(mem, uint32(st[0]), st[2], st[3])
	if en != errnoSuccess {
		return en
	}
	newRoot, newPath, en := s.lookup(mem, uint32(st[4]), st[5], st[6])
	if en != errnoSuccess {
		return en
	}
	o, n, host := hostDirs(oldRoot, newRoot)
	if !host && oldRoot != newRoot {
		return errnoXdev // os.Root links only within one root
	}
	// os.Root links a symlink itself, never its target.
	if uint32(st[1])&lookupSymlinkFollow != 0 {
		if fi, err := oldRoot.Lstat(oldPath); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return errnoNotsup
		}
	}
	if host {
		return toErrno(os.Link(o.name(oldPath), n.name(newPath)))
	}
	return toErrno(oldRoot.Link(oldPath, newPath))
}

// pathRename: path_rename(fd i, old_path p, old_len p, new_fd i,
// new_path p, new_len p).
func (s *system) pathRename(_ context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	oldRoot, oldPath, en := s.lookup(mem, uint32(st[0]), st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	newRoot, newPath, en := s.lookup(mem, uint32(st[3]), st[4], st[5])
	if en != errnoSuccess {
		return en
	}
	if o, n, ok := hostDirs(oldRoot, newRoot); ok {
		return toErrno(os.Rename(o.name(oldPath), n.name(newPath)))
	}
	if oldRoot != newRoot {
		return errnoXdev // os.Root renames only within one root
	}
	return toErrno(oldRoot.Rename(oldPath, newPath))
}

// hostDirs reports whether both directories are the host's, which link
// and rename between each other as the host's directories do.
func hostDirs(a, b directory) (hostDir, hostDir, bool) {
	ha, ok1 := a.(hostDir)
	hb, ok2 := b.(hostDir)
	return ha, hb, ok1 && ok2
}

// pathSymlink: path_symlink(old_path p, old_len p, fd i, new_path p,
// new_len p). The target is stored as given; os.Root refuses to follow it
// out of the directory later.
func (s *system) pathSymlink(_ context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	target, ok := guestString(mem, st[0], st[1])
	if !ok {
		return errnoFault
	}
	root, p, en := s.lookup(mem, uint32(st[2]), st[3], st[4])
	if en != errnoSuccess {
		return en
	}
	return toErrno(root.Symlink(target, p))
}

// pathReadlink: path_readlink(fd i, path p, path_len p, buf p, buf_len p,
// retptr p). Like readlink, it truncates the target to the buffer.
func (s *system) pathReadlink(_ context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	root, p, en := s.lookup(mem, uint32(st[0]), st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	buf, ok1 := span(mem, st[3], st[4])
	used, ok2 := span(mem, st[5], 8)
	if !ok1 || !ok2 {
		return errnoFault
	}
	target, err := root.Readlink(p)
	if err != nil {
		return toErrno(err)
	}
	binary.LittleEndian.PutUint64(used, uint64(copy(buf, target)))
	return errnoSuccess
}
