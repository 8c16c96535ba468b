package host

import (
	"errors"
	"strings"

	"github.com/tetratelabs/wazero/api"
)

// checkPath validates a guest path relative to a directory descriptor.
// Absolute paths are notcapable, and so are paths whose ".." components
// climb above a confined directory. Symbolic links that point outside are
// caught later by os.Root, which every confined lookup goes through.
func checkPath(p string, confined bool) errno {
	switch {
	case p == "":
		return errnoNoent
	case strings.IndexByte(p, 0) >= 0:
		return errnoInval
	case p[0] == '/':
		return errnoNotcapable
	case !confined:
		return errnoSuccess
	}
	depth := 0
	for c := range strings.SplitSeq(p, "/") {
		switch c {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return errnoNotcapable
			}
		default:
			depth++
		}
	}
	return errnoSuccess
}

// isEscape reports whether os.Root refused err's path for leaving the root.
// The os package does not export that error, so this matches its text.
func isEscape(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == "path escapes from parent" {
			return true
		}
	}
	return false
}

// lookup reads the path at ptr and returns it with the root of the
// directory descriptor fd it is relative to.
func (s *system) lookup(m api.Memory, fd uint32, ptr, n uint64) (directory, string, errno) {
	e, en := s.fds.get(fd)
	if en != errnoSuccess {
		return nil, "", en
	}
	p, ok := guestString(m, ptr, n)
	if !ok {
		return nil, "", errnoFault
	}
	if e.dir == nil {
		return nil, "", errnoNotdir
	}
	if en := checkPath(p, e.dir.confined()); en != errnoSuccess {
		return nil, "", en
	}
	return e.dir, p, errnoSuccess
}
