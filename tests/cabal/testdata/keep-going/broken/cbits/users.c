/* WASI has no user database: this does not compile for wasm. */
#include <pwd.h>

long broken_user_count(void)
{
    long n = 0;
    setpwent();
    while (getpwent())
        n++;
    endpwent();
    return n;
}
