package host

import (
	"context"
	"encoding/binary"

	"github.com/tetratelabs/wazero/api"
)

// argsSizesGet: args_sizes_get(retptr count p, retptr bufsize p).
func (s *system) argsSizesGet(_ context.Context, m api.Module, st []uint64) errno {
	return stringsSizes(m.Memory(), s.args, st[0], st[1])
}

// argsGet: args_get(argv p, argv_buf p).
func (s *system) argsGet(_ context.Context, m api.Module, st []uint64) errno {
	return stringsGet(m.Memory(), s.args, st[0], st[1])
}

// environSizesGet: environ_sizes_get(retptr count p, retptr bufsize p).
func (s *system) environSizesGet(_ context.Context, m api.Module, st []uint64) errno {
	return stringsSizes(m.Memory(), s.env, st[0], st[1])
}

// environGet: environ_get(environ p, environ_buf p).
func (s *system) environGet(_ context.Context, m api.Module, st []uint64) errno {
	return stringsGet(m.Memory(), s.env, st[0], st[1])
}

// stringsSizes stores the count of strs and the bytes they take with their
// NUL terminators, both as u64.
func stringsSizes(mem api.Memory, strs []string, countPtr, sizePtr uint64) errno {
	size := uint64(0)
	for _, s := range strs {
		size += uint64(len(s)) + 1
	}
	if !putU64(mem, countPtr, uint64(len(strs))) || !putU64(mem, sizePtr, size) {
		return errnoFault
	}
	return errnoSuccess
}

// stringsGet copies strs, NUL-terminated, to buf and their addresses, as u64
// pointers, to the array at ptrs.
func stringsGet(mem api.Memory, strs []string, ptrs, buf uint64) errno {
	array, ok := spanN(mem, ptrs, uint64(len(strs)), 8)
	if !ok {
		return errnoFault
	}
	for i, s := range strs {
		b, ok := span(mem, buf, uint64(len(s))+1)
		if !ok {
			return errnoFault
		}
		binary.LittleEndian.PutUint64(array[i*8:], buf)
		b[copy(b, s)] = 0
		buf += uint64(len(b))
	}
	return errnoSuccess
}
