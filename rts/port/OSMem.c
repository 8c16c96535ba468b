/* -----------------------------------------------------------------------------
 *
 * ahc port layer: the OS memory interface of the storage manager
 * (rts/sm/OSMem.h) without mmap.
 *
 * WebAssembly has one linear memory that only grows, so megablocks come
 * from wasi-libc's allocator, aligned to MBLOCK_SIZE, and are never given
 * back to the system (there is nothing to give them back to): the block
 * allocator reuses free megablocks itself.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "RtsUtils.h"
#include "sm/OSMem.h"

#include <stdlib.h>
#include <string.h>
#include <errno.h>

void
osMemInit(void)
{
}

void *
osGetMBlocks(uint32_t n)
{
    size_t size = (size_t)n * MBLOCK_SIZE;
    void *p = aligned_alloc(MBLOCK_SIZE, size);

    if (p == NULL) {
        if (n == 1) {
            errorBelch("out of memory (requested %" FMT_Word " bytes)", (W_)size);
        }
        return NULL; /* the caller reports heap overflow */
    }
    /* mmap'd memory is zero; keep that property. */
    memset(p, 0, size);
    return p;
}

void
osFreeMBlocks(void *addr STG_UNUSED, uint32_t n STG_UNUSED)
{
    /* Memory is never returned to the host: see above. */
}

void
osReleaseFreeMemory(void)
{
}

void
osFreeAllMBlocks(void)
{
}

size_t
getPageSize(void)
{
    /* No MMU: the RTS uses this only to round sizes. */
    return 4096;
}

StgWord64
getPhysicalMemorySize(void)
{
    /* What a 32-bit memory index can address, after memory64 lowering. */
    return (StgWord64)1 << 32;
}

void
setExecutable(void *p STG_UNUSED, W_ len STG_UNUSED, bool exec STG_UNUSED)
{
}

bool osBuiltWithNumaSupport(void) { return false; }
bool osNumaAvailable(void) { return false; }
uint32_t osNumaNodes(void) { return 1; }
uint64_t osNumaMask(void) { return 1; }

void
osBindMBlocksToNode(void *addr STG_UNUSED, StgWord size STG_UNUSED,
                    uint32_t node STG_UNUSED)
{
}
