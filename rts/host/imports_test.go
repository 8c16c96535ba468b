package host

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// The imports are tested by calling them directly on a module that only
// has a memory, laid out by hand.

// testSystem is a system rooted at a fresh directory, with the module whose
// memory (one page) its functions see.
type testSystem struct {
	*system
	mod api.Module
	dir string
}

func newTestSystem(t *testing.T, stdin io.Reader, stdout io.Writer) *testSystem {
	t.Helper()
	return newTestSystemFS(t, stdin, stdout, false)
}

// newTestSystemFS is newTestSystem, with the host's whole filesystem
// pre-opened as "/" when hostFS is set; dir is then a fresh directory in it.
func newTestSystemFS(t *testing.T, stdin io.Reader, stdout io.Writer, hostFS bool) *testSystem {
	t.Helper()
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	t.Cleanup(func() { r.Close(ctx) })
	mod, err := r.Instantiate(ctx, testModule{funcs: []testFunc{{}}}.encode())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fds, err := newFdTable(stdin, stdout, nil, dir, hostFS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fds.closeAll() })
	return &testSystem{
		system: &system{
			args:  []string{"prog", "a b"},
			env:   []string{"K=V"},
			fds:   fds,
			start: time.Now(),
		},
		mod: mod,
		dir: dir,
	}
}

// call runs the import name with the given parameters.
func (ts *testSystem) call(name string, params ...uint64) errno {
	for _, f := range hostFuncs {
		if f.name == name {
			stack := make([]uint64, max(len(params), 1))
			copy(stack, params)
			return f.fn(ts.system, context.Background(), ts.mod, stack)
		}
	}
	panic("no host function " + name)
}

func (ts *testSystem) poke(off uint64, b string) {
	if !ts.mod.Memory().Write(uint32(off), []byte(b)) {
		panic("poke out of memory")
	}
}

func (ts *testSystem) peek(off, n uint64) string {
	b, ok := ts.mod.Memory().Read(uint32(off), uint32(n))
	if !ok {
		panic("peek out of memory")
	}
	return string(b)
}

func (ts *testSystem) u64(off uint64) uint64 {
	v, _ := ts.mod.Memory().ReadUint64Le(uint32(off))
	return v
}

func (ts *testSystem) u32(off uint64) uint32 {
	v, _ := ts.mod.Memory().ReadUint32Le(uint32(off))
	return v
}

// iovec stores an iovec {buf, n} at off.
func (ts *testSystem) iovec(off, buf, n uint64) {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[0:], buf)
	binary.LittleEndian.PutUint64(b[8:], n)
	ts.poke(off, string(b[:]))
}

// path stores p at 0x8000 and returns its address and length.
func (ts *testSystem) path(p string) (uint64, uint64) {
	ts.poke(0x8000, p)
	return 0x8000, uint64(len(p))
}

// open opens p below fd 3 and returns the new descriptor.
func (ts *testSystem) open(t *testing.T, p string, oflags uint16, rights uint64, fdflags uint16) uint32 {
	t.Helper()
	ptr, n := ts.path(p)
	if en := ts.call("path_open", 3, lookupSymlinkFollow, ptr, n, uint64(oflags), rights, rights, uint64(fdflags), 0x100); en != errnoSuccess {
		t.Fatalf("path_open %q: errno %d", p, en)
	}
	return ts.u32(0x100)
}

const memEnd = 65536 // one page

