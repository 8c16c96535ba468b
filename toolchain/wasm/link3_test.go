package wasm

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// defineText defines a data symbol holding text.
func defineText(o *Object, name string, kind SegmentKind, text string) *Data {
	d := o.Data(name)
	var c Contents
	c.Write([]byte(text))
	d.Define(kind, 1, &c)
	return d
}

// TestLinkGCSections checks that --gc-sections drops the functions and
// data segments nothing live references, and keeps no_strip ones.
func TestLinkGCSections(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()

	o := NewObject()
	usedData := defineText(o, "used_data", RWData, "MARK-USED-DATA")
	deadData := defineText(o, "dead_data", RWData, "MARK-DATA-OF-DEAD-CODE")
	defineText(o, "unreferenced_data", ROData, "MARK-UNREFERENCED-DATA")
	defineText(o, "kept_data", ROData, "MARK-KEPT-DATA").NoStrip = true

	helper := o.Func("used_helper", Returns(I64))
	c := NewCode()
	c.I64ConstAddr(usedData, 0)
	helper.Define(c)
	used := o.Func("used", Returns(I64))
	c = NewCode()
	c.Call(helper)
	used.Define(c)
	used.Exported = true

	dead := o.Func("dead", Returns(I64))
	c = NewCode()
	c.I64ConstAddr(deadData, 0)
	dead.Define(c)
	kept := o.Func("kept", FuncType{})
	kept.Define(NewCode())
	kept.NoStrip = true
	undefUnused := o.Func("never_defined", FuncType{})
	_ = undefUnused // declared, never referenced: must not make the link fail

	obj := writeObject(t, dir, "gc.o", o)
	link := func(gc string) (*module, []byte, string) {
		out := filepath.Join(dir, gc+".wasm")
		log, err := tc.wasmLdErr("-mwasm64", "--no-entry", gc, "--print-gc-sections", "-o", out, obj)
		if err != nil {
			t.Fatalf("wasm-ld %s: %v\n%s", gc, err, log)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return readModule(t, b), b, log
	}

	m, b, log := link("--gc-sections")
	names := m.functionNames(t)
	for _, f := range []string{"used", "used_helper", "kept"} {
		if !names[f] {
			t.Errorf("--gc-sections removed %s", f)
		}
	}
	if names["dead"] {
		t.Errorf("--gc-sections kept dead")
	}
	for _, mark := range []string{"MARK-USED-DATA", "MARK-KEPT-DATA"} {
		if !bytes.Contains(b, []byte(mark)) {
			t.Errorf("--gc-sections removed %s", mark)
		}
	}
	for _, mark := range []string{"MARK-DATA-OF-DEAD-CODE", "MARK-UNREFERENCED-DATA"} {
		if bytes.Contains(b, []byte(mark)) {
			t.Errorf("--gc-sections kept %s", mark)
		}
	}
	for _, removed := range []string{"removing unused section " + obj + ":(dead)", "removing unused section " + obj + ":(.rodata.unreferenced_data)"} {
		if !strings.Contains(log, removed) {
			t.Errorf("wasm-ld did not say %q; it said:\n%s", removed, log)
		}
	}

	// The control: without garbage collection everything stays.
	m, b, _ = link("--no-gc-sections")
	if !m.functionNames(t)["dead"] || !bytes.Contains(b, []byte("MARK-UNREFERENCED-DATA")) {
		t.Errorf("--no-gc-sections lost dead code or data")
	}
}

// TestLinkCustomSections links two objects whose custom sections of the
// same name the linker concatenates, applying their relocations.
func TestLinkCustomSections(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()

	a := NewObject()
	aData := defineText(a, "a_data", RWData, "a's data")
	aData.Exported = true
	var ac Contents
	ac.Write([]byte("AAAA"))
	ac.Addr64(aData, 0)
	a.CustomSection("ahc.info", &ac)

	b := NewObject()
	bData := defineText(b, "b_data", RWData, "b's data, longer")
	bData.Exported = true
	var bc Contents
	bc.Write([]byte("BB"))
	sect := b.CustomSection("ahc.info", &bc)
	bc.SectionOffset32(sect, 2) // bc is still being built: the section sees it all
	bc.Addr64(bData, 4)
	var other Contents
	other.Write([]byte("other"))
	b.CustomSection("ahc.other", &other)

	out := filepath.Join(dir, "custom.wasm")
	tc.run(t, tc.wasmLd, "-mwasm64", "--no-entry", "-o", out, writeObject(t, dir, "a.o", a), writeObject(t, dir, "b.o", b))
	mb, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m := readModule(t, mb)
	info := m.section(secCustom, "ahc.info")
	if len(info) != 12+2+4+8 || string(info[:4]) != "AAAA" || string(info[12:14]) != "BB" {
		t.Fatalf("ahc.info = %q, want A's 12 bytes then B's 14", info)
	}
	if got, want := binary.LittleEndian.Uint64(info[4:]), m.exportedGlobal(t, "a_data"); got != want {
		t.Errorf("address of a_data in ahc.info = %#x, want %#x", got, want)
	}
	if got := binary.LittleEndian.Uint32(info[14:]); got != 12+2 {
		t.Errorf("section offset in ahc.info = %d, want 14 (B's part starts at 12)", got)
	}
	if got, want := binary.LittleEndian.Uint64(info[18:]), m.exportedGlobal(t, "b_data")+4; got != want {
		t.Errorf("address of b_data+4 in ahc.info = %#x, want %#x", got, want)
	}
	if got := string(m.section(secCustom, "ahc.other")); got != "other" {
		t.Errorf("ahc.other = %q", got)
	}
}

// TestLinkComdat links two objects defining the same function and data in
// a comdat of the same name: the first object's definitions win, where
// without the comdat the link fails.
func TestLinkComdat(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()
	object := func(which string, comdat string) string {
		o := NewObject()
		d := defineText(o, "dup_data", ROData, "MARK-"+which)
		d.Comdat = comdat
		f := o.Func("dup_fn", Returns(I64))
		c := NewCode()
		c.I64ConstAddr(d, 0)
		f.Define(c)
		f.Comdat, f.Exported = comdat, true
		return writeObject(t, dir, which+comdat+".o", o)
	}
	out := filepath.Join(dir, "comdat.wasm")
	tc.run(t, tc.wasmLd, "-mwasm64", "--no-entry", "-o", out, object("FIRST", "dup"), object("SECOND", "dup"))
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("MARK-FIRST")) || bytes.Contains(b, []byte("MARK-SECOND")) {
		t.Errorf("the linked module does not hold exactly the first comdat's data")
	}
	if log, err := tc.wasmLdErr("-mwasm64", "--no-entry", "-o", out, object("FIRST", ""), object("SECOND", "")); err == nil ||
		!strings.Contains(log, "duplicate symbol: dup_fn") {
		t.Errorf("without comdats: %v\n%s\nwant a duplicate symbol", err, log)
	}
}

// TestLinkStrings checks that wasm-ld merges equal strings of segments
// flagged WASM_SEG_FLAG_STRINGS when it optimises.
func TestLinkStrings(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()
	var objects []string
	for _, name := range []string{"s1", "s2"} {
		o := NewObject()
		defineText(o, name, Strings, "same string\x00").Exported = true
		objects = append(objects, writeObject(t, dir, name+".o", o))
	}
	out := filepath.Join(dir, "strings.wasm")
	tc.run(t, tc.wasmLd, append([]string{"-mwasm64", "--no-entry", "-O1", "-o", out}, objects...)...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m := readModule(t, b)
	if n := bytes.Count(b, []byte("same string\x00")); n != 1 {
		t.Errorf("the linked module holds the string %d times, want 1", n)
	}
	if s1, s2 := m.exportedGlobal(t, "s1"), m.exportedGlobal(t, "s2"); s1 != s2 {
		t.Errorf("s1 at %#x, s2 at %#x: not merged", s1, s2)
	}
}
