package wasmobj

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

func needAr(t *testing.T) string {
	t.Helper()
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	ar, err := tools.Lookup(cfg.Tools.LLVMAr, "llvm")
	if err != nil {
		t.Fatal(err)
	}
	return ar
}

// TestReadArchive reads what llvm-ar writes, short and long member names,
// in its GNU and BSD formats.
func TestReadArchive(t *testing.T) {
	ar := needAr(t)
	dir := t.TempDir()
	want := []Member{
		{"a.o", []byte("odd")},
		{"a_member_name_longer_than_sixteen.o", []byte("even")},
		{"b.o", []byte("")},
		{"another_quite_long_member_name.o", []byte("x")},
	}
	var paths []string
	for _, m := range want {
		p := filepath.Join(dir, m.Name)
		if err := os.WriteFile(p, m.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, format := range []string{"gnu", "bsd"} {
		t.Run(format, func(t *testing.T) {
			lib := filepath.Join(dir, format+".a")
			args := append([]string{"--format=" + format, "rcs", lib}, paths...)
			if _, err := tools.Output(context.Background(), ar, args...); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(lib)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadArchive(data)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if len(got[i].Data) == 0 {
					got[i].Data = []byte("")
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("members %q, want %q", got, want)
			}
		})
	}
}

// TestWriteArchive checks that llvm-ar reads WriteArchive's archives, their
// members and symbol index.
func TestWriteArchive(t *testing.T) {
	ar := needAr(t)
	lib := filepath.Join(t.TempDir(), "lib.a")
	ms := []ArchiveMember{
		{Member{"short.o", []byte("abc")}, []string{"f", "g"}},
		{Member{"a_member_name_longer_than_sixteen.o", []byte("defg")}, nil},
		{Member{"c.o", []byte("h")}, []string{"h"}},
	}
	if err := os.WriteFile(lib, WriteArchive(ms), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := tools.Output(context.Background(), ar, "t", lib)
	if err != nil {
		t.Fatal(err)
	}
	if want := "short.o\na_member_name_longer_than_sixteen.o\nc.o\n"; out != want {
		t.Errorf("llvm-ar t: %q, want %q", out, want)
	}
	data, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadArchive(data)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range got {
		if m.Name != ms[i].Name || string(m.Data) != string(ms[i].Data) {
			t.Errorf("member %d: %q, want %q", i, m, ms[i].Member)
		}
	}
	// The index: each symbol points at its member's header.
	idx := data[len(arMagic)+arHeaderLen:]
	n := int(idx[0])<<24 | int(idx[1])<<16 | int(idx[2])<<8 | int(idx[3])
	if n != 3 {
		t.Fatalf("index of %d symbols, want 3", n)
	}
	for i, want := range []string{"short.o/", "short.o/", "c.o/"} {
		off := int(idx[4+4*i])<<24 | int(idx[5+4*i])<<16 | int(idx[6+4*i])<<8 | int(idx[7+4*i])
		if name := string(data[off : off+len(want)]); name != want {
			t.Errorf("symbol %d points at %q, want %q", i, name, want)
		}
	}
}
