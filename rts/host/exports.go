package host

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// wasiModule is the import module name, preview1's own.
const wasiModule = "wasi_snapshot_preview1"

// hostFunc is one import of wasiModule.
type hostFunc struct {
	name string
	// params spells the wasm parameter types the way rts/wasi64.md does:
	// 'i' an i32, 'I' an i64 of preview1, 'p' a pointer or size widened to
	// i64. Every function returns an i32 errno except proc_exit.
	params string
	fn     func(*system, context.Context, api.Module, []uint64) errno
}

// hostFuncs is the function table of rts/wasi64.md, in its order.
var hostFuncs = []hostFunc{
	{"args_get", "pp", (*system).argsGet},
	{"args_sizes_get", "pp", (*system).argsSizesGet},
	{"environ_get", "pp", (*system).environGet},
	{"environ_sizes_get", "pp", (*system).environSizesGet},
	{"clock_res_get", "ip", (*system).clockResGet},
	{"clock_time_get", "iIp", (*system).clockTimeGet},
	{"fd_advise", "iIIi", (*system).fdAdvise},
	{"fd_allocate", "iII", (*system).fdAllocate},
	{"fd_close", "i", (*system).fdClose},
	{"fd_datasync", "i", (*system).fdSync},
	{"fd_sync", "i", (*system).fdSync},
	{"fd_fdstat_get", "ip", (*system).fdFdstatGet},
	{"fd_filestat_get", "ip", (*system).fdFilestatGet},
	{"fd_prestat_get", "ip", (*system).fdPrestatGet},
	{"fd_tell", "ip", (*system).fdTell},
	{"fd_fdstat_set_flags", "ii", (*system).fdFdstatSetFlags},
	{"fd_fdstat_set_rights", "iII", (*system).fdFdstatSetRights},
	{"fd_filestat_set_size", "iI", (*system).fdFilestatSetSize},
	{"fd_filestat_set_times", "iIIi", (*system).fdFilestatSetTimes},
	{"fd_pread", "ippIp", (*system).fdPread},
	{"fd_pwrite", "ippIp", (*system).fdPwrite},
	{"fd_prestat_dir_name", "ipp", (*system).fdPrestatDirName},
	{"fd_read", "ippp", (*system).fdRead},
	{"fd_write", "ippp", (*system).fdWrite},
	{"fd_readdir", "ippIp", (*system).fdReaddir},
	{"fd_renumber", "ii", (*system).fdRenumber},
	{"fd_seek", "iIip", (*system).fdSeek},
	{"path_create_directory", "ipp", (*system).pathCreateDirectory},
	{"path_remove_directory", "ipp", (*system).pathRemoveDirectory},
	{"path_unlink_file", "ipp", (*system).pathUnlinkFile},
	{"path_filestat_get", "iippp", (*system).pathFilestatGet},
	{"path_filestat_set_times", "iippIIi", (*system).pathFilestatSetTimes},
	{"path_link", "iippipp", (*system).pathLink},
	{"path_open", "iippiIIip", (*system).pathOpen},
	{"path_readlink", "ippppp", (*system).pathReadlink},
	{"path_rename", "ippipp", (*system).pathRename},
	{"path_symlink", "ppipp", (*system).pathSymlink},
	{"poll_oneoff", "pppp", (*system).pollOneoff},
	{"proc_exit", "i", (*system).procExit},
	{"sched_yield", "", (*system).schedYield},
	{"random_get", "pp", (*system).randomGet},
	{"sock_accept", "iip", (*system).nosys},
	{"sock_recv", "ippipp", (*system).nosys},
	{"sock_send", "ippip", (*system).nosys},
	{"sock_shutdown", "ii", (*system).nosys},
}

// paramTypes turns a params spelling into wasm value types.
func paramTypes(spec string) []api.ValueType {
	types := make([]api.ValueType, len(spec))
	for i, c := range spec {
		if c == 'i' {
			types[i] = api.ValueTypeI32
		} else {
			types[i] = api.ValueTypeI64
		}
	}
	return types
}

// instantiateImports defines wasiModule in r, bound to s.
func instantiateImports(ctx context.Context, r wazero.Runtime, s *system) error {
	b := r.NewHostModuleBuilder(wasiModule)
	for _, f := range hostFuncs {
		b.NewFunctionBuilder().
			WithGoModuleFunction(bind(s, f), paramTypes(f.params), resultTypes(f.name)).
			WithName(f.name).
			Export(f.name)
	}
	if _, err := b.Instantiate(ctx); err != nil {
		return fmt.Errorf("instantiating %s: %w", wasiModule, err)
	}
	return nil
}

// resultTypes is the errno every import returns, except proc_exit.
func resultTypes(name string) []api.ValueType {
	if name == "proc_exit" {
		return nil
	}
	return []api.ValueType{api.ValueTypeI32}
}

// bind makes the wazero function for f, storing the errno in the result
// slot of the stack.
func bind(s *system, f hostFunc) api.GoModuleFunc {
	fn := f.fn
	return func(ctx context.Context, m api.Module, stack []uint64) {
		stack[0] = uint64(fn(s, ctx, m, stack))
	}
}
