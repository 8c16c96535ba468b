/* -----------------------------------------------------------------------------
 *
 * ahc port layer: the ticker (rts/Ticker.h) without signals or threads.
 *
 * WASI has neither, so nothing interrupts Haskell code to tick. Instead
 * the scheduler polls (patch 0009): each time a thread comes back to it,
 * which an allocating thread does at the latest when the nursery is full
 * (a GC, every +RTS -A of allocation), it calls ahcPollTicker, which runs the tick handler (Timer.c's handle_tick:
 * the context switch of +RTS -C, the idle GC of -I) once for each tick
 * interval (+RTS -V) that has passed. Reading the clock is a host call,
 * so only every POLL_EVERY-th poll reads it.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "Ticker.h"

#define POLL_EVERY 8

/* At most this many ticks are made up for at once, after a long stop
 * (a blocking foreign call, a GC). */
#define MAX_CATCH_UP 16

static TickProc tick_proc = NULL;
static Time tick_interval = 0;
static bool ticker_running = false;
static Time next_tick = 0;
static uint32_t polls = 0;

void
initTicker (Time interval, TickProc handle_tick)
{
    tick_interval = interval;
    tick_proc = handle_tick;
}

void
startTicker (void)
{
    if (tick_interval > 0 && tick_proc != NULL) {
        next_tick = getProcessElapsedTime() + tick_interval;
        ticker_running = true;
    }
}

void
stopTicker (void)
{
    ticker_running = false;
}

void
exitTicker (bool wait STG_UNUSED)
{
    ticker_running = false;
}

void
ahcPollTicker (void)
{
    Time now;
    int n;

    if (!ticker_running || ++polls < POLL_EVERY) {
        return;
    }
    polls = 0;
    now = getProcessElapsedTime();
    for (n = 0; now >= next_tick && n < MAX_CATCH_UP; n++) {
        next_tick += tick_interval;
        tick_proc(0);
        if (!ticker_running) {
            return;       /* the handler stopped the ticker (idle) */
        }
    }
    if (now >= next_tick) {
        next_tick = now + tick_interval;
    }
}
