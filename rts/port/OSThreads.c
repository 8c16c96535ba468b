/* -----------------------------------------------------------------------------
 *
 * ahc port layer: the OS thread interface of the non-threaded RTS
 * (rts/posix/OSThreads.c without pthreads, signals or affinity).
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"

int
forkOS_createThread(HsStablePtr entry STG_UNUSED)
{
    return -1;
}

void freeThreadingResources(void) { }

uint32_t
getNumberOfProcessors(void)
{
    return 1;
}

void setThreadAffinity(uint32_t n STG_UNUSED, uint32_t m STG_UNUSED) { }
void setThreadNode(uint32_t node STG_UNUSED) { }
void releaseThreadNode(void) { }

/* The event log names the OS thread of each capability: there is one,
 * without a kernel id (0, as posix/OSThreads.c says where unsupported). */
KernelThreadId
kernelThreadId(void)
{
    return 0;
}
