/* -----------------------------------------------------------------------------
 *
 * ahc port layer: no ticker (rts/Ticker.h). WASI has neither signals nor
 * timer threads; the non-threaded scheduler still switches threads at
 * heap checks (context_switch is set when a nursery block runs out).
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "Ticker.h"

void initTicker(Time interval STG_UNUSED, TickProc handle_tick STG_UNUSED) { }
void startTicker(void) { }
void stopTicker(void) { }
void exitTicker(bool wait STG_UNUSED) { }
