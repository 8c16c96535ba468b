package oracle

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/toolchain/cmm"
)

// testAsm is what GHC's NCG prints for a small module M (trimmed code),
// with the pieces the oracle must handle: an SRT, a return point and an
// internal function that are temporaries, a constructor description, a
// static indirection emitted as .equiv, and a literal of the code
// generator in .rodata.
const testAsm = `.section .text
.align 8
.align 8
	.quad	8589934607
	.quad	0
	.long	14
	.long	.Lu1a_srt-(M_f_info)+0
.globl M_f_info
.type M_f_info, @function
M_f_info:
.Lc1b:
	movq $.Lc2c_info,-8(%rbp)
	movsd .Ln1d(%rip),%xmm1
	jmp *(%rbp)
.align 8
	.quad	0
	.long	30
	.long	.Lu1a_srt-(.Lc2c_info)+0
.Lc2c_info:
.Lc2c:
	jmp *(%rbp)
	.size M_f_info, .-M_f_info
.section .rodata
.align 8
.align 8
.Ln1d:
	.quad	4612811918334230528
.section .data
.align 8
.align 1
.Lu1a_srt:
	.quad	stg_SRT_1_info
	.quad	base_GHCziShow_x_closure
	.quad	0
.section .data
.align 8
.align 1
.globl M_f_closure
.type M_f_closure, @object
M_f_closure:
	.quad	M_f_info
	.quad	0
.section .text
.align 8
.align 8
	.quad	4294967300
	.quad	0
	.long	14
	.long	0
.Lr2e_info:
.Lc3f:
	jmp *(%rbp)
.section .data
.align 8
.align 1
.Lr2e_closure:
	.quad	.Lr2e_info
.section .data
.align 8
.align 1
.globl M_b_closure
.type M_b_closure, @object
M_b_closure:
	.quad	ghczmprim_GHCziTypes_Izh_con_info
	.quad	42
.globl M_a_closure
.equiv M_a_closure,M_b_closure
.section .rodata.str,"aMS",@progbits,1
.align 1
.align 1
i4g_str:
	.string "main:M.A"
.section .text
.align 8
.align 8
	.long	i4g_str-(M_A_con_info)+0
	.long	0
	.quad	4294967296
	.long	3
	.long	0
.globl M_A_con_info
.type M_A_con_info, @object
M_A_con_info:
.Lc5h:
	incq %rbx
	jmp *(%rbp)
.section .data
.align 8
.align 1
.globl M_A_closure
.type M_A_closure, @object
M_A_closure:
	.quad	M_A_con_info
`

func i64(v uint64) cmm.Static { return cmm.StaticInt{Value: v, Width: cmm.W64} }
func i32(v uint64) cmm.Static { return cmm.StaticInt{Value: v, Width: cmm.W32} }
func lbl(l cmm.Label, off int64) cmm.Static {
	return cmm.StaticLabel{Label: l, Offset: off}
}
func diff(a, b cmm.Label, w cmm.Width) cmm.Static {
	return cmm.StaticLabelDiff{A: a, B: b, Width: w}
}

func data(l cmm.Label, k cmm.SectionKind, st ...cmm.Static) Item {
	return Item{Label: l, Section: cmm.Section{Kind: k, Label: l}, Statics: st}
}

func info(l cmm.Label, st ...cmm.Static) Item {
	return Item{Label: l, Info: true, Section: cmm.Section{Kind: cmm.SectionText, Label: l}, Statics: st}
}

// testModule is the dump of testAsm's module, in dump order.
func testModule() *Module {
	return &Module{Items: []Item{
		info("M.f_info", i64(8589934607), i64(0), i32(14), diff("_u1a_srt", "M.f_info", cmm.W32)),
		info("block_c2c_info", i64(0), i32(30), diff("_u1a_srt", "block_c2c_info", cmm.W32)),
		data("_u1a_srt", cmm.SectionData, lbl("stg_SRT_1_info", 0), lbl("GHC.Show.x_closure", 0), i64(0)),
		data("M.f_closure", cmm.SectionData, lbl("M.f_info", 0), i64(0)),
		info("$wgo_r2e_info", i64(4294967300), i64(0), i32(14), i32(0)),
		data("$wgo_r2e_closure", cmm.SectionData, lbl("$wgo_r2e_info", 0)),
		data("M.b_closure", cmm.SectionData, lbl("GHC.Types.I#_con_info", 0), i64(42)),
		data("M.a_closure", cmm.SectionData, lbl("stg_IND_STATIC_info", 0), lbl("M.b_closure", 1), i64(0), i64(0)),
		data("i4g_str", cmm.SectionCString, cmm.StaticString{Bytes: []byte("main:M.A")}),
		info("M.A_con_info", diff("i4g_str", "M.A_con_info", cmm.W64), i64(4294967296), i32(3), i32(0)),
		data("M.A_closure", cmm.SectionData, lbl("M.A_con_info", 0)),
	}}
}

