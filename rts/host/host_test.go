package host

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	procExit := testModule{imports: []testImport{importSpec("proc_exit")}}
	exitWith := func(code int32) testModule {
		m := procExit
		m.funcs = []testFunc{{body: instrs(i32Const(code), call(0))}}
		return m
	}
	// fd_write(1, iov@16, 1, nwritten@48) with iov = {buf 0, len 3}.
	hello := testModule{
		imports: []testImport{importSpec("fd_write")},
		funcs: []testFunc{{body: instrs(
			i32Const(1), i64Const(16), i64Const(1), i64Const(48), call(0), []byte{opDrop},
		)}},
		data: []testData{{0, "hi\n"}, {16, "\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00"}},
	}
	// The preview1 signature of fd_write, with i32 pointers.
	preview1 := testModule{
		imports: []testImport{{"fd_write", "iiii", "i"}},
		funcs:   []testFunc{{}},
	}
	// _start tail-calls an empty function.
	tailCall := testModule{funcs: []testFunc{
		{body: instrs([]byte{opReturnCall}, uleb(1))},
		{},
	}}

	tests := []struct {
		name      string
		module    []byte
		tailCalls bool
		code      int
		stdout    string
		err       string // substring of the error; "" for none
	}{
		{name: "return from _start", module: testModule{funcs: []testFunc{{}}}.encode()},
		{name: "proc_exit 0", module: exitWith(0).encode()},
		{name: "proc_exit 7", module: exitWith(7).encode(), code: 7},
		{name: "fd_write", module: hello.encode(), stdout: "hi\n"},
		{name: "tail call", module: tailCall.encode(), tailCalls: true},
		{
			name:   "trap",
			module: testModule{funcs: []testFunc{{body: []byte{opUnreachable}}}}.encode(),
			err:    "running _start: wasm error: unreachable",
		},
		{name: "tail call disabled", module: tailCall.encode(), err: "compiling module"},
		{name: "preview1 signature", module: preview1.encode(), err: "instantiating module"},
		{name: "not wasm", module: []byte("hello"), err: "compiling module"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			code, err := Run(context.Background(), tt.module, Config{
				Stdout:    &stdout,
				Dir:       t.TempDir(),
				TailCalls: tt.tailCalls,
			})
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("Run: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("Run error %v, want one containing %q", err, tt.err)
			}
			if code != tt.code {
				t.Errorf("exit code %d, want %d", code, tt.code)
			}
			if stdout.String() != tt.stdout {
				t.Errorf("stdout %q, want %q", stdout.String(), tt.stdout)
			}
		})
	}
}

func TestRunMissingDir(t *testing.T) {
	module := testModule{funcs: []testFunc{{}}}.encode()
	_, err := Run(context.Background(), module, Config{Dir: t.TempDir() + "/missing"})
	if err == nil || !strings.Contains(err.Error(), "pre-opened directory") {
		t.Fatalf("Run error %v, want one about the pre-opened directory", err)
	}
}
