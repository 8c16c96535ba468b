package dist

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/linker/task"
)

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hello", "hello"},
		{"dir/hello.exe", "hello"},
		{"a.b.c", "a.b"},
		{".hidden", ".hidden"},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestModules(t *testing.T) {
	req, err := requestModule(`we"ird`, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`name: "we\"ird"`, `wasm: "we\"ird.wasm"`, "tailCalls: true", "jsffi: { imports: {}, exports: [] }"} {
		if !strings.Contains(req, want) {
			t.Errorf("request module lacks %q:\n%s", want, req)
		}
	}
	entry, err := entryModule("hello")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`import request from "./hello.req.mjs";`, "from './rts/wasi.mjs'", "process.exitCode = await main"} {
		if !strings.Contains(entry, want) {
			t.Errorf("entry module lacks %q:\n%s", want, entry)
		}
	}
}

// TestFailureLeavesNothing: a link that fails writes nothing into the
// output directory.
func TestFailureLeavesNothing(t *testing.T) {
	falsePath, err := exec.LookPath("false")
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "prog")
	tk := &task.Task{Objects: []task.Object{{Source: "Main.o", Data: []byte("\x00asm")}}}
	if err := tk.WriteFile(input); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	opts := Options{Input: input, OutputDir: out}
	opts.Link.WasmLD, opts.Link.Sysroot = falsePath, dir
	_, err = Dist(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "linking") {
		t.Fatalf("error = %v, want a link error", err)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		t.Errorf("output directory holds %v", ents)
	}
}

func TestNotAPseudoExecutable(t *testing.T) {
	input := filepath.Join(t.TempDir(), "prog")
	if err := os.WriteFile(input, []byte("\x7fELF"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Dist(context.Background(), Options{Input: input})
	if err == nil || !strings.Contains(err.Error(), "not an ahc pseudo-executable") {
		t.Errorf("error = %v", err)
	}
}

func TestOutputWouldReplaceInput(t *testing.T) {
	input := filepath.Join(t.TempDir(), "prog.wasm")
	if err := (&task.Task{}).WriteFile(input); err != nil {
		t.Fatal(err)
	}
	_, err := Dist(context.Background(), Options{Input: input})
	if err == nil || !strings.Contains(err.Error(), "would replace the input") {
		t.Errorf("error = %v", err)
	}
}
