package wasm

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (run with -update to accept it):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff lists the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			if shown++; shown == 10 {
				break
			}
		}
	}
	return b.String()
}

// hexdump formats b 16 bytes a line.
func hexdump(b []byte) string {
	var s strings.Builder
	for off := 0; off < len(b); off += 16 {
		end := min(off+16, len(b))
		fmt.Fprintf(&s, "%04x:", off)
		for _, c := range b[off:end] {
			fmt.Fprintf(&s, " %02x", c)
		}
		s.WriteString("\n")
	}
	return s.String()
}

// tinyObject is one function and one data symbol with a relocation of each
// kind a data segment has.
func tinyObject() *Object {
	o := NewObject()
	ext := o.Func("ext", FuncType{Params: []ValType{I64}})
	d := o.Data("d")
	var c Contents
	c.Addr64(d, 8)
	c.TableIndex64(ext)
	c.LocRel32(d, 4)
	d.Define(RWData, 8, &c)
	f := o.Func("f", FuncType{})
	code := NewCode()
	code.I64ConstAddr(d, 0)
	code.Call(ext)
	f.Define(code)
	return o
}

func TestGoldenTinyBytes(t *testing.T) {
	b, err := tinyObject().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "tiny.hex", hexdump(b))
}

// smallObject uses every kind of symbol, attribute, section and
// relocation except LOCREL_I32, which wabt 1.0.32 cannot print.
func smallObject() *Object {
	o := NewObject()
	i64i64 := FuncType{Params: []ValType{I64}, Results: []ValType{I64}}

	write := o.Func("fd_write_import", FuncType{Params: []ValType{I32, I64, I64, I64}, Results: []ValType{I32}})
	write.ImportModule, write.ImportName = "wasi_snapshot_preview1", "fd_write"
	write.Hidden = true
	ext := o.Func("ext", i64i64)
	weakExt := o.Func("weak_ext", FuncType{})
	weakExt.Weak = true
	sp := o.Global("__stack_pointer", I64, true)
	counter := o.Data("c_counter")

	flag := o.Global("hs_flag", I32, false)
	flag.Define(uint64(0xffffffff))
	reg := o.Global("hs_reg", F32, true)
	reg.Define(uint64(math.Float32bits(1.5)))
	reg.Exported = true

	str := o.Data("hs_str")
	var s Contents
	s.Write([]byte("hi\x00"))
	str.Define(Strings, 1, &s)
	bss := o.Data("hs_bss")
	var z Contents
	z.Zero(16)
	bss.Define(BSS, 16, &z)
	bss.Local = true

	entry := o.Func("hs_entry", i64i64)
	entry.Hidden = true
	rec := o.Data("hs_rec")
	var r Contents
	r.Uint64(0x0102030405060708)
	r.Addr64(str, 1)
	r.TableIndex64(entry)
	r.Addr64(counter, 0)
	rec.Define(ROData, 8, &r)
	rec.Comdat = "hs_group"

	c := NewCode(I64)
	tmp := c.NewLocal(I64)
	c.NewLocal(I64)
	c.NewLocal(F64)
	c.NewLocal(I32)
	c.LocalGet(0)
	c.Block(FuncType{Params: []ValType{I64}, Results: []ValType{I64, I64}})
	c.LocalTee(tmp)
	c.LocalGet(tmp)
	c.End()
	c.Op(I64Add)
	c.Call(ext)
	c.I64ConstFunc(ext)
	c.Op(I32WrapI64)
	c.CallIndirect(i64i64)
	c.GlobalGet(sp)
	c.Op(I64Add)
	c.I64Const(0)
	c.I64Load(MemArg{Sym: rec, Offset: 8})
	c.Op(I64Add)
	c.I64ConstAddr(bss, 4)
	c.Op(Drop)
	c.GlobalGet(flag)
	c.Op(Drop)
	c.Call(weakExt)
	c.I32Const(1)
	c.I64Const(0)
	c.I64Const(0)
	c.I64Const(0)
	c.Call(write)
	c.Op(Drop)
	entry.Define(c)
	entry.Comdat = "hs_group"

	ctor := o.Func("hs_ctor", FuncType{})
	c = NewCode()
	c.I64Const(0)
	c.F32Const(2.5)
	c.F32Store(MemArg{Sym: counter})
	c.GlobalGet(reg)
	c.GlobalSet(reg)
	ctor.Define(c)
	ctor.Local = true
	o.InitFunc(65535, ctor)

	exp := o.Func("hs_exported", i64i64)
	c = NewCode(I64)
	c.LocalGet(0)
	c.ReturnCall(entry)
	exp.Define(c)
	exp.Exported, exp.NoStrip = true, true

	var rec2 Contents
	rec2.Write([]byte("ahc"))
	sect := o.CustomSection("ahc.records", &rec2)
	rec2.SectionOffset32(sect, 3)
	rec2.Addr64(rec, 0)
	return o
}

func TestGoldenSmallObjdump(t *testing.T) {
	objdump := needProgram(t, "wasm-objdump", "wabt")
	dir := t.TempDir()
	obj := writeObject(t, dir, "small.o", smallObject())
	out := mustRun(t, objdump, "-x", "-d", obj)
	golden(t, "small.objdump", strings.ReplaceAll(out, obj, "small.o"))
	// wasm-validate checks the instructions' types and indices too.
	mustRun(t, needProgram(t, "wasm-validate", "wabt"), "--enable-memory64", "--enable-tail-call", obj)
}
