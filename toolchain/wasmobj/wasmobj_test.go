package wasmobj

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Encoders for hand-made objects.

func uleb(v uint64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			c |= 0x80
		}
		b = append(b, c)
		if v == 0 {
			return b
		}
	}
}

// paddedU32 is a 5-byte LEB128, as LLVM writes relocatable numbers.
func paddedU32(v uint32) []byte {
	b := make([]byte, 5)
	for i := range 4 {
		b[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	b[4] = byte(v)
	return b
}

func str(s string) []byte { return append(uleb(uint64(len(s))), s...) }

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func section(id byte, body []byte) []byte { return cat([]byte{id}, uleb(uint64(len(body))), body) }

func custom(name string, body []byte) []byte { return section(0, cat(str(name), body)) }

func subsection(typ byte, body []byte) []byte { return cat([]byte{typ}, uleb(uint64(len(body))), body) }

var header = []byte("\x00asm\x01\x00\x00\x00")

// object has two data segments, .data.b (7 bytes at 0) and .bss.a (5 bytes
// at 16, i64.const as wasm64 writes it), a defined and an undefined
// function, and data symbols a, b and a local c inside .data.b.
func object() []byte {
	data := cat(uleb(2),
		[]byte{0}, []byte{0x41}, uleb(0), []byte{0x0b}, uleb(7), []byte{1, 2, 3, 4, 5, 6, 7},
		[]byte{0}, []byte{0x42}, uleb(16), []byte{0x0b}, uleb(5), make([]byte, 5))
	symtab := cat(uleb(6),
		[]byte{byte(Data)}, uleb(0), str("b"), uleb(0), uleb(0), uleb(7),
		[]byte{byte(Data)}, uleb(FlagHidden), str("a"), paddedU32(1), uleb(0), uleb(5),
		[]byte{byte(Data)}, uleb(FlagLocal), str("c"), uleb(0), uleb(4), uleb(2),
		[]byte{byte(Function)}, uleb(0), uleb(1), str("f"),
		[]byte{byte(Function)}, uleb(FlagUndefined), uleb(0),
		[]byte{byte(Data)}, uleb(FlagUndefined), str("extern_data"))
	seginfo := cat(uleb(2), str(".data.b"), uleb(0), uleb(0), str(".bss.a"), uleb(0), uleb(0))
	return cat(header,
		section(11, data),
		custom("linking", cat(uleb(2), subsection(8, symtab), subsection(5, seginfo), subsection(6, uleb(0)))),
		custom("producers", []byte{0}))
}

func TestParse(t *testing.T) {
	obj, err := Parse(object())
	if err != nil {
		t.Fatal(err)
	}
	wantSegs := []Segment{{Name: ".data.b", Addr: 0, Size: 7}, {Name: ".bss.a", Addr: 16, Size: 5}}
	if !reflect.DeepEqual(obj.Segments, wantSegs) {
		t.Errorf("Segments = %+v, want %+v", obj.Segments, wantSegs)
	}
	wantSyms := []Symbol{
		{Kind: Data, Name: "b", Index: 0, Offset: 0, Size: 7},
		{Kind: Data, Flags: FlagHidden, Name: "a", Index: 1, Offset: 0, Size: 5},
		{Kind: Data, Flags: FlagLocal, Name: "c", Index: 0, Offset: 4, Size: 2},
		{Kind: Function, Name: "f", Index: 1},
		{Kind: Function, Flags: FlagUndefined, Index: 0},
		{Kind: Data, Flags: FlagUndefined, Name: "extern_data"},
	}
	if !reflect.DeepEqual(obj.Symbols, wantSyms) {
		t.Errorf("Symbols =\n%+v\nwant\n%+v", obj.Symbols, wantSyms)
	}
	for name, want := range map[string]uint64{"a": 16, "b": 0, "c": 4} {
		for _, s := range obj.Symbols {
			if s.Name == name && obj.Addr(s) != want {
				t.Errorf("Addr(%s) = %d, want %d", name, obj.Addr(s), want)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	good := object()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"ELF", []byte("\x7fELF\x02\x01\x01\x00"), "bad magic"},
		{"version", []byte("\x00asm\x02\x00\x00\x00"), "version 2"},
		{"linked module", cat(header, section(1, uleb(0))), "not a relocatable object"},
		{"truncated", good[:len(good)-20], "wanted"},
		{"linking version", cat(header, custom("linking", uleb(1))), "unsupported version 1"},
		{"symbol outside its segment", cat(header,
			section(11, cat(uleb(1), []byte{0, 0x41, 0, 0x0b}, uleb(2), []byte{0, 0})),
			custom("linking", cat(uleb(2), subsection(8, cat(uleb(1), []byte{byte(Data)}, uleb(0), str("x"), uleb(0), uleb(1), uleb(4)))))),
			"x: bytes 1+4 lie outside its segment of 2"},
		{"symbol of a missing segment", cat(header,
			custom("linking", cat(uleb(2), subsection(8, cat(uleb(1), []byte{byte(Data)}, uleb(0), str("x"), uleb(3), uleb(0), uleb(1)))))),
			"segment 3 of 0"},
		{"unknown kind", cat(header, custom("linking", cat(uleb(2), subsection(8, cat(uleb(1), []byte{9}, uleb(0)))))), "unknown kind 9"},
		{"overlong LEB", cat(header, custom("linking", cat(uleb(2), subsection(8, []byte{0x80, 0x80, 0x80, 0x80, 0x10})))), "wider than 32 bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// What clang writes: symbol sizes must be those of the C declarations, for
// both memory widths.
func TestClangObjects(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Fatal("clang is not installed (run `make setup`)")
	}
	src := filepath.Join(t.TempDir(), "sizes.c")
	os.WriteFile(src, []byte(`
char zeros[300];
char ones[70000] = {1};
static char local[3] = {1, 2, 3};
long words[5];
extern char elsewhere[];
char *use(void) { return local[0] ? elsewhere : zeros; }
`), 0o644)
	want := map[string]uint64{"zeros": 300, "ones": 70000, "local": 3, "words": 40}
	for _, triple := range []string{"wasm64-wasi", "wasm32-wasi"} {
		t.Run(triple, func(t *testing.T) {
			if triple == "wasm32-wasi" {
				want["words"] = 20
			}
			out := filepath.Join(t.TempDir(), "sizes.o")
			if msg, err := exec.Command(clang, "--target="+triple, "-fno-common", "-c", src, "-o", out).CombinedOutput(); err != nil {
				t.Fatalf("clang: %v\n%s", err, msg)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			obj, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]uint64{}
			for _, s := range obj.Symbols {
				if s.Kind == Data && s.Defined() {
					got[s.Name] = s.Size
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("data symbol sizes = %v, want %v", got, want)
			}
		})
	}
}