func TestFault(t *testing.T) {
	ts := newTestSystem(t, strings.NewReader("x"), io.Discard)
	ts.iovec(0x200, memEnd-4, 8) // a buffer running past the end
	tests := []struct {
		name   string
		params []uint64
	}{
		{"args_sizes_get", []uint64{0x100, memEnd - 4}},
		{"args_get", []uint64{1 << 32, 0x100}},
		{"args_get", []uint64{0x100, memEnd - 2}},
		{"environ_get", []uint64{memEnd - 4, 0x100}},
		{"clock_time_get", []uint64{clockRealtime, 0, 1 << 40}},
		{"clock_res_get", []uint64{clockMonotonic, ^uint64(0)}},
		{"fd_write", []uint64{1, memEnd - 8, 1, 0x100}},
		{"fd_write", []uint64{1, 0x200, 1, 0x100}},
		{"fd_write", []uint64{1, 0x300, 0, memEnd}},
		{"fd_read", []uint64{0, 0x200, 1, 0x100}},
		{"fd_pread", []uint64{3, 0x300, 0, 0, 1 << 32}},
		{"fd_prestat_get", []uint64{3, memEnd - 15}},
		{"fd_prestat_dir_name", []uint64{3, 1<<32 - 1, 1}},
		{"fd_fdstat_get", []uint64{1, ^uint64(0)}},
		{"fd_filestat_get", []uint64{3, memEnd - 63}},
		{"fd_seek", []uint64{3, 0, whenceSet, memEnd}},
		{"fd_readdir", []uint64{3, memEnd - 10, 100, 0, 0x100}},
		{"path_open", []uint64{3, 0, memEnd - 1, 2, 0, 0, 0, 0, 0x100}},
		{"path_filestat_get", []uint64{3, 0, 0x100, 1, memEnd - 8}},
		{"path_readlink", []uint64{3, 0x100, 1, memEnd, 10, 0x100}},
		{"path_symlink", []uint64{memEnd, 5, 3, 0x100, 1}},
		{"random_get", []uint64{0, 1 << 33}},
		{"poll_oneoff", []uint64{0x100, memEnd - 32, 2, 0x200}},
	}
	for _, tt := range tests {
		if en := ts.call(tt.name, tt.params...); en != errnoFault {
			t.Errorf("%s%x: errno %d, want fault", tt.name, tt.params, en)
		}
	}
}

func TestArgsEnviron(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	if en := ts.call("args_sizes_get", 0x100, 0x108); en != errnoSuccess {
		t.Fatalf("args_sizes_get: errno %d", en)
	}
	if c, n := ts.u64(0x100), ts.u64(0x108); c != 2 || n != 9 {
		t.Errorf("args_sizes_get: %d, %d; want 2, 9", c, n)
	}
	if en := ts.call("args_get", 0x200, 0x300); en != errnoSuccess {
		t.Fatalf("args_get: errno %d", en)
	}
	if p0, p1 := ts.u64(0x200), ts.u64(0x208); p0 != 0x300 || p1 != 0x305 {
		t.Errorf("argv = %#x, %#x; want 0x300, 0x305", p0, p1)
	}
	if s := ts.peek(0x300, 9); s != "prog\x00a b\x00" {
		t.Errorf("argv_buf = %q", s)
	}
	if en := ts.call("environ_sizes_get", 0x100, 0x108); en != errnoSuccess || ts.u64(0x100) != 1 || ts.u64(0x108) != 4 {
		t.Errorf("environ_sizes_get: errno %d, %d, %d", en, ts.u64(0x100), ts.u64(0x108))
	}
	if en := ts.call("environ_get", 0x200, 0x300); en != errnoSuccess || ts.peek(0x300, 4) != "K=V\x00" || ts.u64(0x200) != 0x300 {
		t.Errorf("environ_get: errno %d, %q", en, ts.peek(0x300, 4))
	}
}

func TestFdRead(t *testing.T) {
	tests := []struct {
		name  string
		stdin io.Reader
		iovs  []uint64 // lengths of the buffers
		want  []string // what each read returns
	}{
		{"one iovec", strings.NewReader("hello"), []uint64{3}, []string{"hel", "lo", ""}},
		{"gathered", strings.NewReader("hello world"), []uint64{5, 100}, []string{"hello world", ""}},
		{"empty iovec", strings.NewReader("hi"), []uint64{0, 10}, []string{"hi", ""}},
		{"short reads", iotest.OneByteReader(strings.NewReader("abc")), []uint64{2, 2}, []string{"a", "b", "c", ""}},
		{"no stdin", nil, []uint64{4}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestSystem(t, tt.stdin, nil)
			buf := uint64(0x1000)
			for i, n := range tt.iovs {
				ts.iovec(0x100+uint64(i)*16, buf, n)
				buf += n
			}
			for _, want := range tt.want {
				if en := ts.call("fd_read", 0, 0x100, uint64(len(tt.iovs)), 0x200); en != errnoSuccess {
					t.Fatalf("fd_read: errno %d", en)
				}
				if got := ts.peek(0x1000, ts.u64(0x200)); got != want {
					t.Errorf("fd_read = %q, want %q", got, want)
				}
			}
		})
	}
}

