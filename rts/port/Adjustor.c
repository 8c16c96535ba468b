/* -----------------------------------------------------------------------------
 *
 * ahc port layer: adjustors (foreign import ccall "wrapper") without code
 * written at run time.
 *
 * WebAssembly cannot make a function at run time, so the link makes them
 * (linker/adjustor): for each type of wrapper a pool of adjustors, the
 * k-th of which calls the wrapper in slot k with the stable pointer in
 * slot k first. The wptr that ghc's code passes to createAdjustor is not
 * the wrapper itself but the link's descriptor of it, which names the
 * wrapper and its pool. Taking an adjustor fills a free slot; freeing it
 * empties the slot and frees the stable pointer, as GHC's adjustors do.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"
#include "RtsUtils.h"
#include "StablePtr.h"

typedef struct {
    StgWord      wrapper;       /* table index of the wrapper, 0 if free */
    StgStablePtr hptr;
} AdjustorSlot;

typedef struct {
    StgWord       size;
    const char   *type;         /* the adjustors' wasm type, for messages */
    const StgWord *adjustors;   /* size function pointers */
    AdjustorSlot  *slots;
} AdjustorPool;

typedef struct {
    StgWord             wrapper;
    const AdjustorPool *pool;
} AdjustorDesc;

/* Every pool of the link, null-terminated; none when no module has a
 * "wrapper" import. */
extern const AdjustorPool *const __ahc_adjustor_pools[] __attribute__((weak));

void *
createAdjustor (int cconv STG_UNUSED, StgStablePtr hptr, StgFunPtr wptr,
                char *typeString STG_UNUSED)
{
    const AdjustorDesc *desc = (const AdjustorDesc *)wptr;
    const AdjustorPool *pool = desc->pool;
    StgWord k;

    for (k = 0; k < pool->size; k++) {
        if (pool->slots[k].wrapper == 0) {
            pool->slots[k].wrapper = desc->wrapper;
            pool->slots[k].hptr = hptr;
            return (void *)pool->adjustors[k];
        }
    }
    /* A limit of the program's link, not a bug of the RTS: no barf. */
    errorBelch("foreign import ccall \"wrapper\": all %" FMT_Word " C "
               "function pointers of type %s are in use; free those no "
               "longer needed with freeHaskellFunPtr, or link with "
               "ahc-dist --adjustors N for more", pool->size, pool->type);
    stg_exit(EXIT_FAILURE);
}

void
freeHaskellFunctionPtr (void *ptr)
{
    const AdjustorPool *const *p;
    StgWord k;

    if (__ahc_adjustor_pools != NULL) {
        for (p = __ahc_adjustor_pools; *p != NULL; p++) {
            for (k = 0; k < (*p)->size; k++) {
                if ((*p)->adjustors[k] == (StgWord)ptr
                    && (*p)->slots[k].wrapper != 0) {
                    freeStablePtr((*p)->slots[k].hptr);
                    (*p)->slots[k].wrapper = 0;
                    (*p)->slots[k].hptr = NULL;
                    return;
                }
            }
        }
    }
    errorBelch("freeHaskellFunctionPtr: not for me, guv! %p\n", ptr);
}
