/* The demo that `make demo` runs: C compiled for wasm64, lowered to wasm32
 * and run on ahc's embedded host. */
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    printf("Hello from C on wasm64 (pointers are %zu bytes), %s UTC\n", sizeof(void *), date);
    for (int i = 1; i < argc; i++) {
        printf("argument %d: %s\n", i, argv[i]);
    }
    return 0;
}
