package host

import (
	"encoding/binary"
	"math"

	"github.com/tetratelabs/wazero/api"
)

// The guest passes every pointer and size as an i64 holding an address in a
// 32-bit memory. These helpers treat them as unsigned and report whether the
// whole range lies inside memory, so that a bad pointer becomes errno fault
// instead of a Go panic.

// span returns the n bytes of guest memory at ptr.
// The slice aliases guest memory and is valid until the guest grows it.
func span(m api.Memory, ptr, n uint64) ([]byte, bool) {
	if m == nil || ptr > math.MaxUint32 || n > math.MaxUint32 {
		return nil, false
	}
	return m.Read(uint32(ptr), uint32(n))
}

// spanN is span for count elements of size bytes each.
func spanN(m api.Memory, ptr, count, size uint64) ([]byte, bool) {
	if count > math.MaxUint32/size {
		return nil, false
	}
	return span(m, ptr, count*size)
}

// putU64 stores v at ptr, little endian.
func putU64(m api.Memory, ptr, v uint64) bool {
	b, ok := span(m, ptr, 8)
	if ok {
		binary.LittleEndian.PutUint64(b, v)
	}
	return ok
}

// putU32 stores v at ptr, little endian.
func putU32(m api.Memory, ptr uint64, v uint32) bool {
	b, ok := span(m, ptr, 4)
	if ok {
		binary.LittleEndian.PutUint32(b, v)
	}
	return ok
}

// guestString copies the n bytes at ptr into a Go string.
func guestString(m api.Memory, ptr, n uint64) (string, bool) {
	b, ok := span(m, ptr, n)
	return string(b), ok
}

// iovecSize is the size of an iovec or ciovec: buf u64 @0, buf_len u64 @8.
const iovecSize = 16

// iovMax is wasi-libc's IOV_MAX; like writev, longer vectors are invalid.
// It also bounds what a guest can make the host allocate.
const iovMax = 1024

// iovecs resolves count iovecs at ptr to the guest buffers they describe.
func iovecs(m api.Memory, ptr, count uint64) ([][]byte, errno) {
	if count > iovMax {
		return nil, errnoInval
	}
	raw, ok := spanN(m, ptr, count, iovecSize)
	if !ok {
		return nil, errnoFault
	}
	bufs := make([][]byte, count)
	for i := range bufs {
		v := raw[i*iovecSize:]
		buf, ok := span(m, binary.LittleEndian.Uint64(v), binary.LittleEndian.Uint64(v[8:]))
		if !ok {
			return nil, errnoFault
		}
		bufs[i] = buf
	}
	return bufs, errnoSuccess
}
