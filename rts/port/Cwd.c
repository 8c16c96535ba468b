/* -----------------------------------------------------------------------------
 *
 * ahc port layer: the current directory a program starts in.
 *
 * WASI has no current directory: wasi-libc keeps one itself, starting at
 * "/", and resolves relative paths against it.  A host that pre-opens its
 * whole filesystem as "/" on fd 3 (ahc-run does for pseudo-executables, so
 * that cabal's build tools and test suites see paths as native programs
 * do) names its current directory in PWD, and the program starts there.
 * Under a host that pre-opens only ".", relative paths already resolve
 * below it and PWD names a directory outside, so nothing changes.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"

#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

void initCurrentDirectory(void);

void
initCurrentDirectory(void)
{
    __wasi_prestat_t prestat;
    uint8_t name;
    const char *pwd = getenv("PWD");

    if (pwd == NULL || pwd[0] != '/') {
        return;
    }
    if (__wasi_fd_prestat_get(3, &prestat) != __WASI_ERRNO_SUCCESS
        || prestat.tag != __WASI_PREOPENTYPE_DIR
        || prestat.u.dir.pr_name_len != 1
        || __wasi_fd_prestat_dir_name(3, &name, 1) != __WASI_ERRNO_SUCCESS
        || name != '/') {
        return;
    }
    /* A PWD that does not exist leaves the program at "/", as a native
     * program whose directory was removed keeps running. */
    (void)chdir(pwd);
}
