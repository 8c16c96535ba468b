package host

import (
	"context"
	"encoding/binary"
	"io"
	"math"
	"os"

	"github.com/tetratelabs/wazero/api"
)

// fdRead: fd_read(fd i, iovs p, iovs_len p, retptr p).
func (s *system) fdRead(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	mem := m.Memory()
	bufs, en := iovecs(mem, st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	nread, ok := span(mem, st[3], 8)
	if !ok {
		return errnoFault
	}
	if e.r == nil {
		return errnoBadf
	}
	var n int
	var err error
	if e.filetype == filetypeRegularFile {
		n, err = readEach(e.r, bufs)
	} else {
		n, err = s.readOnce(e.r, bufs)
	}
	if err != nil && n == 0 {
		return toErrno(err)
	}
	binary.LittleEndian.PutUint64(nread, uint64(n))
	return errnoSuccess
}

// readEach fills bufs in order, stopping at a short read. Reads of regular
// files do not block, so this never waits once it has data.
func readEach(r io.Reader, bufs [][]byte) (int, error) {
	total := 0
	for _, b := range bufs {
		n, err := r.Read(b)
		total += n
		if err == io.EOF {
			return total, nil
		}
		if err != nil || n < len(b) {
			return total, err
		}
	}
	return total, nil
}

// maxScratch bounds the buffer readOnce gathers into; a read may be short.
const maxScratch = 64 << 10

// readOnce reads what a stream has available with a single Read, as readv
// would: a second Read could block on a terminal or pipe although data was
// already there for the guest.
func (s *system) readOnce(r io.Reader, bufs [][]byte) (int, error) {
	size := 0
	var only []byte
	for _, b := range bufs {
		if len(b) > 0 {
			size += len(b)
			only = b
		}
	}
	if size == 0 {
		return 0, nil
	}
	dst := only
	if size != len(only) {
		if cap(s.scratch) < min(size, maxScratch) {
			s.scratch = make([]byte, min(size, maxScratch))
		}
		dst = s.scratch[:min(size, maxScratch)]
	}
	n, err := readSome(r, dst)
	if size != len(only) {
		rest := dst[:n]
		for _, b := range bufs {
			rest = rest[copy(b, rest):]
		}
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// readSome calls r.Read until it returns data or an error. Like bufio, it
// gives up on a reader that keeps returning nothing.
func readSome(r io.Reader, b []byte) (int, error) {
	for range 100 {
		if n, err := r.Read(b); n > 0 || err != nil {
			return n, err
		}
	}
	return 0, io.ErrNoProgress
}

// fdWrite: fd_write(fd i, iovs p, iovs_len p, retptr p).
func (s *system) fdWrite(_ context.Context, m api.Module, st []uint64) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	mem := m.Memory()
	bufs, en := iovecs(mem, st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	nwritten, ok := span(mem, st[3], 8)
	if !ok {
		return errnoFault
	}
	if e.w == nil {
		return errnoBadf
	}
	// Append mode is emulated so that fd_fdstat_set_flags can switch it,
	// which an *os.File cannot. Streams have no end to seek to.
	if e.flags&fdflagAppend != 0 && e.filetype == filetypeRegularFile {
		if _, err := e.file.Seek(0, io.SeekEnd); err != nil {
			return toErrno(err)
		}
	}
	total := 0
	var err error
	for _, b := range bufs {
		var n int
		n, err = e.w.Write(b)
		total += n
		if err != nil {
			break
		}
	}
	if err == nil && e.flags&(fdflagSync|fdflagDsync) != 0 && e.file != nil {
		err = e.file.Sync()
	}
	if err != nil && total == 0 {
		return toErrno(err)
	}
	binary.LittleEndian.PutUint64(nwritten, uint64(total))
	return errnoSuccess
}

// fdPread: fd_pread(fd i, iovs p, iovs_len p, offset I, retptr p).
func (s *system) fdPread(_ context.Context, m api.Module, st []uint64) errno {
	return s.positioned(m.Memory(), st, func(f *os.File, bufs [][]byte, off int64) (int, error) {
		total := 0
		for _, b := range bufs {
			n, err := f.ReadAt(b, off+int64(total))
			total += n
			if err == io.EOF {
				return total, nil
			}
			if err != nil {
				return total, err
			}
		}
		return total, nil
	})
}

// fdPwrite: fd_pwrite(fd i, iovs p, iovs_len p, offset I, retptr p).
func (s *system) fdPwrite(_ context.Context, m api.Module, st []uint64) errno {
	return s.positioned(m.Memory(), st, func(f *os.File, bufs [][]byte, off int64) (int, error) {
		total := 0
		for _, b := range bufs {
			n, err := f.WriteAt(b, off+int64(total))
			total += n
			if err != nil {
				return total, err
			}
		}
		return total, nil
	})
}

// positioned does the common part of fd_pread and fd_pwrite, which only
// *os.File descriptors support.
func (s *system) positioned(mem api.Memory, st []uint64, do func(f *os.File, bufs [][]byte, off int64) (int, error)) errno {
	e, en := s.fds.get(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	bufs, en := iovecs(mem, st[1], st[2])
	if en != errnoSuccess {
		return en
	}
	done, ok := span(mem, st[4], 8)
	if !ok {
		return errnoFault
	}
	if e.file == nil {
		return errnoSpipe
	}
	if st[3] > math.MaxInt64 {
		return errnoInval
	}
	n, err := do(e.file, bufs, int64(st[3]))
	if err != nil && n == 0 {
		return toErrno(err)
	}
	binary.LittleEndian.PutUint64(done, uint64(n))
	return errnoSuccess
}

// fdSeek: fd_seek(fd i, offset I, whence i, retptr p).
func (s *system) fdSeek(_ context.Context, m api.Module, st []uint64) errno {
	return s.seek(m.Memory(), uint32(st[0]), int64(st[1]), uint32(st[2]), st[3])
}

// fdTell: fd_tell(fd i, retptr p).
func (s *system) fdTell(_ context.Context, m api.Module, st []uint64) errno {
	return s.seek(m.Memory(), uint32(st[0]), 0, whenceCur, st[1])
}

// seek moves fd's offset and stores the new one at ptr. The preview1 whence
// values are io.Seek*'s.
func (s *system) seek(mem api.Memory, fd uint32, offset int64, whence uint32, ptr uint64) errno {
	e, en := s.fds.get(fd)
	if en != errnoSuccess {
		return en
	}
	pos, ok := span(mem, ptr, 8)
	if !ok {
		return errnoFault
	}
	if whence > whenceEnd {
		return errnoInval
	}
	if e.file == nil {
		return errnoSpipe
	}
	n, err := e.file.Seek(offset, int(whence))
	if err != nil {
		return toErrno(err)
	}
	binary.LittleEndian.PutUint64(pos, uint64(n))
	return errnoSuccess
}
