package oracle

import (
	"fmt"

	"github.com/ahc-hs/ahc/toolchain/cmm"
)

// Closure and argument types of the RTS (includes/rts/storage/
// ClosureTypes.h, FunTypes.h) that info tables use.
const (
	closureCONSTR         = 1
	closureCONSTR_1_0     = 2
	closureCONSTR_0_1     = 3
	closureCONSTR_2_0     = 4
	closureCONSTR_1_1     = 5
	closureCONSTR_0_2     = 6
	closureCONSTR_NOCAF   = 7
	closureFUN            = 8
	closureFUN_1_0        = 9
	closureFUN_0_1        = 10
	closureFUN_2_0        = 11
	closureFUN_1_1        = 12
	closureFUN_0_2        = 13
	closureFUN_STATIC     = 14
	closureTHUNK          = 15
	closureTHUNK_1_0      = 16
	closureTHUNK_0_1      = 17
	closureTHUNK_2_0      = 18
	closureTHUNK_1_1      = 19
	closureTHUNK_0_2      = 20
	closureTHUNK_STATIC   = 21
	closureTHUNK_SELECTOR = 22
	closureIND_STATIC     = 28
	closureRET_SMALL      = 30
	closureRET_BIG        = 31
	closureBLACKHOLE      = 38

	argGEN    = 0
	argGENBIG = 1

	// maxSmallBitmap is the most bits a bitmap packs into one word next to
	// its size on 64-bit platforms (Bitmap.hs mAX_SMALL_BITMAP_SIZE).
	maxSmallBitmap = 58
	// bitmapBitsShift is the size's share of such a word
	// (BITMAP_BITS_SHIFT).
	bitmapBitsShift = 6
)

// RawInfoTable lays a structured info table out into raw statics as GHC's
// GHC/Cmm/Info.hs mkInfoTable does for x86_64 with tables next to code,
// where the SRT offset is inline in the table. It also returns the data
// that GHC creates for the table (profiling strings, a constructor's
// description, large bitmaps), labelled "<info label>$<what>": GHC names
// them with fresh uniques the dump does not show.
func RawInfoTable(it cmm.InfoTable) ([]cmm.Static, []Item, error) {
	d := it.Desc
	if d == nil {
		return it.Statics, nil, nil
	}
	info := it.Label
	var extraData []Item
	newString := func(what string, b []byte) cmm.Label {
		l := cmm.Label(string(info) + "$" + what)
		extraData = append(extraData, Item{Label: l, Synthetic: true,
			Section: cmm.Section{Kind: cmm.SectionCString, Label: l},
			Statics: []cmm.Static{cmm.StaticString{Bytes: b}}})
		return l
	}
	// mkLivenessBits: a word of size and bits, or a label of a large bitmap.
	liveness := func(what string, bits []bool) (cmm.Static, bool) {
		if len(bits) > maxSmallBitmap {
			l := cmm.Label(string(info) + "$" + what)
			st := []cmm.Static{cmm.StaticInt{Value: uint64(len(bits)), Width: cmm.W64}}
			for _, w := range bitmapWords(bits) {
				st = append(st, cmm.StaticInt{Value: w, Width: cmm.W64})
			}
			extraData = append(extraData, Item{Label: l, Synthetic: true,
				Section: cmm.Section{Kind: cmm.SectionReadOnlyData, Label: l}, Statics: st})
			return cmm.StaticLabelDiff{A: l, B: info, Width: cmm.W64}, true
		}
		var small uint64
		if ws := bitmapWords(bits); len(ws) == 1 {
			small = ws[0]
		}
		return cmm.StaticInt{Value: uint64(len(bits)) | small<<bitmapBitsShift, Width: cmm.W64}, false
	}
	var prof []cmm.Static
	if d.Prof != nil {
		prof = []cmm.Static{
			cmm.StaticLabelDiff{A: newString("type", d.Prof.Type), B: info, Width: cmm.W64},
			cmm.StaticLabelDiff{A: newString("desc", d.Prof.Desc), B: info, Width: cmm.W64},
		}
	}
	// mkSRTLit with an inline SRT: the offset of the SRT from the table.
	var srt cmm.Static = cmm.StaticInt{Value: 0, Width: cmm.W32}
	if d.SRT != "" {
		srt = cmm.StaticLabelDiff{A: d.SRT, B: info, Width: cmm.W32}
	}
	half := func(v int64) cmm.Static { return cmm.StaticInt{Value: uint64(uint32(v)), Width: cmm.W32} }
	pack := func(lo, hi int64) cmm.Static {
		return cmm.StaticInt{Value: uint64(uint32(lo)) | uint64(uint32(hi))<<32, Width: cmm.W64}
	}
	std := func(layout cmm.Static, tag int64, srt cmm.Static) []cmm.Static {
		return append(append(append([]cmm.Static{}, prof...), layout), half(tag), srt)
	}
	rep := d.Rep
	var statics []cmm.Static
	switch rep.Kind {
	case cmm.RepStack:
		layout, big := liveness("btm", rep.Liveness)
		tag := int64(closureRET_SMALL)
		if big {
			tag = closureRET_BIG
		}
		if rep.HasRTSTag {
			tag = rep.RTSTag
		}
		statics = std(layout, tag, srt)
	case cmm.RepHeap:
		layout := pack(rep.Ptrs, rep.NonPtrs)
		tag, err := rtsClosureType(rep)
		if err != nil && !rep.HasRTSTag {
			return nil, nil, fmt.Errorf("info table %s: %w", info, err)
		}
		if rep.HasRTSTag {
			tag = rep.RTSTag
		}
		ct := rep.Type
		switch ct.Kind {
		case cmm.ClosureCon:
			descr := newString("descr", ct.ConDescr)
			statics = append([]cmm.Static{cmm.StaticLabelDiff{A: descr, B: info, Width: cmm.W64}},
				std(layout, tag, half(ct.ConTag))...)
		case cmm.ClosureThunk:
			statics = std(layout, tag, srt)
		case cmm.ClosureThunkSel:
			statics = std(cmm.StaticInt{Value: uint64(ct.SelectorOffset), Width: cmm.W64}, tag, half(0))
		case cmm.ClosureFun:
			switch ct.Args.Kind {
			case cmm.ArgSpec:
				statics = append([]cmm.Static{pack(ct.Args.Spec, ct.Arity)}, std(layout, tag, srt)...)
			case cmm.ArgGen:
				lv, big := liveness("args", ct.Args.Gen)
				funType := int64(argGEN)
				if big {
					funType = argGENBIG
				}
				slow := cmm.StaticLabelDiff{A: slowEntry(info), B: info, Width: cmm.W64}
				// Extra bits [fun_type|arity, liveness, slow entry], reversed.
				statics = append([]cmm.Static{slow, lv, pack(funType, ct.Arity)}, std(layout, tag, srt)...)
			default:
				return nil, nil, fmt.Errorf("info table %s: function with argument description %d", info, ct.Args.Kind)
			}
		default:
			return nil, nil, fmt.Errorf("info table %s: GHC cannot lay out closure type %d (mk_pieces)", info, ct.Kind)
		}
	default:
		return nil, nil, fmt.Errorf("info table %s: no info table for representation %d", info, rep.Kind)
	}
	return statics, extraData, nil
}

