/* -----------------------------------------------------------------------------
 *
 * ahc port layer: what the RTS calls in the parts ahc leaves out
 * (rts/port/README.md): the runtime linker, the byte-code interpreter
 * and the terminal settings. None of them can be used on wasm, so none of
 * these is reached in a program that runs: they do nothing, or fail
 * loudly.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "RtsUtils.h"
#include "CheckUnload.h"
#include "Interpreter.h"
#include "posix/TTY.h"

#include <unistd.h>

/* CheckUnload.c: no object code is ever loaded, so none is unloaded. */
bool prepareUnloadCheck(void) { return false; }
void markObjectCode(const void *addr STG_UNUSED) { }
void checkUnload(void) { }

/* Linker.c */
void exitLinker(void) { }

/* Interpreter.c: there are no byte-code objects without GHCi. */
StgWord rts_stop_on_exception[1];
StgWord rts_breakpoint_io_action[1];

Capability *
interpretBCO(Capability *cap STG_UNUSED)
{
    barf("interpretBCO: ahc's RTS has no byte-code interpreter");
}

/* posix/TTY.c: WASI has no terminal settings to restore. */
void resetTerminalSettings(void) { }

/* Hpc.c and Trace.c name the process by its id, which WASI does not
 * have: every process says 1 (wasi-libc's optional emulation library,
 * which ahc does not link, would say 42). */
pid_t
getpid(void)
{
    return 1;
}
