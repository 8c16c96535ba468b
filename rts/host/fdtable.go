package host

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fdEntry is one open file descriptor of the guest.
type fdEntry struct {
	filetype         uint8
	flags            uint16 // fdflags; fdWrite acts on append and the sync flags
	rightsBase       uint64 // reported by fd_fdstat_get, not enforced
	rightsInheriting uint64

	// r and w carry the data: the *os.File for files and directories (the
	// OS then refuses what the open mode does not allow), or the embedder's
	// streams for stdio. nil means the direction is not available.
	r io.Reader
	w io.Writer
	// file is set when an *os.File backs the descriptor; it gives seeking,
	// stat and directory listing.
	file *os.File
	// owned says fd_close must close file; the embedder's stdio stays open.
	owned bool

	// dir resolves paths relative to a directory descriptor.
	dir directory
	// preopen is the name fd_prestat_dir_name reports, "" if not pre-opened.
	preopen string
	// parent and path record where path_open found the file, because os.File
	// cannot change timestamps and fd_filestat_set_times needs a name.
	parent directory
	path   string

	// dirents is the listing fd_readdir took at cookie 0.
	dirents []dirent
}

// close releases what the descriptor owns.
func (e *fdEntry) close() error {
	var errs []error
	if e.dir != nil {
		errs = append(errs, e.dir.Close())
	}
	if e.owned && e.file != nil {
		errs = append(errs, e.file.Close())
	}
	return errors.Join(errs...)
}

// maxFds bounds the table the way RLIMIT_NOFILE bounds a process.
const maxFds = 1 << 16

// fdTable maps guest descriptors to entries. Closed slots are nil and are
// reused lowest first, as POSIX allocates descriptors.
type fdTable struct {
	fds []*fdEntry
}

// newFdTable returns the table a program starts with: stdin, stdout and
// stderr as fds 0-2 and, on fd 3, dir pre-opened as "." or, with hostFS,
// the host's root directory pre-opened as "/".
func newFdTable(stdin io.Reader, stdout, stderr io.Writer, dir string, hostFS bool) (*fdTable, error) {
	pre, err := preopened(dir, hostFS)
	if err != nil {
		return nil, fmt.Errorf("pre-opened directory: %w", err)
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	return &fdTable{fds: []*fdEntry{
		stdioEntry(stdin, nil),
		stdioEntry(nil, stdout),
		stdioEntry(nil, stderr),
		pre,
	}}, nil
}

// preopened opens fd 3's directory.
func preopened(dir string, hostFS bool) (*fdEntry, error) {
	e := &fdEntry{
		filetype:         filetypeDirectory,
		rightsBase:       rightsAll,
		rightsInheriting: rightsAll,
		owned:            true,
	}
	if hostFS {
		f, err := os.Open("/")
		if err != nil {
			return nil, err
		}
		e.r, e.w, e.file = f, f, f
		e.dir, e.preopen = hostDir{"/"}, "/"
		return e, nil
	}
	if dir == "" {
		dir = "."
	}
	// An absolute name keeps the root usable if the host changes directory.
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	f, err := root.Open(".")
	if err != nil {
		root.Close()
		return nil, err
	}
	e.r, e.w, e.file = f, f, f
	e.dir, e.preopen = confinedDir{root}, "."
	return e, nil
}

// stdioEntry describes one of the embedder's streams. A stream that is an
// *os.File reports the file's real type, so that isatty in the guest agrees
// with the host; any other stream looks like a pipe.
func stdioEntry(r io.Reader, w io.Writer) *fdEntry {
	e := &fdEntry{
		filetype: filetypeSocketStream,
		r:        r,
		w:        w,
		rightsBase: rightFdFdstatSetFlags | rightFdFilestatGet |
			rightPollFdReadwrite,
	}
	if r != nil {
		e.rightsBase |= rightFdRead
		e.file, _ = r.(*os.File)
	}
	if w != nil {
		e.rightsBase |= rightFdWrite
		e.file, _ = w.(*os.File)
	}
	if e.file != nil {
		if fi, err := e.file.Stat(); err == nil {
			e.filetype = filetypeOf(fi.Mode())
		}
	}
	if e.filetype == filetypeRegularFile {
		e.rightsBase |= rightFdSeek | rightFdTell
	}
	return e
}

// filetypeOf maps a Go file mode to a preview1 filetype. Preview1 has no
// type for pipes; they are reported as stream sockets, which libc does not
// mistake for terminals and whose st_mode GHC's fstat checks accept.
func filetypeOf(m fs.FileMode) uint8 {
	switch {
	case m.IsRegular():
		return filetypeRegularFile
	case m.IsDir():
		return filetypeDirectory
	case m&fs.ModeSymlink != 0:
		return filetypeSymbolicLink
	case m&fs.ModeCharDevice != 0:
		return filetypeCharacterDevice
	case m&fs.ModeDevice != 0:
		return filetypeBlockDevice
	case m&(fs.ModeNamedPipe|fs.ModeSocket) != 0:
		return filetypeSocketStream
	}
	return filetypeUnknown
}

// get returns the entry for fd.
func (t *fdTable) get(fd uint32) (*fdEntry, errno) {
	if uint64(fd) >= uint64(len(t.fds)) || t.fds[fd] == nil {
		return nil, errnoBadf
	}
	return t.fds[fd], errnoSuccess
}

// insert gives e the lowest free descriptor.
func (t *fdTable) insert(e *fdEntry) (uint32, errno) {
	for fd, slot := range t.fds {
		if slot == nil {
			t.fds[fd] = e
			return uint32(fd), errnoSuccess
		}
	}
	if len(t.fds) >= maxFds {
		return 0, errnoMfile
	}
	t.fds = append(t.fds, e)
	return uint32(len(t.fds) - 1), errnoSuccess
}

// remove takes fd out of the table and returns its entry, still open.
func (t *fdTable) remove(fd uint32) (*fdEntry, errno) {
	e, en := t.get(fd)
	if en != errnoSuccess {
		return nil, en
	}
	t.fds[fd] = nil
	return e, errnoSuccess
}

// renumber moves from onto to, closing what to held, like dup2 followed by
// close. Pre-opens stay where libc found them.
func (t *fdTable) renumber(from, to uint32) errno {
	e, en := t.get(from)
	if en != errnoSuccess {
		return en
	}
	old, en := t.get(to)
	if en != errnoSuccess {
		return en
	}
	if from == to {
		return errnoSuccess
	}
	if e.preopen != "" || old.preopen != "" {
		return errnoNotsup
	}
	t.fds[to] = e
	t.fds[from] = nil
	return toErrno(old.close())
}

// closeAll closes every descriptor at the end of a run.
func (t *fdTable) closeAll() error {
	var errs []error
	for _, e := range t.fds {
		if e != nil {
			errs = append(errs, e.close())
		}
	}
	t.fds = nil
	return errors.Join(errs...)
}
