package host

import (
	"context"
	"encoding/binary"
	"math"
	"time"

	"github.com/tetratelabs/wazero/api"
)

// This file holds the fd_* imports about descriptors themselves; fdio.go
// moves data and readdir.go lists directories.

// fdClose: fd_close(fd i).
func (s *system) fdClose(_ context.Context, _ api.Module, st []uint64) errno {
	e, en := s.fds.remove(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	return toErrno(e.close())
}

// fdRenumber: fd_renumber(fd i, to i).
func (s *system) fdRenumber(_ context.Context, _ api.Module, st []uint64) errno {
	return s.fds.renumber(uint32(st[0]), uint32(st[1]))
}

// fdFdstatGet: fd_fdstat_get(fd i, retptr p).
func (s *system) fdFdstatGet(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	b, ok := span(m.Memory(), st[1], fdstatSize)
	if !ok {
		return errnoFault
	}
	clear(b)
	b[0] = e.filetype
	binary.LittleEndian.PutUint16(b[2:], e.flags)
	binary.LittleEndian.PutUint64(b[8:], e.rightsBase)
	binary.LittleEndian.PutUint64(b[16:], e.rightsInheriting)
	return errnoSuccess
}

// fdFdstatSetFlags: fd_fdstat_set_flags(fd i, flags i).
// The flags are kept and reported back; fd_write honours append and the
// sync flags, and reads never block for nonblock to matter.
func (s *system) fdFdstatSetFlags(_ context.Context, _ api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	flags := uint32(st[1])
	if flags&^uint32(fdflagsAll) != 0 {
		return errnoInval
	}
	e.flags = uint16(flags)
	return errnoSuccess
}

// fdFdstatSetRights: fd_fdstat_set_rights(fd i, base I, inheriting I).
// Rights are not enforced, so changing them is not supported.
func (s *system) fdFdstatSetRights(_ context.Context, _ api.Module, st []uint64) errno {
	if _, en := s.fds.get(uint32(st[0])); en != errnoSuccess {
		return en
	}
	return errnoNotsup
}

// fdFilestatGet: fd_filestat_get(fd i, retptr p).
func (s *system) fdFilestatGet(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	b, ok := span(m.Memory(), st[1], filestatSize)
	if !ok {
		return errnoFault
	}
	if e.file == nil {
		// An embedder's stream has nothing to report but its type.
		clear(b)
		b[16] = e.filetype
		return errnoSuccess
	}
	fi, err := e.file.Stat()
	if err != nil {
		return toErrno(err)
	}
	putFilestat(b, fi)
	return errnoSuccess
}

// fdFilestatSetSize: fd_filestat_set_size(fd i, size I).
func (s *system) fdFilestatSetSize(_ context.Context, _ api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	if e.file == nil || st[1] > math.MaxInt64 {
		return errnoInval
	}
	return toErrno(e.file.Truncate(int64(st[1])))
}

// fdFilestatSetTimes: fd_filestat_set_times(fd i, atim I, mtim I, fst_flags i).
// os.File cannot change timestamps, so this goes through the name the
// descriptor was opened with.
func (s *system) fdFilestatSetTimes(_ context.Context, _ api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	atim, mtim, en := fileTimes(st[1], st[2], uint16(st[3]))
	if en != errnoSuccess {
		return en
	}
	switch {
	case e.dir != nil:
		return toErrno(e.dir.Chtimes(".", atim, mtim))
	case e.parent != nil:
		return toErrno(e.parent.Chtimes(e.path, atim, mtim))
	}
	return errnoNotsup
}

// fileTimes decodes the times of the *_set_times imports. A zero time.Time
// tells os.Chtimes to leave that time alone.
func fileTimes(atim, mtim uint64, flags uint16) (a, m time.Time, en errno) {
	if flags&^(fstAtim|fstAtimNow|fstMtim|fstMtimNow) != 0 ||
		flags&(fstAtim|fstAtimNow) == fstAtim|fstAtimNow ||
		flags&(fstMtim|fstMtimNow) == fstMtim|fstMtimNow {
		return a, m, errnoInval
	}
	now := time.Now()
	switch {
	case flags&fstAtimNow != 0:
		a = now
	case flags&fstAtim != 0:
		a = time.Unix(0, int64(atim))
	}
	switch {
	case flags&fstMtimNow != 0:
		m = now
	case flags&fstMtim != 0:
		m = time.Unix(0, int64(mtim))
	}
	return a, m, errnoSuccess
}

// fdPrestatGet: fd_prestat_get(fd i, retptr p). libc scans descriptors from
// 3 upwards until this answers badf, so anything not pre-opened is badf.
func (s *system) fdPrestatGet(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	if e.preopen == "" {
		return errnoBadf
	}
	b, ok := span(m.Memory(), st[1], prestatSize)
	if !ok {
		return errnoFault
	}
	clear(b) // tag 0: a directory
	binary.LittleEndian.PutUint64(b[8:], uint64(len(e.preopen)))
	return errnoSuccess
}

// fdPrestatDirName: fd_prestat_dir_name(fd i, path p, path_len p).
func (s *system) fdPrestatDirName(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	if e.preopen == "" {
		return errnoBadf
	}
	b, ok := span(m.Memory(), st[1], st[2])
	if !ok {
		return errnoFault
	}
	if len(b) < len(e.preopen) {
		return errnoNametoolong
	}
	copy(b, e.preopen)
	return errnoSuccess
}

// fdSync: fd_sync(fd i) and fd_datasync(fd i).
func (s *system) fdSync(_ context.Context, _ api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	if e.file == nil {
		return errnoInval
	}
	return toErrno(e.file.Sync())
}

// fdAdvise: fd_advise(fd i, offset I, len I, advice i). Advice is a hint;
// it is checked and then ignored.
func (s *system) fdAdvise(_ context.Context, _ api.Module, st []uint64) errno {
	if _, en := s.fds.get(uint32(st[0])); en != errnoSuccess {
		return en
	}
	if uint32(st[3]) > adviceNoreuse {
		return errnoInval
	}
	return errnoSuccess
}

// fdAllocate: fd_allocate(fd i, offset I, len I). It grows a regular file
// to offset+len, which is what posix_fallocate promises, though the blocks
// are not reserved.
func (s *system) fdAllocate(_ context.Context, _ api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	if e.file == nil || e.filetype != filetypeRegularFile {
		return errnoNotsup
	}
	end := st[1] + st[2]
	if end < st[1] || end > math.MaxInt64 {
		return errnoFbig
	}
	fi, err := e.file.Stat()
	if err != nil {
		return toErrno(err)
	}
	if uint64(fi.Size()) >= end {
		return errnoSuccess
	}
	return toErrno(e.file.Truncate(int64(end)))
}
