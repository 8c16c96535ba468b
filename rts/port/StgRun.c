/* -----------------------------------------------------------------------------
 *
 * ahc port layer: StgRun, the trampoline that runs Haskell code.
 *
 * A code pointer is the address of an 8-byte descriptor holding the table
 * index of a function of type () -> i32 (rts/stg-abi.md). In trampoline
 * mode each such function returns the index of the next one; in tail-call
 * mode the first call returns only when the chain reaches StgReturn. Both
 * end with StgReturn$code returning 0, after the Cmm has put the register
 * table in R1. StgReturn itself is defined by codegen.PortObject.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "StgRun.h"

/* The STG registers' wasm globals and accessors (codegen.RegistersObject). */
#define AHC_REG(r)                              \
    extern StgWord __ahc_get_##r(void);         \
    extern void __ahc_set_##r(StgWord v);
AHC_REG(BaseReg)
AHC_REG(Sp)
AHC_REG(Hp)
AHC_REG(SpLim)
AHC_REG(R1)
AHC_REG(R2)
#undef AHC_REG

typedef int AhcCode(void);

/*
 * Natively, StgRun saves the C callee-saved registers, and x86_64 GHC keeps
 * BaseReg, Sp, Hp, SpLim, R1 and R2 in callee-saved ones: Haskell code
 * expects them to survive a foreign call, even one that runs Haskell code
 * again through a nested StgRun (rts_evalIO from a safe call). The wasm
 * globals are not saved by anybody else, so StgRun saves them itself.
 */
StgRegTable *
StgRun(StgFunPtr f, StgRegTable *basereg)
{
    StgWord next, result;
    StgWord base = __ahc_get_BaseReg(), sp = __ahc_get_Sp(),
        hp = __ahc_get_Hp(), splim = __ahc_get_SpLim(),
        r1 = __ahc_get_R1(), r2 = __ahc_get_R2();

    __ahc_set_BaseReg((StgWord)basereg);
    next = *(StgWord *)f;
    while (next != 0) {
        next = (StgWord)(uint32_t)((AhcCode *)(uintptr_t)next)();
    }
    result = __ahc_get_R1();

    __ahc_set_BaseReg(base);
    __ahc_set_Sp(sp);
    __ahc_set_Hp(hp);
    __ahc_set_SpLim(splim);
    __ahc_set_R1(r1);
    __ahc_set_R2(r2);
    return (StgRegTable *)result;
}
