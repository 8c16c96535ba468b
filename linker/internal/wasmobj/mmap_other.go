//go:build !unix

package wasmobj

import "os"

// MapFile reads a file; release does nothing.
func MapFile(path string) (data []byte, release func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}
