package oracle

import (
	"bytes"
	"math"
	"reflect"
	"testing"

	"github.com/ahc-hs/ahc/toolchain/cmm"
)

func TestLay(t *testing.T) {
	tests := []struct {
		name    string
		statics []cmm.Static
		bytes   []byte
		refs    []Ref
	}{
		{
			name:    "closure with a label and an offset",
			statics: []cmm.Static{cmm.StaticLabel{Label: "GHC.Types.I#_con_info"}, cmm.StaticLabel{Label: "GHC.Types.[]_closure", Offset: 1}},
			bytes:   make([]byte, 16),
			refs: []Ref{
				{Offset: 0, Kind: RefAbs64, Target: "GHC.Types.I#_con_info"},
				{Offset: 8, Kind: RefAbs64, Target: "GHC.Types.[]_closure", Addend: 1},
			},
		},
		{
			name: "integers of every width, little-endian",
			statics: []cmm.Static{
				cmm.StaticInt{Value: 0x0102030405060708, Width: cmm.W64},
				cmm.StaticInt{Value: 0xffffffff, Width: cmm.W32},
				cmm.StaticInt{Value: 0x1234, Width: cmm.W16},
				cmm.StaticInt{Value: 0x7f, Width: cmm.W8},
			},
			bytes: []byte{8, 7, 6, 5, 4, 3, 2, 1, 0xff, 0xff, 0xff, 0xff, 0x34, 0x12, 0x7f},
		},
		{
			name: "floats",
			statics: []cmm.Static{
				cmm.StaticFloat{Bits: math.Float64bits(2.5), Width: cmm.W64},
				cmm.StaticFloat{Bits: uint64(math.Float32bits(0.25)), Width: cmm.W32},
			},
			bytes: []byte{0, 0, 0, 0, 0, 0, 4, 0x40, 0, 0, 0x80, 0x3e},
		},
		{
			name:    "a string ends with the NUL of .string",
			statics: []cmm.Static{cmm.StaticString{Bytes: []byte("main:M.A")}},
			bytes:   []byte("main:M.A\x00"),
		},
		{
			name:    "uninitialised space",
			statics: []cmm.Static{cmm.StaticUninit{Size: 3}, cmm.StaticInt{Value: 1, Width: cmm.W8}},
			bytes:   []byte{0, 0, 0, 1},
		},
		{
			name: "return point with an inline SRT: a W32 difference",
			statics: []cmm.Static{
				cmm.StaticInt{Value: 1, Width: cmm.W64},
				cmm.StaticInt{Value: 30, Width: cmm.W32},
				cmm.StaticLabelDiff{A: "_u2iM_srt", B: "block_c2fx_info", Width: cmm.W32},
			},
			bytes: []byte{1, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0},
			refs:  []Ref{{Offset: 12, Kind: RefRel32, Target: "_u2iM_srt", Base: "block_c2fx_info"}},
		},
		{
			name: "constructor description: a W64 difference is a .long and a .long 0",
			statics: []cmm.Static{
				cmm.StaticLabelDiff{A: "i2nz_str", B: "M.A_con_info", Offset: 3, Width: cmm.W64},
				cmm.StaticInt{Value: 4294967296, Width: cmm.W64},
			},
			bytes: []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0},
			refs:  []Ref{{Offset: 0, Kind: RefRel32, Target: "i2nz_str", Base: "M.A_con_info", Addend: 3}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Lay(tt.statics)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(l.Bytes, tt.bytes) {
				t.Errorf("bytes = % x, want % x", l.Bytes, tt.bytes)
			}
			if !reflect.DeepEqual(l.Refs, tt.refs) {
				t.Errorf("refs = %+v, want %+v", l.Refs, tt.refs)
			}
		})
	}
}

func TestLayErrors(t *testing.T) {
	for _, st := range [][]cmm.Static{
		{cmm.StaticInt{Value: 1, Width: cmm.W128}},
		{cmm.StaticFloat{Bits: 1, Width: cmm.W16}},
		{cmm.StaticLabelDiff{A: "a", B: "b", Width: cmm.W16}},
		{cmm.StaticUninit{Size: -1}},
		{cmm.StaticFileEmbed{Path: "/nonexistent/blob"}},
	} {
		if _, err := Lay(st); err == nil {
			t.Errorf("Lay(%+v): no error", st)
		}
	}
}

