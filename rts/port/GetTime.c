/* -----------------------------------------------------------------------------
 *
 * ahc port layer: time (rts/GetTime.h) from WASI's clocks, through
 * wasi-libc's clock_gettime. WASI has no resource usage: there are no
 * page faults to count, and thread CPU time is process CPU time.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "GetTime.h"

#include <time.h>

static Time
clockTime(clockid_t clock)
{
    struct timespec ts;

    if (clock_gettime(clock, &ts) != 0) {
        return 0;
    }
    return SecondsToTime(ts.tv_sec) + NSToTime(ts.tv_nsec);
}

void
initializeTimer(void)
{
}

StgWord64
getMonotonicNSec(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (StgWord64)ts.tv_sec * 1000000000 + (StgWord64)ts.tv_nsec;
}

Time
getProcessElapsedTime(void)
{
    return NSToTime(getMonotonicNSec());
}

Time
getProcessCPUTime(void)
{
    return clockTime(CLOCK_PROCESS_CPUTIME_ID);
}

Time
getCurrentThreadCPUTime(void)
{
    return clockTime(CLOCK_PROCESS_CPUTIME_ID);
}

void
getProcessTimes(Time *user, Time *elapsed)
{
    *user = getProcessCPUTime();
    *elapsed = getProcessElapsedTime();
}

void
getUnixEpochTime(StgWord64 *sec, StgWord32 *nsec)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        ts.tv_sec = 0;
        ts.tv_nsec = 0;
    }
    *sec = ts.tv_sec;
    *nsec = ts.tv_nsec;
}

W_
getPageFaults(void)
{
    return 0;
}
