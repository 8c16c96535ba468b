package wasm

import (
	"strings"
	"testing"
)

// TestDefineAt checks that a data symbol defined at an offset into its
// segment says so in the symbol table, and that relocations against it
// add the offset.
func TestDefineAt(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()
	o := NewObject()
	d := o.Data("tbl")
	var c Contents
	c.Write([]byte("HEAD"))
	c.Uint32(7)
	d.DefineAt(ROData, 4, &c, 4)
	fn := o.Func("addr", Returns(I64))
	code := NewCode()
	code.I64ConstAddr(d, 0)
	fn.Define(code)
	obj := writeObject(t, dir, "at.o", o)
	out := tc.run(t, tc.objdump, "-x", obj)
	if !strings.Contains(out, "<tbl> segment=0 offset=4 size=4") {
		t.Errorf("symbol table:\n%s", out)
	}
	bad := NewObject()
	var short Contents
	short.Write([]byte("ab"))
	bad.Data("x").DefineAt(RWData, 1, &short, 3)
	if _, err := bad.Bytes(); err == nil {
		t.Error("an offset beyond the segment was accepted")
	}
}