func TestRawInfoTable(t *testing.T) {
	diff := func(a, b cmm.Label, w cmm.Width) cmm.Static { return cmm.StaticLabelDiff{A: a, B: b, Width: w} }
	i64 := func(v uint64) cmm.Static { return cmm.StaticInt{Value: v, Width: cmm.W64} }
	i32 := func(v uint64) cmm.Static { return cmm.StaticInt{Value: v, Width: cmm.W32} }
	tests := []struct {
		name  string
		label cmm.Label
		desc  cmm.InfoDesc
		want  []cmm.Static
		extra []Item
	}{
		{
			name:  "update frame: RTS tag, small bitmap",
			label: "stg_upd_frame_info",
			desc:  cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepStack, HasRTSTag: true, RTSTag: 33, Liveness: []bool{false}}},
			want:  []cmm.Static{i64(1), i32(33), i32(0)},
		},
		{
			name:  "return point with an SRT",
			label: "block_c1_info",
			desc:  cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepStack, Liveness: []bool{true, false, true}}, SRT: "_u1_srt"},
			want:  []cmm.Static{i64(3 | 5<<6), i32(30), diff("_u1_srt", "block_c1_info", cmm.W32)},
		},
		{
			name:  "large bitmap",
			label: "block_c2_info",
			desc:  cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepStack, Liveness: append(make([]bool, 64), true, true)}},
			want:  []cmm.Static{diff("block_c2_info$btm", "block_c2_info", cmm.W64), i32(31), i32(0)},
			extra: []Item{{Label: "block_c2_info$btm", Synthetic: true,
				Section: cmm.Section{Kind: cmm.SectionReadOnlyData, Label: "block_c2_info$btm"},
				Statics: []cmm.Static{i64(66), i64(0), i64(3)}}},
		},
		{
			name:  "constructor",
			label: "M.A_con_info",
			desc: cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, NonPtrs: 1,
				Type: cmm.ClosureType{Kind: cmm.ClosureCon, ConTag: 0, ConDescr: []byte("main:M.A")}}},
			want: []cmm.Static{diff("M.A_con_info$descr", "M.A_con_info", cmm.W64), i64(1 << 32), i32(3), i32(0)},
			extra: []Item{{Label: "M.A_con_info$descr", Synthetic: true,
				Section: cmm.Section{Kind: cmm.SectionCString, Label: "M.A_con_info$descr"},
				Statics: []cmm.Static{cmm.StaticString{Bytes: []byte("main:M.A")}}}},
		},
		{
			name:  "static function with a standard argument pattern",
			label: "M.k_info",
			desc: cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, Static: true,
				Type: cmm.ClosureType{Kind: cmm.ClosureFun, Arity: 2, Args: cmm.ArgDescr{Kind: cmm.ArgSpec, Spec: 15}}}, SRT: "_u3_srt"},
			want: []cmm.Static{i64(2<<32 | 15), i64(0), i32(14), diff("_u3_srt", "M.k_info", cmm.W32)},
		},
		{
			name:  "function with a generic argument bitmap",
			label: "M.g_info",
			desc: cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, Ptrs: 1,
				Type: cmm.ClosureType{Kind: cmm.ClosureFun, Arity: 3, Args: cmm.ArgDescr{Kind: cmm.ArgGen, Gen: []bool{false, true, false}}}}},
			want: []cmm.Static{diff("M.g_slow", "M.g_info", cmm.W64), i64(3 | 2<<6), i64(3<<32 | 0), i64(1), i32(9), i32(0)},
		},
		{
			name:  "thunk with two free variables",
			label: "sat_s1_info",
			desc:  cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, Ptrs: 2, Type: cmm.ClosureType{Kind: cmm.ClosureThunk}}},
			want:  []cmm.Static{i64(2), i32(18), i32(0)},
		},
		{
			name:  "selector thunk",
			label: "stg_sel_3_upd_info",
			desc: cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, HasRTSTag: true, RTSTag: 22, Ptrs: 1,
				Type: cmm.ClosureType{Kind: cmm.ClosureThunkSel, SelectorOffset: 3}}},
			want: []cmm.Static{i64(3), i32(22), i32(0)},
		},
		{
			name:  "RTS black hole: a thunk with a tag",
			label: "stg_BLACKHOLE_info",
			desc: cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, HasRTSTag: true, RTSTag: 38, Ptrs: 1,
				Type: cmm.ClosureType{Kind: cmm.ClosureThunk}}},
			want: []cmm.Static{i64(1), i32(38), i32(0)},
		},
		{
			name:  "profiled thunk",
			label: "sat_s2_info",
			desc: cmm.InfoDesc{Rep: cmm.SMRep{Kind: cmm.RepHeap, NonPtrs: 1, Type: cmm.ClosureType{Kind: cmm.ClosureThunk}},
				Prof: &cmm.ProfInfo{Type: []byte("t"), Desc: []byte("d")}},
			want: []cmm.Static{diff("sat_s2_info$type", "sat_s2_info", cmm.W64), diff("sat_s2_info$desc", "sat_s2_info", cmm.W64),
				i64(1 << 32), i32(17), i32(0)},
			extra: []Item{
				{Label: "sat_s2_info$type", Synthetic: true, Section: cmm.Section{Kind: cmm.SectionCString, Label: "sat_s2_info$type"},
					Statics: []cmm.Static{cmm.StaticString{Bytes: []byte("t")}}},
				{Label: "sat_s2_info$desc", Synthetic: true, Section: cmm.Section{Kind: cmm.SectionCString, Label: "sat_s2_info$desc"},
					Statics: []cmm.Static{cmm.StaticString{Bytes: []byte("d")}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desc := tt.desc
			got, extra, err := RawInfoTable(cmm.InfoTable{Label: tt.label, Desc: &desc})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("statics =\n%+v\nwant\n%+v", got, tt.want)
			}
			if !reflect.DeepEqual(extra, tt.extra) {
				t.Errorf("extra =\n%+v\nwant\n%+v", extra, tt.extra)
			}
		})
	}
}

func TestRawInfoTableErrors(t *testing.T) {
	for _, d := range []cmm.InfoDesc{
		{Rep: cmm.SMRep{Kind: cmm.RepArrayPtrs, Size: 3}},
		{Rep: cmm.SMRep{Kind: cmm.RepHeap, Type: cmm.ClosureType{Kind: cmm.ClosureBlackHole}}},
		{Rep: cmm.SMRep{Kind: cmm.RepHeap, Type: cmm.ClosureType{Kind: cmm.ClosureFun, Args: cmm.ArgDescr{Kind: cmm.ArgUnknown}}}},
	} {
		d := d
		if _, _, err := RawInfoTable(cmm.InfoTable{Label: "x_info", Desc: &d}); err == nil {
			t.Errorf("RawInfoTable(%+v): no error", d)
		}
	}
}
