/* -----------------------------------------------------------------------------
 *
 * ahc port layer: what base calls beyond wasi-libc.
 *
 * base's Haskell imports a few functions that come from the RTS's
 * posix/Signals.c (left out: WASI has no signals), from base's own
 * Windows-only consUtils.c (base uses them when the platform has no
 * termios, as WASI has not), and from POSIX calls that WASI does not
 * offer (dup, dup2, pipe). They are defined here, doing what the platform
 * can: nothing for signals and console modes, and failing with ENOTSUP
 * (which base turns into an IOError naming the call) where a real
 * result is needed.
 *
 * ---------------------------------------------------------------------------*/

#include "Rts.h"

#include <errno.h>

/* posix/Signals.c without RTS_USER_SIGNALS: no handler is ever
 * installed, every signal keeps its default action. */
int
stg_sig_install(int sig STG_UNUSED, int spi STG_UNUSED, void *mask STG_UNUSED)
{
    return STG_SIG_DFL;
}

/* The threaded RTS's I/O and timer managers register their control
 * pipes here; the non-threaded RTS has neither. */
void setIOManagerWakeupFd(int fd STG_UNUSED) { }
void setTimerManagerControlFd(int fd STG_UNUSED) { }

/* Console modes (hSetEcho, hSetBuffering on a terminal): WASI has no
 * terminal settings, so echo is on and input buffering cannot change. */
int set_console_buffering__(int fd STG_UNUSED, int cooked STG_UNUSED) { return 0; }
int set_console_echo__(int fd STG_UNUSED, int on STG_UNUSED) { return 0; }
int get_console_echo__(int fd STG_UNUSED) { return 1; }
int flush_input_console__(int fd STG_UNUSED) { return 0; }
int is_console__(int fd STG_UNUSED) { return 0; }

/* File descriptors cannot be duplicated, and there are no pipes. */
int
dup(int fd STG_UNUSED)
{
    errno = ENOTSUP;
    return -1;
}

int
dup2(int fd STG_UNUSED, int fd2 STG_UNUSED)
{
    errno = ENOTSUP;
    return -1;
}

int
pipe(int fds[2] STG_UNUSED)
{
    errno = ENOTSUP;
    return -1;
}
