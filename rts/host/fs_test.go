package host

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestCheckPath(t *testing.T) {
	tests := []struct {
		path     string
		confined errno // below a confined directory
		host     errno // below a directory of the host's whole filesystem
	}{
		{"a", errnoSuccess, errnoSuccess},
		{".", errnoSuccess, errnoSuccess},
		{"a/b/../c", errnoSuccess, errnoSuccess},
		{"a/..", errnoSuccess, errnoSuccess},
		{"a//b/", errnoSuccess, errnoSuccess},
		{"./a/./..", errnoSuccess, errnoSuccess},
		{"..", errnoNotcapable, errnoSuccess},
		{"../a", errnoNotcapable, errnoSuccess},
		{"a/../..", errnoNotcapable, errnoSuccess},
		{"a/../../a", errnoNotcapable, errnoSuccess},
		{"/", errnoNotcapable, errnoNotcapable},
		{"/etc/passwd", errnoNotcapable, errnoNotcapable},
		{"", errnoNoent, errnoNoent},
		{"a\x00b", errnoInval, errnoInval},
	}
	for _, tt := range tests {
		if got := checkPath(tt.path, true); got != tt.confined {
			t.Errorf("checkPath(%q, confined) = %d, want %d", tt.path, got, tt.confined)
		}
		if got := checkPath(tt.path, false); got != tt.host {
			t.Errorf("checkPath(%q, host) = %d, want %d", tt.path, got, tt.host)
		}
	}
}

