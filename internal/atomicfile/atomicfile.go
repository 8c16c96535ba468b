// Package atomicfile writes files that readers see whole or not at all.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
)

// Write writes data to path so that readers see the old file or the
// new one, never a part: it writes a temporary file beside path and renames
// it. The file gets the permissions of a newly created one (0666 less the
// umask), like ghc's objects. There is no fsync, as ghc does none either.
func Write(path string, data []byte) error {
	var tmp *os.File
	for {
		name := fmt.Sprintf("%s.tmp%08x", path, rand.Uint32())
		var err error
		tmp, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	_, err := tmp.Write(data)
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