// slowEntry is the slow entry label of a function's info label
// (CLabel.hs toSlowEntryLbl): Foo.f_info becomes Foo.f_slow.
func slowEntry(info cmm.Label) cmm.Label {
	s := string(info)
	if len(s) > 5 && s[len(s)-5:] == "_info" {
		return cmm.Label(s[:len(s)-5] + "_slow")
	}
	return cmm.Label(s + "_slow")
}

// bitmapWords packs bits into words, bit i of word k for entry 64k+i
// (Bitmap.hs mkBitmap).
func bitmapWords(bits []bool) []uint64 {
	var ws []uint64
	for i, b := range bits {
		if i%64 == 0 {
			ws = append(ws, 0)
		}
		if b {
			ws[len(ws)-1] |= 1 << (i % 64)
		}
	}
	return ws
}

// rtsClosureType is the closure type of a heap representation
// (GHC/Runtime/Heap/Layout.hs rtsClosureType).
func rtsClosureType(rep cmm.SMRep) (int64, error) {
	p, n := rep.Ptrs, rep.NonPtrs
	small := func(c10, c01, c20, c11, c02 int64) (int64, bool) {
		switch {
		case p == 1 && n == 0:
			return c10, true
		case p == 0 && n == 1:
			return c01, true
		case p == 2 && n == 0:
			return c20, true
		case p == 1 && n == 1:
			return c11, true
		case p == 0 && n == 2:
			return c02, true
		}
		return 0, false
	}
	switch rep.Type.Kind {
	case cmm.ClosureCon:
		if t, ok := small(closureCONSTR_1_0, closureCONSTR_0_1, closureCONSTR_2_0, closureCONSTR_1_1, closureCONSTR_0_2); ok {
			return t, nil
		}
		if p == 0 {
			return closureCONSTR_NOCAF, nil
		}
		return closureCONSTR, nil
	case cmm.ClosureFun:
		if rep.Static {
			return closureFUN_STATIC, nil
		}
		if t, ok := small(closureFUN_1_0, closureFUN_0_1, closureFUN_2_0, closureFUN_1_1, closureFUN_0_2); ok {
			return t, nil
		}
		return closureFUN, nil
	case cmm.ClosureThunk:
		if rep.Static {
			return closureTHUNK_STATIC, nil
		}
		if t, ok := small(closureTHUNK_1_0, closureTHUNK_0_1, closureTHUNK_2_0, closureTHUNK_1_1, closureTHUNK_0_2); ok {
			return t, nil
		}
		return closureTHUNK, nil
	case cmm.ClosureThunkSel:
		if !rep.Static {
			return closureTHUNK_SELECTOR, nil
		}
	case cmm.ClosureBlackHole:
		if !rep.Static {
			return closureBLACKHOLE, nil
		}
	case cmm.ClosureIndStatic:
		if !rep.Static {
			return closureIND_STATIC, nil
		}
	}
	return 0, fmt.Errorf("no closure type for %+v (rtsClosureType)", rep)
}