func TestToErrno(t *testing.T) {
	root, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	_, escape := root.Stat("../x")
	_, missing := os.Stat(t.TempDir() + "/missing")

	tests := []struct {
		err  error
		want errno
	}{
		{nil, errnoSuccess},
		{missing, errnoNoent},
		{escape, errnoNotcapable},
		{fs.ErrNotExist, errnoNoent},
		{fs.ErrExist, errnoExist},
		{fs.ErrPermission, errnoPerm},
		{fs.ErrClosed, errnoBadf},
		{fmt.Errorf("wrapped: %w", fs.ErrInvalid), errnoInval},
		{errors.New("something else"), errnoIo},
	}
	for _, tt := range tests {
		if got := toErrno(tt.err); got != tt.want {
			t.Errorf("toErrno(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// TestSysErrno checks the mapping of system errors, where it is known.
func TestSysErrno(t *testing.T) {
	if _, ok := sysErrno(syscall.ENOENT); !ok {
		t.Skip("no errno mapping on " + runtime.GOOS)
	}
	tests := []struct {
		err  error
		want errno
	}{
		{&os.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, errnoAcces},
		{&os.PathError{Op: "rmdir", Path: "x", Err: syscall.ENOTEMPTY}, errnoNotempty},
		{&os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EXDEV}, errnoXdev},
		{syscall.EISDIR, errnoIsdir},
		{syscall.ENOTDIR, errnoNotdir},
		{syscall.ESPIPE, errnoSpipe},
		{syscall.EPIPE, errnoPipe},
		{syscall.EBADF, errnoBadf},
		{syscall.ENOSYS, errnoNosys},
	}
	for _, tt := range tests {
		if got := toErrno(tt.err); got != tt.want {
			t.Errorf("toErrno(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// TestErrnoNumbering pins a few values of the preview1 numbering.
func TestErrnoNumbering(t *testing.T) {
	for _, tt := range []struct {
		got, want errno
	}{
		{errno2big, 1}, {errnoAcces, 2}, {errnoBadf, 8}, {errnoExist, 20},
		{errnoFault, 21}, {errnoInval, 28}, {errnoIo, 29}, {errnoIsdir, 31},
		{errnoLoop, 32}, {errnoNametoolong, 37}, {errnoNoent, 44},
		{errnoNosys, 52}, {errnoNotdir, 54}, {errnoNotempty, 55},
		{errnoNotsup, 58}, {errnoPerm, 63}, {errnoSpipe, 70}, {errnoXdev, 75},
		{errnoNotcapable, 76},
	} {
		if tt.got != tt.want {
			t.Errorf("errno %d, want %d", tt.got, tt.want)
		}
	}
}

func TestFdTable(t *testing.T) {
	fds, err := newFdTable(nil, nil, nil, t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer fds.closeAll()

	steps := []struct {
		op     string // "insert", "remove" or "renumber a b"
		fd     uint32
		want   uint32 // the fd insert returns
		errno  errno
		render string // occupied slots afterwards
	}{
		{op: "insert", want: 4, render: "0123 4"},
		{op: "insert", want: 5, render: "0123 45"},
		{op: "remove", fd: 4, render: "0123 5"},
		{op: "remove", fd: 4, errno: errnoBadf, render: "0123 5"},
		{op: "insert", want: 4, render: "0123 45"},
		{op: "remove", fd: 0, render: "123 45"},
		{op: "insert", want: 0, render: "0123 45"},
		{op: "remove", fd: 99, errno: errnoBadf, render: "0123 45"},
		{op: "renumber 5 4", render: "0123 4"},
		{op: "renumber 3 4", errno: errnoNotsup, render: "0123 4"},
		{op: "renumber 4 3", errno: errnoNotsup, render: "0123 4"},
		{op: "renumber 4 5", errno: errnoBadf, render: "0123 4"},
	}
	for _, s := range steps {
		var en errno
		var got uint32
		switch {
		case s.op == "insert":
			got, en = fds.insert(&fdEntry{})
		case s.op == "remove":
			_, en = fds.remove(s.fd)
		default:
			var from, to uint32
			fmt.Sscanf(s.op, "renumber %d %d", &from, &to)
			en = fds.renumber(from, to)
		}
		if en != s.errno || got != s.want {
			t.Errorf("%s %d: fd %d, errno %d; want fd %d, errno %d", s.op, s.fd, got, en, s.want, s.errno)
		}
		var b strings.Builder
		for fd, e := range fds.fds {
			if fd == 4 {
				b.WriteByte(' ')
			}
			if e != nil {
				fmt.Fprint(&b, fd)
			}
		}
		if b.String() != s.render {
			t.Errorf("%s %d: table %q, want %q", s.op, s.fd, b.String(), s.render)
		}
	}
}

func TestPackDirents(t *testing.T) {
	list := []dirent{
		{name: ".", ino: 1, filetype: filetypeDirectory},
		{name: "..", filetype: filetypeDirectory},
		{name: "file", ino: 7, filetype: filetypeRegularFile},
	}
	whole := 3*direntSize + 1 + 2 + 4
	tests := []struct {
		size   int
		cookie uint64
		want   int
	}{
		{size: 1000, want: whole},
		{size: whole, want: whole},
		{size: 10, want: 10},                         // the first header, cut
		{size: direntSize + 1, want: direntSize + 1}, // exactly "."
		{size: 1000, cookie: 2, want: direntSize + 4},
		{size: 1000, cookie: 3, want: 0},
		{size: 1000, cookie: 99, want: 0},
		{size: 0, want: 0},
	}
	for _, tt := range tests {
		buf := make([]byte, tt.size)
		if got := packDirents(buf, list, tt.cookie); got != tt.want {
			t.Errorf("packDirents(%d bytes, cookie %d) = %d, want %d", tt.size, tt.cookie, got, tt.want)
		}
	}

	buf := make([]byte, 1000)
	n := packDirents(buf, list, 2)
	want := "\x03\x00\x00\x00\x00\x00\x00\x00" + // d_next
		"\x07\x00\x00\x00\x00\x00\x00\x00" + // d_ino
		"\x04\x00\x00\x00" + // d_namlen
		"\x04\x00\x00\x00" + // d_type and padding
		"file"
	if got := string(buf[:n]); got != want {
		t.Errorf("dirent = %q, want %q", got, want)
	}
}

func TestFiletypeOf(t *testing.T) {
	tests := []struct {
		mode fs.FileMode
		want uint8
	}{
		{0o644, filetypeRegularFile},
		{fs.ModeDir | 0o755, filetypeDirectory},
		{fs.ModeSymlink, filetypeSymbolicLink},
		{fs.ModeDevice | fs.ModeCharDevice, filetypeCharacterDevice},
		{fs.ModeDevice, filetypeBlockDevice},
		{fs.ModeNamedPipe, filetypeSocketStream},
		{fs.ModeSocket, filetypeSocketStream},
		{fs.ModeIrregular, filetypeUnknown},
	}
	for _, tt := range tests {
		if got := filetypeOf(tt.mode); got != tt.want {
			t.Errorf("filetypeOf(%v) = %d, want %d", tt.mode, got, tt.want)
		}
	}
}