func testResolver(m *Module) *cmm.Resolver {
	def := map[cmm.Label]bool{}
	for _, it := range m.Items {
		def[it.Label] = true
	}
	return &cmm.Resolver{ThisModule: "M", Defined: func(l cmm.Label) bool { return def[l] },
		Units: cmm.NewUnitDB([]cmm.UnitInfo{
			{Name: "base", ID: "base-4.15.1.0", Modules: []string{"GHC.Show"}},
			{Name: "ghc-prim", ID: "ghc-prim-0.7.0", Modules: []string{"GHC.Types"}},
		})}
}

// assemble assembles x86_64 assembly with GNU as, keeping .L symbols if
// asked to.
func assemble(t *testing.T, src string, keepLocals bool) *Object {
	t.Helper()
	as, err := exec.LookPath("as")
	if err != nil {
		t.Skip("no GNU as on PATH")
	}
	dir := t.TempDir()
	s, o := filepath.Join(dir, "m.s"), filepath.Join(dir, "m.o")
	if err := os.WriteFile(s, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--64", "-o", o, s}
	if keepLocals {
		args = append([]string{"-L"}, args...)
	}
	if out, err := exec.Command(as, args...).CombinedOutput(); err != nil {
		t.Fatalf("as: %v\n%s", err, out)
	}
	obj, err := ReadObject(o)
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

func TestReadObject(t *testing.T) {
	obj := assemble(t, testAsm, false)
	text, ok := obj.SectionByName(".text")
	if !ok || text.Flags&elf.SHF_EXECINSTR == 0 {
		t.Fatalf(".text = %+v", text)
	}
	f, ok := obj.Lookup("M_f_info")
	if !ok || !f.Defined() || obj.Sections[f.Section] != text || f.Value != 24 || f.Bind != elf.STB_GLOBAL {
		t.Errorf("M_f_info = %+v", f)
	}
	if s, ok := obj.Lookup("i4g_str"); !ok || s.Bind != elf.STB_LOCAL || obj.Sections[s.Section].Name != ".rodata.str" {
		t.Errorf("i4g_str = %+v", s)
	}
	if _, ok := obj.Lookup(".Lu1a_srt"); ok {
		t.Errorf("temporary .Lu1a_srt in the symbol table")
	}
	if u, ok := obj.Lookup("stg_SRT_1_info"); !ok || u.Defined() {
		t.Errorf("stg_SRT_1_info = %+v, want undefined", u)
	}
	// The SRT field of M_f_info: PC32 to .data (the SRT is a temporary)
	// with addend off(SRT) + (P - M_f_info) = 0 - 4.
	rs := text.RelocsIn(20, 24)
	if len(rs) != 1 || rs[0].Type != elf.R_X86_64_PC32 || rs[0].Sym.Name != ".data" || rs[0].Addend != -4 {
		t.Errorf("relocations of M_f_info's SRT field = %+v", rs)
	}
	data, _ := obj.SectionByName(".data")
	rs = data.RelocsIn(0, 24)
	if len(rs) != 2 || rs[0].Type != elf.R_X86_64_64 || rs[0].Sym.Name != "stg_SRT_1_info" || rs[1].Offset != 8 {
		t.Errorf("relocations of the SRT = %+v", rs)
	}
	if b, ok := data.Bytes(16, 24); !ok || string(b) != "\x00\x00\x00\x00\x00\x00\x00\x00" {
		t.Errorf("bytes = %q, %v", b, ok)
	}
	if _, ok := data.Bytes(0, data.Size+1); ok {
		t.Error("bytes past the end")
	}
}

func TestVerify(t *testing.T) {
	for _, keep := range []bool{false, true} {
		obj := assemble(t, testAsm, keep)
		m := testModule()
		res := Verify(obj, m, testResolver(m))
		for _, mm := range res.Mismatches {
			t.Errorf("keep locals %v: %s", keep, mm)
		}
		if res.Symbols != len(m.Items) {
			t.Errorf("keep locals %v: verified %d symbols, want %d", keep, res.Symbols, len(m.Items))
		}
		// 2 SRT fields, 2 words of the SRT, f's and A's closures, go's
		// closure, b's info pointer and A's description (a PC32 to
		// .rodata.str).
		if res.Relocs != 9 {
			t.Errorf("keep locals %v: %d relocations, want 9", keep, res.Relocs)
		}
		want := map[string]int{"symbol": 6, "order": 2, "reloc": 1, "content": 1, "alias": 1}
		if keep {
			want = map[string]int{"symbol": 10, "alias": 1}
		}
		for how, n := range want {
			if res.Located[how] != n {
				t.Errorf("keep locals %v: located %v, want %v", keep, res.Located, want)
				break
			}
		}
		if p := res.Places["block_c2c_info"]; p.Section != ".text" || p.Offset != 0x40 {
			t.Errorf("keep locals %v: block_c2c_info at %+v", keep, p)
		}
		if p := res.Places["M.a_closure"]; p != res.Places["M.b_closure"] && p.How != "alias" {
			t.Errorf("keep locals %v: M.a_closure at %+v", keep, p)
		}
	}
}

func TestVerifyMismatches(t *testing.T) {
	objs := map[bool]*Object{false: assemble(t, testAsm, false), true: assemble(t, testAsm, true)}
	tests := []struct {
		name   string
		keep   bool // use the object with .L symbols
		change func(m *Module)
		want   []string
	}{
		{"an integer", false, func(m *Module) { m.Items[3].Statics[1] = i64(0x0700) }, []string{"M.f_closure (M_f_closure) +9: bytes differ: ours 07, native 00"}},
		{"a W32 field", true, func(m *Module) { m.Items[1].Statics[1] = i32(31) }, []string{"block_c2c_info (.Lc2c_info) +8: bytes differ: ours 1f, native 1e"}},
		// Without .L symbols, a table that differs is not found at all.
		{"a W32 field of a temporary", false, func(m *Module) { m.Items[1].Statics[1] = i32(31) }, []string{"block_c2c_info (.Lc2c_info): not found"}},
		{"a label", false, func(m *Module) { m.Items[2].Statics[1] = lbl("GHC.Show.y_closure", 0) }, []string{"_u1a_srt (.Lu1a_srt) +8: target base_GHCziShow_y_closure+0, want base_GHCziShow_x_closure+0"}},
		{"an indirectee", false, func(m *Module) { m.Items[7].Statics[1] = lbl("M.f_closure", 1) }, []string{"M.a_closure (M_a_closure): static indirection not an alias of M.f_closure: ours .data+0x18, native .data+0x30"}},
		{"an addend", false, func(m *Module) { m.Items[3].Statics[0] = lbl("M.f_info", 8) }, []string{"M.f_closure (M_f_closure) +0: target .text+0x20, want .text+0x18"}},
		{"an SRT", true, func(m *Module) { m.Items[0].Statics[3] = diff("M.f_closure", "M.f_info", cmm.W32) }, []string{"M.f_info (M_f_info) +20: target .data+0x18, want .data+0x0"}},
		{"a difference", false, func(m *Module) {
			m.Items[9].Statics[0] = cmm.StaticLabelDiff{A: "i4g_str", B: "M.A_con_info", Offset: 1, Width: cmm.W64}
		}, []string{"M.A_con_info (M_A_con_info) +0: target .rodata.str+0x1, want .rodata.str+0x0"}},
		{"a W32 description", false, func(m *Module) { m.Items[9].Statics[0] = diff("i4g_str", "M.A_con_info", cmm.W32) }, []string{"M.A_con_info (M_A_con_info) +0: missing relocation"}},
		{"a string", false, func(m *Module) {
			m.Items[8].Statics[0] = cmm.StaticString{Bytes: []byte("main:M.B")}
		}, []string{"i4g_str +7: bytes differ: ours 42, native 41"}},
		{"a missing relocation", false, func(m *Module) { m.Items[3].Statics[0] = i64(0) }, []string{"M.f_closure (M_f_closure) +0: extra relocation: ours no reference, native R_X86_64_64 M_f_info+0"}},
		{"an extra relocation", false, func(m *Module) { m.Items[3].Statics[1] = lbl("M.f_info", 0) }, []string{"M.f_closure (M_f_closure) +8: missing relocation"}},
		{"a missing declaration", false, func(m *Module) { m.Items = append(m.Items[:6], m.Items[8:]...) }, []string{"M_b_closure: native symbol not declared", "M_a_closure: native symbol not declared"}},
		{"an extra declaration", false, func(m *Module) {
			m.Items = append(m.Items, data("M.z_closure", cmm.SectionData, i64(1)))
		}, []string{"M.z_closure (M_zz_closure): runs past the end", "section size differs"}},
		{"a temporary nowhere", false, func(m *Module) {
			m.Items = append(m.Items, info("block_c9z_info", i64(5), i32(30), i32(0)))
		}, []string{"block_c9z_info (.Lc9z_info): not found in the object (an assembler temporary"}},
		{"a missing temporary", true, func(m *Module) { m.Items = append(m.Items[:1], m.Items[2:]...) }, []string{".Lc2c_info: native symbol not declared in the dump"}},
		{"the wrong section", false, func(m *Module) { m.Items[10].Section.Kind = cmm.SectionRelocatableReadOnlyData }, []string{"M.A_closure (M_A_closure): in the wrong section: ours .data.rel.ro, native .data"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testModule()
			tt.change(m)
			res := Verify(objs[tt.keep], m, testResolver(m))
			var got []string
			for _, mm := range res.Mismatches {
				got = append(got, mm.String())
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("mismatches do not say %q:\n%s", w, all)
				}
			}
			if len(got) == 0 {
				t.Error("no mismatches")
			}
		})
	}
}
