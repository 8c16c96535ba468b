package host

import (
	"io/fs"
	"os"
	"time"
)

// directory is what a directory descriptor resolves the guest's relative
// paths against. Two kinds exist: a confined one (an os.Root, which keeps
// every path, symlinks included, below the pre-opened directory) and the
// host's own filesystem, seen whole as a native program sees it.
type directory interface {
	// confined says paths must not climb above the directory with "..".
	confined() bool
	OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error)
	// Sub returns the directory at name, for a descriptor path_open made.
	Sub(name string) (directory, error)
	Stat(name string) (fs.FileInfo, error)
	Lstat(name string) (fs.FileInfo, error)
	Mkdir(name string, perm fs.FileMode) error
	Remove(name string) error
	Chtimes(name string, atime, mtime time.Time) error
	Link(oldname, newname string) error
	Rename(oldname, newname string) error
	Symlink(target, name string) error
	Readlink(name string) (string, error)
	Close() error
}

// confinedDir is a pre-opened directory the guest cannot leave.
type confinedDir struct{ *os.Root }

func (confinedDir) confined() bool { return true }

func (d confinedDir) Sub(name string) (directory, error) {
	r, err := d.OpenRoot(name)
	if err != nil {
		return nil, err
	}
	return confinedDir{r}, nil
}

// hostDir is a directory of the host's filesystem, named by its absolute
// path, with no confinement: symlinks and ".." go where the host's would.
// A descriptor keeps the name it was opened by, so it does not follow the
// directory if the directory is renamed.
type hostDir struct{ path string }

func (hostDir) confined() bool { return false }

// name joins without cleaning, so that the host resolves ".." after
// symlinks as POSIX does.
func (d hostDir) name(p string) string {
	if d.path == "/" {
		return "/" + p
	}
	return d.path + "/" + p
}

func (d hostDir) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(d.name(name), flag, perm)
}

func (d hostDir) Sub(name string) (directory, error) { return hostDir{d.name(name)}, nil }

func (d hostDir) Stat(name string) (fs.FileInfo, error)  { return os.Stat(d.name(name)) }
func (d hostDir) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(d.name(name)) }
func (d hostDir) Mkdir(name string, perm fs.FileMode) error {
	return os.Mkdir(d.name(name), perm)
}
func (d hostDir) Remove(name string) error { return os.Remove(d.name(name)) }
func (d hostDir) Chtimes(name string, atime, mtime time.Time) error {
	return os.Chtimes(d.name(name), atime, mtime)
}
func (d hostDir) Link(oldname, newname string) error {
	return os.Link(d.name(oldname), d.name(newname))
}
func (d hostDir) Rename(oldname, newname string) error {
	return os.Rename(d.name(oldname), d.name(newname))
}
func (d hostDir) Symlink(target, name string) error    { return os.Symlink(target, d.name(name)) }
func (d hostDir) Readlink(name string) (string, error) { return os.Readlink(d.name(name)) }
func (hostDir) Close() error                           { return nil }
