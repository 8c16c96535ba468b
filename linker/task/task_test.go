package task

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/manifest.golden.json")

func sample() *Task {
	return &Task{
		Objects: []Object{
			{Source: "Main.o", Data: []byte("\x00asm\x01\x00\x00\x00main")},
			{Source: "ghc-temp/ghc1_0/ghc_5.o", Data: []byte("\x00asm\x01\x00\x00\x00stub")},
		},
		Archives:    []string{"/db/base/libHSbase-4.15.1.0.a", "/db/rts/libHSrts.a"},
		Roots:       []string{"base_GHCziTopHandler_runIO_closure", "hs_atomic_add8"},
		LinkerFlags: []string{"--export=foo"},
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		task *Task
	}{
		{"full", sample()},
		{"empty", &Task{}},
		{"launcher", func() *Task { t := sample(); t.Launcher = "/opt/ahc/bin/ahc-run"; return t }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.out")
			if err := tt.task.WriteFile(path); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.task
			if want.Archives == nil {
				want = &Task{Archives: []string{}, Roots: []string{}, LinkerFlags: []string{}}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip = %+v, want %+v", got, want)
			}
		})
	}
}

func TestManifestGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().Write(&buf); err != nil {
		t.Fatal(err)
	}
	// The manifest is the first entry's contents: check them through Read's
	// view of the bytes and against the golden file.
	js, err := json.MarshalIndent(sample().Manifest(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	js = append(js, '\n')
	if !bytes.Contains(buf.Bytes(), js) {
		t.Fatal("the archive does not hold the manifest verbatim")
	}
	golden := filepath.Join("testdata", "manifest.golden.json")
	if *update {
		if err := os.WriteFile(golden, js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js, want) {
		t.Errorf("manifest =\n%s\nwant (go test -update to accept)\n%s", js, want)
	}
	// Writing is deterministic.
	var again bytes.Buffer
	if err := sample().Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two writes of one task differ")
	}
}

func TestReadErrors(t *testing.T) {
	var good bytes.Buffer
	if err := sample().Write(&good); err != nil {
		t.Fatal(err)
	}
	newer := bytes.Replace(good.Bytes(), []byte(`"version": 1`), []byte(`"version": 9`), 1)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"native executable", []byte("\x7fELF\x02\x01\x01"), "not an ahc pseudo-executable"},
		{"newer version", newer, "version 9 is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLauncher(t *testing.T) {
	tk := sample()
	tk.Launcher = "/opt/ahc/bin/ahc-run"
	var buf bytes.Buffer
	if err := tk.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// The kernel reads the interpreter from the file's first line.
	if want := "#!/opt/ahc/bin/ahc-run\n"; !strings.HasPrefix(buf.String(), want) {
		t.Errorf("file starts with %q, want %q", buf.String()[:len(want)], want)
	}
	for _, bad := range []string{"relative/ahc-run", "/a\nb", "/" + strings.Repeat("x", MaxLauncher)} {
		tk.Launcher = bad
		if err := tk.Write(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "launcher") {
			t.Errorf("launcher %q: error = %v, want one naming the launcher", bad, err)
		}
	}
	tk.Launcher = "/" + strings.Repeat("x", MaxLauncher-1)
	if err := tk.Write(&bytes.Buffer{}); err != nil {
		t.Errorf("a launcher of %d bytes: %v", MaxLauncher, err)
	}
}