func TestPrestat(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	if en := ts.call("fd_prestat_get", 3, 0x100); en != errnoSuccess || ts.u64(0x100) != 0 || ts.u64(0x108) != 1 {
		t.Errorf("fd_prestat_get(3): errno %d, tag %d, len %d", en, ts.u64(0x100), ts.u64(0x108))
	}
	if en := ts.call("fd_prestat_dir_name", 3, 0x200, 1); en != errnoSuccess || ts.peek(0x200, 1) != "." {
		t.Errorf("fd_prestat_dir_name(3): errno %d, %q", en, ts.peek(0x200, 1))
	}
	for _, tt := range []struct {
		name   string
		params []uint64
		want   errno
	}{
		{"fd_prestat_get", []uint64{1, 0x100}, errnoBadf},
		{"fd_prestat_get", []uint64{4, 0x100}, errnoBadf},
		{"fd_prestat_dir_name", []uint64{3, 0x200, 0}, errnoNametoolong},
		{"fd_prestat_dir_name", []uint64{4, 0x200, 1}, errnoBadf},
	} {
		if en := ts.call(tt.name, tt.params...); en != tt.want {
			t.Errorf("%s%x: errno %d, want %d", tt.name, tt.params, en, tt.want)
		}
	}
}

func TestPathOpen(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	outside := filepath.Join(filepath.Dir(ts.dir), filepath.Base(ts.dir)+"-secret")
	if err := os.WriteFile(outside, []byte("secret"), 0o666); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	must(t, os.WriteFile(filepath.Join(ts.dir, "file"), []byte("data"), 0o666))
	must(t, os.Mkdir(filepath.Join(ts.dir, "sub"), 0o777))
	must(t, os.Symlink("file", filepath.Join(ts.dir, "link")))
	must(t, os.Symlink(outside, filepath.Join(ts.dir, "escape")))
	must(t, os.Symlink("../../"+filepath.Base(outside), filepath.Join(ts.dir, "sub", "up")))

	const rw = rightFdRead | rightFdWrite
	tests := []struct {
		path     string
		dirflags uint32
		oflags   uint16
		rights   uint64
		want     errno
	}{
		{"file", lookupSymlinkFollow, 0, rightFdRead, errnoSuccess},
		{"new", lookupSymlinkFollow, oflagCreat, rw, errnoSuccess},
		{"sub", lookupSymlinkFollow, oflagDirectory, rightFdRead, errnoSuccess},
		{"sub/", lookupSymlinkFollow, 0, rightFdRead, errnoSuccess},
		{"sub/../file", lookupSymlinkFollow, 0, rightFdRead, errnoSuccess},
		{"link", lookupSymlinkFollow, 0, rightFdRead, errnoSuccess},
		{".", lookupSymlinkFollow, oflagDirectory, rightFdRead, errnoSuccess},
		{"missing", lookupSymlinkFollow, 0, rightFdRead, errnoNoent},
		{"", lookupSymlinkFollow, 0, rightFdRead, errnoNoent},
		{"file", lookupSymlinkFollow, oflagCreat | oflagExcl, rw, errnoExist},
		{"file", lookupSymlinkFollow, oflagDirectory, rightFdRead, errnoNotdir},
		{"sub", lookupSymlinkFollow, 0, rw, errnoIsdir},
		{"file/x", lookupSymlinkFollow, 0, rightFdRead, errnoNotdir},
		{"link", 0, 0, rightFdRead, errnoLoop},
		{"..", lookupSymlinkFollow, oflagDirectory, rightFdRead, errnoNotcapable},
		{"../" + filepath.Base(outside), lookupSymlinkFollow, 0, rightFdRead, errnoNotcapable},
		{"sub/../../x", lookupSymlinkFollow, 0, rightFdRead, errnoNotcapable},
		{outside, lookupSymlinkFollow, 0, rightFdRead, errnoNotcapable},
		{"escape", lookupSymlinkFollow, 0, rightFdRead, errnoNotcapable},
		{"sub/up", lookupSymlinkFollow, 0, rightFdRead, errnoNotcapable},
		{"nul\x00", lookupSymlinkFollow, 0, rightFdRead, errnoInval},
	}
	for _, tt := range tests {
		ptr, n := ts.path(tt.path)
		en := ts.call("path_open", 3, uint64(tt.dirflags), ptr, n, uint64(tt.oflags), tt.rights, tt.rights, 0, 0x100)
		if en != tt.want {
			t.Errorf("path_open %q: errno %d, want %d", tt.path, en, tt.want)
		}
		if en == errnoSuccess {
			ts.call("fd_close", uint64(ts.u32(0x100)))
		}
	}

	// A directory descriptor confines its own lookups.
	sub := ts.open(t, "sub", oflagDirectory, rightFdRead, 0)
	ptr, n := ts.path("../file")
	if en := ts.call("path_open", uint64(sub), 0, ptr, n, 0, rightFdRead, 0, 0, 0x100); en != errnoNotcapable {
		t.Errorf("path_open ../file below sub: errno %d, want notcapable", en)
	}
	// Files are not directories to look below.
	file := ts.open(t, "file", 0, rightFdRead, 0)
	ptr, n = ts.path("x")
	if en := ts.call("path_open", uint64(file), 0, ptr, n, 0, rightFdRead, 0, 0, 0x100); en != errnoNotdir {
		t.Errorf("path_open below a file: errno %d, want notdir", en)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestFiles walks through the life of a file and a directory.
func TestFiles(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	check := func(what string, en errno, want errno) {
		t.Helper()
		if en != want {
			t.Fatalf("%s: errno %d, want %d", what, en, want)
		}
	}
	write := func(fd uint32, s string) {
		t.Helper()
		ts.poke(0x1000, s)
		ts.iovec(0x200, 0x1000, uint64(len(s)))
		check("fd_write", ts.call("fd_write", uint64(fd), 0x200, 1, 0x100), errnoSuccess)
	}

	fd := ts.open(t, "f", oflagCreat|oflagTrunc, rightFdRead|rightFdWrite|rightFdSeek, 0)
	write(fd, "hello world")
	check("fd_seek", ts.call("fd_seek", uint64(fd), uint64(^uint64(4)), whenceEnd, 0x100), errnoSuccess)
	if pos := ts.u64(0x100); pos != 6 {
		t.Errorf("fd_seek to end-5 = %d, want 6", pos)
	}
	ts.iovec(0x200, 0x1000, 100)
	check("fd_read", ts.call("fd_read", uint64(fd), 0x200, 1, 0x100), errnoSuccess)
	if got := ts.peek(0x1000, ts.u64(0x100)); got != "world" {
		t.Errorf("fd_read after seek = %q", got)
	}
	check("fd_tell", ts.call("fd_tell", uint64(fd), 0x100), errnoSuccess)
	if pos := ts.u64(0x100); pos != 11 {
		t.Errorf("fd_tell = %d, want 11", pos)
	}
	check("fd_pread", ts.call("fd_pread", uint64(fd), 0x200, 1, 2, 0x100), errnoSuccess)
	if got := ts.peek(0x1000, ts.u64(0x100)); got != "llo world" {
		t.Errorf("fd_pread at 2 = %q", got)
	}

	check("fd_fdstat_set_flags", ts.call("fd_fdstat_set_flags", uint64(fd), uint64(fdflagAppend)), errnoSuccess)
	check("fd_seek", ts.call("fd_seek", uint64(fd), 0, whenceSet, 0x100), errnoSuccess)
	write(fd, "!")
	check("fd_fdstat_get", ts.call("fd_fdstat_get", uint64(fd), 0x300), errnoSuccess)
	if typ, flags := ts.peek(0x300, 1), ts.peek(0x302, 2); typ != "\x04" || flags != "\x01\x00" {
		t.Errorf("fdstat: filetype %q, flags %q", typ, flags)
	}
	check("fd_filestat_get", ts.call("fd_filestat_get", uint64(fd), 0x300), errnoSuccess)
	if size, typ := ts.u64(0x300+32), ts.peek(0x300+16, 1); size != 12 || typ != "\x04" {
		t.Errorf("filestat: size %d, filetype %q", size, typ)
	}
	check("fd_filestat_set_size", ts.call("fd_filestat_set_size", uint64(fd), 5), errnoSuccess)
	check("fd_filestat_set_times", ts.call("fd_filestat_set_times", uint64(fd), 0, 1e18, uint64(fstMtim)), errnoSuccess)
	check("fd_close", ts.call("fd_close", uint64(fd)), errnoSuccess)
	check("fd_close again", ts.call("fd_close", uint64(fd)), errnoBadf)
	if data, err := os.ReadFile(filepath.Join(ts.dir, "f")); err != nil || string(data) != "hello" {
		t.Errorf("file holds %q, %v", data, err)
	}
	if fi, err := os.Stat(filepath.Join(ts.dir, "f")); err != nil || fi.ModTime().UnixNano() != 1e18 {
		t.Errorf("mtime not set: %v, %v", fi.ModTime(), err)
	}

	ptr, n := ts.path("f")
	check("path_filestat_get", ts.call("path_filestat_get", 3, 0, ptr, n, 0x300), errnoSuccess)
	if size, mtim := ts.u64(0x300+32), ts.u64(0x300+48); size != 5 || mtim != 1e18 {
		t.Errorf("path_filestat_get: size %d, mtim %d", size, mtim)
	}
	ts.poke(0x8100, "g")
	check("path_rename", ts.call("path_rename", 3, ptr, n, 3, 0x8100, 1), errnoSuccess)
	ts.poke(0x8200, "dir")
	check("path_create_directory", ts.call("path_create_directory", 3, 0x8200, 3), errnoSuccess)
	check("path_create_directory again", ts.call("path_create_directory", 3, 0x8200, 3), errnoExist)
	ts.poke(0x8300, "dir/h")
	check("path_link", ts.call("path_link", 3, 0, 0x8100, 1, 3, 0x8300, 5), errnoSuccess)
	check("path_remove_directory of a full one", ts.call("path_remove_directory", 3, 0x8200, 3), errnoNotempty)
	check("path_unlink_file of a directory", ts.call("path_unlink_file", 3, 0x8200, 3), errnoIsdir)
	check("path_remove_directory of a file", ts.call("path_remove_directory", 3, 0x8100, 1), errnoNotdir)

	ts.poke(0x8400, "sym")
	check("path_symlink", ts.call("path_symlink", 0x8300, 5, 3, 0x8400, 3), errnoSuccess)
	check("path_readlink", ts.call("path_readlink", 3, 0x8400, 3, 0x1000, 3, 0x100), errnoSuccess)
	if got := ts.peek(0x1000, ts.u64(0x100)); got != "dir" {
		t.Errorf("path_readlink into 3 bytes = %q, want the truncated target", got)
	}
	check("path_filestat_get no follow", ts.call("path_filestat_get", 3, 0, 0x8400, 3, 0x300), errnoSuccess)
	if typ := ts.peek(0x300+16, 1); typ != "\x07" {
		t.Errorf("lstat filetype %q, want symbolic_link", typ)
	}
	check("path_filestat_get follow", ts.call("path_filestat_get", 3, lookupSymlinkFollow, 0x8400, 3, 0x300), errnoSuccess)
	if typ, nlink := ts.peek(0x300+16, 1), ts.u64(0x300+24); typ != "\x04" || nlink != 2 {
		t.Errorf("stat: filetype %q, nlink %d; want regular_file, 2", typ, nlink)
	}

	for _, p := range []string{"dir/h", "g", "sym"} {
		ptr, n := ts.path(p)
		check("path_unlink_file "+p, ts.call("path_unlink_file", 3, ptr, n), errnoSuccess)
	}
	check("path_remove_directory", ts.call("path_remove_directory", 3, 0x8200, 3), errnoSuccess)
	entries, _ := os.ReadDir(ts.dir)
	if len(entries) != 0 {
		t.Errorf("directory not empty at the end: %v", entries)
	}
}

func TestReaddir(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	names := []string{"a", "bb", "ccc"}
	for _, name := range names {
		must(t, os.WriteFile(filepath.Join(ts.dir, name), nil, 0o666))
	}
	dir := ts.open(t, ".", oflagDirectory, rightFdRead|rightFdReaddir, 0)

	// Read with a buffer that cuts entries, resuming at the last whole one
	// the way libc does.
	var got []string
	cookie := uint64(0)
	for range 20 {
		if en := ts.call("fd_readdir", uint64(dir), 0x1000, 40, cookie, 0x100); en != errnoSuccess {
			t.Fatalf("fd_readdir: errno %d", en)
		}
		used := ts.u64(0x100)
		if used == 0 {
			break
		}
		if used < direntSize {
			t.Fatalf("fd_readdir used %d bytes", used)
		}
		next, ino, namlen := ts.u64(0x1000), ts.u64(0x1008), uint64(ts.u32(0x1010))
		if used < direntSize+namlen {
			t.Fatalf("entry cut short in a %d-byte buffer", used)
		}
		name := ts.peek(0x1000+direntSize, namlen)
		if ino == 0 && name != ".." {
			t.Errorf("entry %q has inode 0", name)
		}
		got = append(got, name)
		cookie = next
	}
	if want := ". .. a bb ccc"; strings.Join(sortedAfterDots(got), " ") != want {
		t.Errorf("entries %q, want %s", got, want)
	}

	file := ts.open(t, "a", 0, rightFdRead, 0)
	if en := ts.call("fd_readdir", uint64(file), 0x1000, 100, 0, 0x100); en != errnoNotdir {
		t.Errorf("fd_readdir on a file: errno %d, want notdir", en)
	}
}

// sortedAfterDots sorts names, which the OS lists in any order, but the
// first two.
func sortedAfterDots(names []string) []string {
	out := append([]string(nil), names...)
	if len(out) > 2 {
		rest := out[2:]
		for i := range rest {
			for j := i + 1; j < len(rest); j++ {
				if rest[j] < rest[i] {
					rest[i], rest[j] = rest[j], rest[i]
				}
			}
		}
	}
	return out
}

// subscription stores a 48-byte subscription at off.
func (ts *testSystem) subscription(off, userdata uint64, tag uint8, fdOrClock uint32, timeout uint64, flags uint16) {
	var b [subscriptionSize]byte
	binary.LittleEndian.PutUint64(b[0:], userdata)
	b[8] = tag
	binary.LittleEndian.PutUint32(b[16:], fdOrClock)
	binary.LittleEndian.PutUint64(b[24:], timeout)
	binary.LittleEndian.PutUint16(b[40:], flags)
	ts.poke(off, string(b[:]))
}

func TestPollOneoff(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	const ms = uint64(time.Millisecond)
	type sub struct {
		userdata uint64
		tag      uint8
		id       uint32
		timeout  uint64
		flags    uint16
	}
	type event struct {
		userdata uint64
		err      errno
		typ      uint8
	}
	tests := []struct {
		name     string
		subs     []sub
		want     []event
		minSleep time.Duration
	}{
		{"relative", []sub{{1, eventClock, clockMonotonic, 20 * ms, 0}}, []event{{1, 0, eventClock}}, 20 * time.Millisecond},
		{"earliest", []sub{{1, eventClock, clockMonotonic, 3600e3 * ms, 0}, {2, eventClock, clockRealtime, 10 * ms, subclockAbstime}},
			[]event{{2, 0, eventClock}}, 5 * time.Millisecond},
		{"past", []sub{{1, eventClock, clockRealtime, 0, subclockAbstime}}, []event{{1, 0, eventClock}}, 0},
		{"fd ready", []sub{{1, eventClock, clockMonotonic, 3600e3 * ms, 0}, {2, eventFdRead, 0, 0, 0}, {3, eventFdWrite, 1, 0, 0}},
			[]event{{2, 0, eventFdRead}, {3, 0, eventFdWrite}}, 0},
		{"bad fd", []sub{{7, eventFdRead, 99, 0, 0}}, []event{{7, errnoBadf, eventFdRead}}, 0},
		{"bad clock", []sub{{7, eventClock, 9, 0, 0}}, []event{{7, errnoInval, eventClock}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := uint64(time.Now().UnixNano())
			for i, s := range tt.subs {
				if s.flags&subclockAbstime != 0 {
					s.timeout += now // the table's deadlines count from here
				}
				ts.subscription(0x1000+uint64(i)*subscriptionSize, s.userdata, s.tag, s.id, s.timeout, s.flags)
			}
			start := time.Now()
			if en := ts.call("poll_oneoff", 0x1000, 0x2000, uint64(len(tt.subs)), 0x100); en != errnoSuccess {
				t.Fatalf("poll_oneoff: errno %d", en)
			}
			if d := time.Since(start); d < tt.minSleep || d > tt.minSleep+time.Second {
				t.Errorf("poll_oneoff took %v, want at least %v", d, tt.minSleep)
			}
			var got []event
			for i := range ts.u64(0x100) {
				off := 0x2000 + i*eventSize
				got = append(got, event{ts.u64(off), errno(ts.u32(off+8) & 0xffff), ts.peek(off+10, 1)[0]})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("events %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("event %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
	if en := ts.call("poll_oneoff", 0x1000, 0x2000, 0, 0x100); en != errnoInval {
		t.Errorf("poll_oneoff without subscriptions: errno %d, want inval", en)
	}
}

func TestStdioFdstat(t *testing.T) {
	ts := newTestSystem(t, strings.NewReader(""), io.Discard)
	for fd, right := range []uint64{rightFdRead, rightFdWrite, rightFdWrite} {
		if en := ts.call("fd_fdstat_get", uint64(fd), 0x100); en != errnoSuccess {
			t.Fatalf("fd_fdstat_get(%d): errno %d", fd, en)
		}
		base := ts.u64(0x108)
		if typ := ts.peek(0x100, 1)[0]; typ != filetypeSocketStream {
			t.Errorf("fd %d: filetype %d, want socket_stream for a pipe-like stream", fd, typ)
		}
		if base&right == 0 || base&(rightFdSeek|rightFdTell) != 0 {
			t.Errorf("fd %d: rights %#x", fd, base)
		}
		if en := ts.call("fd_seek", uint64(fd), 0, whenceCur, 0x100); en != errnoSpipe {
			t.Errorf("fd_seek(%d): errno %d, want spipe", fd, en)
		}
	}
}

func TestMiscImports(t *testing.T) {
	ts := newTestSystem(t, nil, nil)
	tests := []struct {
		name   string
		params []uint64
		want   errno
	}{
		{"clock_time_get", []uint64{clockRealtime, 0, 0x100}, errnoSuccess},
		{"clock_time_get", []uint64{clockThreadCputime, 0, 0x100}, errnoSuccess},
		{"clock_time_get", []uint64{4, 0, 0x100}, errnoInval},
		{"clock_res_get", []uint64{clockProcessCputime, 0x100}, errnoSuccess},
		{"random_get", []uint64{0x100, 64}, errnoSuccess},
		{"sched_yield", nil, errnoSuccess},
		{"fd_advise", []uint64{3, 0, 0, adviceNoreuse}, errnoSuccess},
		{"fd_advise", []uint64{3, 0, 0, adviceNoreuse + 1}, errnoInval},
		{"fd_advise", []uint64{9, 0, 0, 0}, errnoBadf},
		{"fd_allocate", []uint64{1, 0, 10}, errnoNotsup},
		{"fd_fdstat_set_rights", []uint64{3, 0, 0}, errnoNotsup},
		{"fd_fdstat_set_flags", []uint64{1, 1 << 5}, errnoInval},
		{"fd_renumber", []uint64{3, 1}, errnoNotsup},
		{"fd_renumber", []uint64{1, 9}, errnoBadf},
		{"fd_write", []uint64{9, 0x100, 0, 0x100}, errnoBadf},
		{"fd_read", []uint64{1, 0x100, 0, 0x100}, errnoBadf},
		{"fd_read", []uint64{0, 0x100, iovMax + 1, 0x100}, errnoInval},
		{"fd_pwrite", []uint64{1, 0x100, 0, 0, 0x100}, errnoSpipe},
		{"sock_accept", []uint64{3, 0, 0x100}, errnoNosys},
		{"sock_recv", []uint64{3, 0, 0, 0, 0x100, 0x108}, errnoNosys},
		{"sock_send", []uint64{3, 0, 0, 0, 0x100}, errnoNosys},
		{"sock_shutdown", []uint64{3, 0}, errnoNosys},
	}
	for _, tt := range tests {
		if en := ts.call(tt.name, tt.params...); en != tt.want {
			t.Errorf("%s%x: errno %d, want %d", tt.name, tt.params, en, tt.want)
		}
	}

	// fd_renumber moves a descriptor over another and closes that one.
	a := ts.open(t, ".", oflagDirectory, rightFdRead, 0)
	b := ts.open(t, ".", oflagDirectory, rightFdRead, 0)
	if en := ts.call("fd_renumber", uint64(a), uint64(b)); en != errnoSuccess {
		t.Fatalf("fd_renumber: errno %d", en)
	}
	if en := ts.call("fd_fdstat_get", uint64(a), 0x100); en != errnoBadf {
		t.Errorf("old descriptor after fd_renumber: errno %d, want badf", en)
	}
	if en := ts.call("fd_fdstat_get", uint64(b), 0x100); en != errnoSuccess {
		t.Errorf("new descriptor after fd_renumber: errno %d", en)
	}
}

// With the host's filesystem pre-opened as "/", paths below fd 3 are the
// host's absolute paths without their first "/" (wasi-libc strips it), and
// nothing confines them: symlinks out, "..", and links and renames between
// directory descriptors all behave as on the host.
func TestHostFS(t *testing.T) {
	ts := newTestSystemFS(t, nil, nil, true)
	if en := ts.call("fd_prestat_dir_name", 3, 0x200, 1); en != errnoSuccess || ts.peek(0x200, 1) != "/" {
		t.Fatalf("fd_prestat_dir_name(3): errno %d, %q; want \"/\"", en, ts.peek(0x200, 1))
	}
	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o666))
	must(t, os.WriteFile(filepath.Join(ts.dir, "file"), []byte("data"), 0o666))
	must(t, os.Mkdir(filepath.Join(ts.dir, "sub"), 0o777))
	must(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(ts.dir, "escape")))
	rel := strings.TrimPrefix(ts.dir, "/")

	for _, p := range []string{
		rel + "/file",
		rel + "/sub/../file",
		rel + "/escape",
		strings.TrimPrefix(outside, "/") + "/secret",
	} {
		fd := ts.open(t, p, 0, rightFdRead, 0)
		ts.call("fd_close", uint64(fd))
	}
	ptr, n := ts.path("/" + rel + "/file")
	if en := ts.call("path_open", 3, lookupSymlinkFollow, ptr, n, 0, rightFdRead, 0, 0, 0x100); en != errnoNotcapable {
		t.Errorf("path_open of an absolute path: errno %d, want notcapable", en)
	}

	// A directory descriptor's ".." leaves it, as on the host.
	sub := ts.open(t, rel+"/sub", oflagDirectory, rightFdRead, 0)
	ptr, n = ts.path("../file")
	if en := ts.call("path_open", uint64(sub), 0, ptr, n, 0, rightFdRead, 0, 0, 0x100); en != errnoSuccess {
		t.Errorf("path_open ../file below sub: errno %d", en)
	}
	// Renames between descriptors are not cross-device.
	ts.poke(0x8000, "file")
	ts.poke(0x9000, "moved")
	if en := ts.call("path_rename", 3, 0x8000, 0, uint64(sub), 0x9000, 5); en != errnoNoent {
		// An empty old path names nothing.
		t.Errorf("path_rename of \"\": errno %d, want noent", en)
	}
	old := rel + "/file"
	ts.poke(0x8000, old)
	if en := ts.call("path_rename", 3, 0x8000, uint64(len(old)), uint64(sub), 0x9000, 5); en != errnoSuccess {
		t.Fatalf("path_rename into sub: errno %d", en)
	}
	if data, err := os.ReadFile(filepath.Join(ts.dir, "sub", "moved")); err != nil || string(data) != "data" {
		t.Errorf("after path_rename: %q, %v", data, err)
	}
}

// The CPU-time clocks count the running thread's CPU time: a sleep does
// not advance them, as it does not natively, while the monotonic clock
// goes on.
func TestCPUClocksDoNotCountSleeps(t *testing.T) {
	if _, ok := threadCPUTime(); !ok {
		t.Skip("no thread CPU clock on this system")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	s := &system{start: time.Now()}
	s.startCPUClock()
	read := func(id uint32) time.Duration {
		t.Helper()
		v, en := s.now(id)
		if en != errnoSuccess {
			t.Fatalf("now(%d): errno %d", id, en)
		}
		return time.Duration(v)
	}
	cpu0, mono0 := read(clockProcessCputime), read(clockMonotonic)
	time.Sleep(200 * time.Millisecond)
	cpu1, mono1 := read(clockProcessCputime), read(clockMonotonic)
	if mono1-mono0 < 200*time.Millisecond {
		t.Errorf("the monotonic clock advanced %v over a 200ms sleep", mono1-mono0)
	}
	if cpu1-cpu0 > 100*time.Millisecond {
		t.Errorf("the process CPU clock advanced %v over a 200ms sleep", cpu1-cpu0)
	}
	if thread := read(clockThreadCputime); thread < cpu1 {
		t.Errorf("the thread CPU clock (%v) is behind the process one (%v) it equals", thread, cpu1)
	}
}
