package codegen

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// The STG registers that x86_64 GHC keeps in machine registers are wasm
// globals (stg-abi.md), defined by RegistersObject and imported by symbol
// into every object Compile writes:
//
//	__ahc_BaseReg __ahc_Sp __ahc_Hp __ahc_SpLim  i64
//	__ahc_R1 ... __ahc_R6                         i64
//	__ahc_F1 ... __ahc_F6                         f32
//	__ahc_D1 ... __ahc_D6                         f64
//
// RegistersObject also defines accessors for C (the port layer and the
// tests): __ahc_get_<reg>() and __ahc_set_<reg>(value) for each of them.

// realReg is the wasm global of a register held in a machine register on
// x86_64, if it is one.
func realReg(r cmm.GlobalReg) (name string, t wasm.ValType, ok bool) {
	switch r.Kind {
	case cmm.RegBaseReg:
		return "__ahc_BaseReg", wasm.I64, true
	case cmm.RegSp:
		return "__ahc_Sp", wasm.I64, true
	case cmm.RegHp:
		return "__ahc_Hp", wasm.I64, true
	case cmm.RegSpLim:
		return "__ahc_SpLim", wasm.I64, true
	case cmm.RegVanilla:
		if r.N >= 1 && r.N <= 6 {
			return fmt.Sprintf("__ahc_R%d", r.N), wasm.I64, true
		}
	case cmm.RegFloat:
		if r.N >= 1 && r.N <= 6 {
			return fmt.Sprintf("__ahc_F%d", r.N), wasm.F32, true
		}
	case cmm.RegDouble:
		if r.N >= 1 && r.N <= 6 {
			return fmt.Sprintf("__ahc_D%d", r.N), wasm.F64, true
		}
	}
	return "", 0, false
}

// realRegs lists every register realReg knows, in a fixed order.
func realRegs() []cmm.GlobalReg {
	rs := []cmm.GlobalReg{{Kind: cmm.RegBaseReg}, {Kind: cmm.RegSp}, {Kind: cmm.RegHp}, {Kind: cmm.RegSpLim}}
	for _, k := range []cmm.GlobalRegKind{cmm.RegVanilla, cmm.RegFloat, cmm.RegDouble} {
		for n := uint8(1); n <= 6; n++ {
			rs = append(rs, cmm.GlobalReg{Kind: k, N: n})
		}
	}
	return rs
}

// tableConstant is the DerivedConstants.h name of the offset from BaseReg
// at which a register without a wasm global lives (GHC's
// get_GlobalReg_addr: the register table, or the function table before it).
func tableConstant(r cmm.GlobalReg) (string, bool) {
	switch r.Kind {
	case cmm.RegVanilla:
		return fmt.Sprintf("OFFSET_StgRegTable_rR%d", r.N), true
	case cmm.RegFloat:
		return fmt.Sprintf("OFFSET_StgRegTable_rF%d", r.N), true
	case cmm.RegDouble:
		return fmt.Sprintf("OFFSET_StgRegTable_rD%d", r.N), true
	case cmm.RegLong:
		return fmt.Sprintf("OFFSET_StgRegTable_rL%d", r.N), true
	case cmm.RegSp:
		return "OFFSET_StgRegTable_rSp", true
	case cmm.RegSpLim:
		return "OFFSET_StgRegTable_rSpLim", true
	case cmm.RegHp:
		return "OFFSET_StgRegTable_rHp", true
	case cmm.RegHpLim:
		return "OFFSET_StgRegTable_rHpLim", true
	case cmm.RegCCCS:
		return "OFFSET_StgRegTable_rCCCS", true
	case cmm.RegCurrentTSO:
		return "OFFSET_StgRegTable_rCurrentTSO", true
	case cmm.RegCurrentNursery:
		return "OFFSET_StgRegTable_rCurrentNursery", true
	case cmm.RegHpAlloc:
		return "OFFSET_StgRegTable_rHpAlloc", true
	case cmm.RegEagerBlackholeInfo:
		return "OFFSET_stgEagerBlackholeInfo", true
	case cmm.RegGCEnter1:
		return "OFFSET_stgGCEnter1", true
	case cmm.RegGCFun:
		return "OFFSET_stgGCFun", true
	}
	return "", false
}

// ParseDerivedConstants reads the `#define NAME VALUE` lines of
// DerivedConstants.h whose value is an integer.
func ParseDerivedConstants(r io.Reader) (map[string]int64, error) {
	consts := map[string]int64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "#define" {
			continue
		}
		v, err := strconv.ParseInt(f[2], 0, 64)
		if err != nil {
			continue // macros such as REP_... or accessors
		}
		consts[f[1]] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading DerivedConstants.h: %w", err)
	}
	if _, ok := consts["OFFSET_StgRegTable_rR1"]; !ok {
		return nil, fmt.Errorf("DerivedConstants.h: no OFFSET_StgRegTable_rR1")
	}
	return consts, nil
}

// LoadDerivedConstants parses the installed ghc's DerivedConstants.h
// (`ghc --print-libdir`/include), whose offsets the Cmm assumes.
func LoadDerivedConstants(ctx context.Context, ghc string) (map[string]int64, error) {
	out, err := tools.Output(ctx, ghc, "--print-libdir")
	if err != nil {
		return nil, fmt.Errorf("finding DerivedConstants.h: %w", err)
	}
	path := filepath.Join(strings.TrimSpace(out), "include", "DerivedConstants.h")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("finding DerivedConstants.h: %w", err)
	}
	defer f.Close()
	c, err := ParseDerivedConstants(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// RegistersObject defines the globals of the STG registers and their C
// accessors. The RTS port layer links it once into every program.
func RegistersObject() *wasm.Object {
	o := wasm.NewObject()
	for _, r := range realRegs() {
		name, t, _ := realReg(r)
		g := o.Global(name, t, true)
		g.Define(0)
		short := strings.TrimPrefix(name, "__ahc_")
		get := o.Func("__ahc_get_"+short, wasm.Returns(t))
		c := wasm.NewCode()
		c.GlobalGet(g)
		get.Define(c)
		set := o.Func("__ahc_set_"+short, wasm.FuncType{Params: []wasm.ValType{t}})
		c = wasm.NewCode(t)
		c.LocalGet(0)
		c.GlobalSet(g)
		set.Define(c)
	}
	return o
}

// StgReturnLabel is the code label that ends every run of Haskell code
// (stg-abi.md): its function returns 0, which stops StgRun's trampoline.
const StgReturnLabel = "StgReturn"

// PortObject defines what the RTS port layer needs from the code
// generator besides the registers: StgReturn, as every code label is, a
// function StgReturn$code of type () -> i32 and the 8-byte data
// descriptor StgReturn holding its table index. The function's body is
// only `i32.const 0`, with no explicit return opcode: in tail-call mode
// the linker rewrites the explicit returns of $code functions into tail
// calls, and StgReturn must really return, out of StgRun's one call.
func PortObject() *wasm.Object {
	o := wasm.NewObject()
	f := o.Func(StgReturnLabel+CodeSuffix, codeType)
	c := wasm.NewCode()
	c.I32Const(0)
	f.Define(c)
	var desc wasm.Contents
	desc.TableIndex64(f)
	o.Data(StgReturnLabel).Define(wasm.ROData, 8, &desc)
	return o
}
