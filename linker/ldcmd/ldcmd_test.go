package ldcmd

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    *Command
		wantErr string
	}{
		{"objects and output", []string{"-o", "out", "a.o", "b.o"},
			&Command{Output: "out", Objects: []string{"a.o", "b.o"}}, ""},
		{"default output", []string{"a.o"}, &Command{Output: "a.out", Objects: []string{"a.o"}}, ""},
		{"libraries both spellings", []string{"-L", "d1", "-Ld2", "-l", "x", "-ly", "m.o"},
			&Command{Output: "a.out", LibDirs: []string{"d1", "d2"}, Libs: []string{"x", "y"}, Objects: []string{"m.o"}}, ""},
		{"roots", []string{"-Wl,-u,a", "-u", "b", "-uc", "-Wl,--undefined=d", "-Xlinker", "--undefined=e", "-Wl,-u,f,-u,g"},
			&Command{Output: "a.out", Roots: []string{"a", "b", "c", "d", "e", "f", "g"}}, ""},
		{"ignored gcc flags", []string{"-fuse-ld=gold", "-no-pie", "-fno-PIC", "-pthread", "-Wl,--no-as-needed",
			"-Wl,--gc-sections", "-Wl,--hash-size=31", "-Wl,--reduce-memory-overheads", "-O2", "-Wl,-rpath,/x", "-Wl,-z,noexecstack"},
			&Command{Output: "a.out"}, ""},
		{"other linker flags go to wasm-ld", []string{"-Wl,--export=foo", "-Xlinker", "--strip-debug"},
			&Command{Output: "a.out", LinkerFlags: []string{"--export=foo", "--strip-debug"}}, ""},
		{"relocatable", []string{"-r", "-o", "x.o", "a.o"}, &Command{Output: "x.o", Relocatable: true, Objects: []string{"a.o"}}, ""},
		// ghc 9.0 with -pgmlm ahc-ld -optlm -r merging foreign-export stubs.
		{"ghc's merge", []string{"--build-id=none", "-o", "Foo.o", "/tmp/ghc1_0/ghc_7.ldscript", "-r"},
			&Command{Output: "Foo.o", Relocatable: true, Objects: []string{"/tmp/ghc1_0/ghc_7.ldscript"}}, ""},
		{"version query", []string{"-Wl,--version"}, &Command{Version: true}, ""},
		{"unknown flag", []string{"-fbogus", "a.o"}, nil, "unknown linker flag -fbogus"},
		{"missing argument", []string{"a.o", "-o"}, nil, "-o needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// ghcLink lays out, under a temporary directory, the files of the link that
// ghc 9.0.2 ran for a hello world (testdata/ghc-9.0.2-hello.rsp, captured
// with `ghc -v -pgml <script that saves its arguments> Main.hs`), and
// returns the command line with its response file.
func ghcLink(t *testing.T, libs []string) (dir string, args []string) {
	dir = t.TempDir()
	libdir, tmp := filepath.Join(dir, "lib"), filepath.Join(dir, "tmp")
	rsp, err := os.ReadFile("testdata/ghc-9.0.2-hello.rsp")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("@LIBDIR@", libdir, "@TMP@", tmp).Replace(string(rsp))
	note, err := os.ReadFile("testdata/ghc-link-info-note.o")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"Main.o": "native", "Main.o.wasm": "\x00asm main",
		"tmp/ghc_5.o": "native", "tmp/ghc_5.o.wasm": "\x00asm stub",
		"tmp/ghc_8.o":  string(note), // ghc's link-info note: no twin
		"tmp/link.rsp": text,
	}
	for _, l := range libs {
		files[l] = "!<arch>\n"
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, []string{"@" + filepath.Join(tmp, "link.rsp")}
}

var ghcLibs = []string{
	"lib/base-4.15.1.0/libHSbase-4.15.1.0.a", "lib/ghc-bignum-1.1/libHSghc-bignum-1.1.a",
	"lib/ghc-prim-0.7.0/libHSghc-prim-0.7.0.a", "lib/rts/libHSrts.a",
}

func TestGhcLinkCommand(t *testing.T) {
	tests := []struct {
		name     string
		libs     []string
		archives []string // relative to the directory, "" entries none
		wantErr  string
	}{
		{"with gmp", append(ghcLibs, "lib/rts/libgmp.a"), append(ghcLibs, "lib/rts/libgmp.a"), ""},
		{"without gmp", ghcLibs, nil, "cannot find -lgmp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, args := ghcLink(t, tt.libs)
			t.Chdir(dir)
			args, err := ExpandResponseFiles(args, os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			cmd, err := Parse(args)
			if err != nil {
				t.Fatal(err)
			}
			if cmd.Output != "hello" || cmd.Relocatable || cmd.Version {
				t.Errorf("command = %+v", cmd)
			}
			if len(cmd.Roots) != 85 || cmd.Roots[0] != "base_GHCziTopHandler_runIO_closure" || cmd.Roots[84] != "hs_atomicwrite64" {
				t.Errorf("%d roots: %q", len(cmd.Roots), cmd.Roots)
			}
			if len(cmd.LinkerFlags) != 0 {
				t.Errorf("linker flags %q", cmd.LinkerFlags)
			}
			wantObjs := []string{"Main.o", filepath.Join(dir, "tmp/ghc_5.o"), filepath.Join(dir, "tmp/ghc_8.o")}
			if !reflect.DeepEqual(cmd.Objects, wantObjs) {
				t.Errorf("objects = %q, want %q", cmd.Objects, wantObjs)
			}
			tk, err := cmd.Task()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, a := range tt.archives {
				want = append(want, filepath.Join(dir, a))
			}
			if !reflect.DeepEqual(tk.Archives, want) {
				t.Errorf("archives = %q, want %q", tk.Archives, want)
			}
			if len(tk.Objects) != 2 || string(tk.Objects[0].Data) != "\x00asm main" || string(tk.Objects[1].Data) != "\x00asm stub" {
				t.Errorf("objects = %+v", tk.Objects)
			}
		})
	}
}

func TestMissingTwin(t *testing.T) {
	dir := t.TempDir()
	obj := filepath.Join(dir, "Foo.o")
	if err := os.WriteFile(obj, []byte("\x7fELF not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		obj  string
		want string
	}{
		{"native only", obj, "Foo.o has no WebAssembly twin " + obj + ".wasm: it was not compiled by ahc"},
		{"no file", filepath.Join(dir, "Bar.o"), "Bar.o: no such object file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&Command{Objects: []string{tt.obj}}).Task()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRTSWayNotBuilt checks the message for an RTS way ahc does not build:
// it names the ghc flags that asked for it, not only the archive.
func TestRTSWayNotBuilt(t *testing.T) {
	dir := t.TempDir()
	for _, lib := range []string{"libHSrts.a", "libHSrts_thr.a", "libHSrts_debug.a"} {
		if err := os.WriteFile(filepath.Join(dir, lib), []byte("!<arch>\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		lib     string
		wantErr string // "" for found
	}{
		{"HSrts_thr", ""},
		{"HSrts_p", `the wasm RTS is not built in the way "p" (asked for by -prof); it has the vanilla way, debug, thr`},
		{"HSrts_thr_debug_p", `the wasm RTS is not built in the way "thr_debug_p" (asked for by -threaded -debug -prof);`},
		{"HSrts_other", `cannot find -lHSrts_other: the wasm RTS is not built in the way "other"`},
		{"gmp", "cannot find -lgmp: no libgmp.a in the -L directories or the sysroot"},
	}
	for _, tt := range tests {
		t.Run(tt.lib, func(t *testing.T) {
			c := &Command{LibDirs: []string{dir}, Libs: []string{tt.lib}}
			task, err := c.Task()
			if tt.wantErr == "" {
				if err != nil || len(task.Archives) != 1 {
					t.Fatalf("Task() = %+v, %v; want the archive", task, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Task() error = %v; want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestSysrootLibraries checks that -l finds the sysroot's C libraries
// (libz.a) after the -L directories, through the sysroot's real path, and
// that libc's own names add no archive.
func TestSysrootLibraries(t *testing.T) {
	tmp := t.TempDir()
	real := filepath.Join(tmp, "sysroot-1234", "lib", "wasm64-wasi")
	user := filepath.Join(tmp, "user")
	for _, p := range []string{filepath.Join(real, "libz.a"), filepath.Join(real, "libm.a"), filepath.Join(user, "libfoo.a"), filepath.Join(user, "libz.a")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("!<arch>\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	current := filepath.Join(tmp, "current")
	if err := os.Symlink(filepath.Join(tmp, "sysroot-1234"), current); err != nil {
		t.Fatal(err)
	}
	sysLib := filepath.Join(current, "lib", "wasm64-wasi")
	tests := []struct {
		name    string
		libDirs []string
		lib     string
		want    string // "" for no archive
		wantErr string
	}{
		{"from the sysroot", nil, "z", filepath.Join(real, "libz.a"), ""},
		{"a -L directory first", []string{user}, "z", filepath.Join(user, "libz.a"), ""},
		{"libc's own", nil, "m", "", ""},
		{"nowhere", []string{user}, "png", "", "cannot find -lpng: no libpng.a in the -L directories or the sysroot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Command{LibDirs: tt.libDirs, Libs: []string{tt.lib}, SysLibDir: sysLib}
			task, err := c.Task()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Task() error = %v; want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if tt.want != "" {
				want = []string{tt.want}
			}
			if !reflect.DeepEqual(task.Archives, want) {
				t.Errorf("archives = %q, want %q", task.Archives, want)
			}
		})
	}
}
