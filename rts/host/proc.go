package host

import (
	"context"
	"crypto/rand"
	"runtime"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// procExit: proc_exit(code i). It does not return: like wazero's own WASI,
// it closes the module with the code and unwinds the guest with the
// sys.ExitError that Run turns back into the exit code.
func (s *system) procExit(ctx context.Context, m api.Module, st []uint64) errno {
	code := uint32(st[0])
	_ = m.CloseWithExitCode(ctx, code)
	panic(sys.NewExitError(code))
}

// schedYield: sched_yield().
func (s *system) schedYield(context.Context, api.Module, []uint64) errno {
	runtime.Gosched()
	return errnoSuccess
}

// randomGet: random_get(buf p, buf_len p).
func (s *system) randomGet(_ context.Context, m api.Module, st []uint64) errno {
	b, ok := span(m.Memory(), st[0], st[1])
	if !ok {
		return errnoFault
	}
	rand.Read(b) // never fails since Go 1.24
	return errnoSuccess
}

// nosys answers the imports that have no meaning here, such as sockets.
func (s *system) nosys(context.Context, api.Module, []uint64) errno {
	return errnoNosys
}
