/*
 * The C platform check: everything a C runtime needs from the system
 * interface, printed deterministically so that the output of a native gcc
 * build and of the wasm64 build on each host can be compared byte for byte.
 *
 * Usage: platform FILE-PREFIX [ARGS...] < input
 * Environment: AHC_PLATFORM_VAR is echoed back.
 * Built with -lz: zlib is part of the platform (the sysroot has it).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok) {
        failures++;
    }
}

static void formatting(void)
{
    printf("ints: %d %u %ld %lld %x %o %+d %05d\n", -42, 42u, -1234567890123L,
           (long long)INT64_MIN, 0xbeefu, 0755u, 7, 42);
    printf("sizes: %zu %zu %zu %zu\n", sizeof(void *), sizeof(long),
           sizeof(size_t), sizeof(off_t));
    printf("floats: %f %.3e %g %g %.17g\n", 3.25, 6.02214076e23, 1e-10, 0.1,
           1.0 / 3.0);
    printf("specials: %f %f %f\n", (double)INFINITY, -(double)INFINITY, (double)NAN);
    printf("strings: [%s] [%10s] [%-6s] [%.3s] [%c]\n", "wasm", "right",
           "left", "truncate", 'x');
    char buf[64];
    snprintf(buf, sizeof buf, "%d-%s-%.2f", 1, "two", 3.0);
    printf("snprintf: %s\n", buf);
    printf("strtod: %.10g %ld\n", strtod("2.718281828", NULL),
           strtol("-0x7f", NULL, 16));
}

static void memory(void)
{
    enum { N = 20000 };
    static unsigned char *blocks[N];
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        size_t len = (size_t)(i % 997) * 13 + 1;
        blocks[i] = malloc(len);
        if (!blocks[i]) {
            check(0, "malloc small");
            return;
        }
        memset(blocks[i], i & 0xff, len);
        total += len;
    }
    int intact = 1;
    for (int i = 0; i < N; i += 2) {
        size_t len = (size_t)(i % 997) * 13 + 1;
        if (blocks[i][len - 1] != (i & 0xff)) {
            intact = 0;
        }
        free(blocks[i]);
    }
    for (int i = 1; i < N; i += 2) {
        free(blocks[i]);
    }
    printf("small blocks: %d blocks, %zu bytes\n", N, total);
    check(intact, "small blocks intact");

    for (size_t mb = 1; mb <= 64; mb *= 2) {
        size_t len = mb << 20;
        unsigned char *big = malloc(len);
        if (!big) {
            printf("malloc %zu MiB: FAILED\n", mb);
            failures++;
            continue;
        }
        for (size_t off = 0; off < len; off += 4096) {
            big[off] = (unsigned char)(off >> 12);
        }
        unsigned sum = 0;
        for (size_t off = 0; off < len; off += 4096) {
            sum += big[off];
        }
        printf("malloc %zu MiB: checksum %u\n", mb, sum);
        free(big);
    }
    void *p = calloc(1000, 1000);
    check(p != NULL && ((char *)p)[999999] == 0, "calloc zeroed");
    p = realloc(p, 3000000);
    check(p != NULL, "realloc grows");
    free(p);
}

static void files(const char *prefix)
{
    char path[256];
    snprintf(path, sizeof path, "%s.txt", prefix);

    FILE *f = fopen(path, "w");
    check(f != NULL, "fopen for writing");
    if (!f) {
        return;
    }
    for (int i = 0; i < 1000; i++) {
        fprintf(f, "line %d\n", i);
    }
    check(fclose(f) == 0, "fclose");

    struct stat st;
    check(stat(path, &st) == 0 && S_ISREG(st.st_mode), "stat regular file");
    printf("file size: %lld\n", (long long)st.st_size);

    f = fopen(path, "r");
    check(f != NULL, "fopen for reading");
    if (!f) {
        return;
    }
    char line[64];
    int lines = 0;
    long sum = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        sum += atol(line + 5);
    }
    printf("read back: %d lines, sum %ld\n", lines, sum);
    check(fseek(f, 7 * 10, SEEK_SET) == 0, "fseek");
    if (fgets(line, sizeof line, f)) {
        printf("after seek: %s", line);
    }
    fclose(f);

    f = fopen(path, "a");
    fputs("appended\n", f);
    fclose(f);
    check(stat(path, &st) == 0, "stat after append");
    printf("size after append: %lld\n", (long long)st.st_size);

    char dir[256];
    snprintf(dir, sizeof dir, "%s.d", prefix);
    check(mkdir(dir, 0755) == 0, "mkdir");
    for (int i = 0; i < 3; i++) {
        char name[300];
        snprintf(name, sizeof name, "%s/entry%d", dir, i);
        FILE *e = fopen(name, "w");
        fclose(e);
    }
    DIR *d = opendir(dir);
    check(d != NULL, "opendir");
    int entries = 0;
    if (d) {
        struct dirent *ent;
        while ((ent = readdir(d)) != NULL) {
            if (strncmp(ent->d_name, "entry", 5) == 0) {
                entries++;
            }
        }
        closedir(d);
    }
    printf("directory entries: %d\n", entries);
    for (int i = 0; i < 3; i++) {
        char name[300];
        snprintf(name, sizeof name, "%s/entry%d", dir, i);
        unlink(name);
    }
    check(rmdir(dir) == 0, "rmdir");
    check(unlink(path) == 0, "unlink");
    errno = 0;
    check(fopen(path, "r") == NULL && errno == ENOENT, "ENOENT after unlink");
}

static void input(void)
{
    char line[256];
    int lines = 0;
    size_t bytes = 0;
    while (fgets(line, sizeof line, stdin)) {
        lines++;
        bytes += strlen(line);
        if (lines <= 2) {
            printf("stdin line %d: %s", lines, line);
        }
    }
    printf("stdin: %d lines, %zu bytes\n", lines, bytes);
}

static long long ns_between(struct timespec a, struct timespec b)
{
    return (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
}

static void clocks(void)
{
    struct timespec a, b, r, cpu_a, cpu_b;
    check(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "monotonic clock");
    check(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_a) == 0, "process CPU clock");
    struct timespec nap = {0, 20 * 1000 * 1000};
    check(nanosleep(&nap, NULL) == 0, "nanosleep");
    clock_gettime(CLOCK_MONOTONIC, &b);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_b);
    check(ns_between(a, b) >= 20 * 1000 * 1000, "slept at least 20ms");
    /* Sleeping takes no CPU time. */
    check(ns_between(cpu_a, cpu_b) < 15 * 1000 * 1000, "the CPU clock does not count a sleep");
    check(clock_gettime(CLOCK_REALTIME, &r) == 0 && r.tv_sec > 1600000000, "realtime clock");
    check(time(NULL) > 1600000000, "time()");
    unsigned char rnd[32] = {0};
    check(getentropy(rnd, sizeof rnd) == 0, "getentropy");
}

/* zlib, which the sysroot has beside libc: the same bytes as natively. */
static void compression(void)
{
    static char text[20000];
    size_t n = 0;
    for (int i = 0; n + 40 < sizeof text; i++) {
        n += (size_t)sprintf(text + n, "line %d of a text that repeats\n", i);
    }
    unsigned char packed[20000];
    uLongf packedLen = sizeof packed;
    check(compress2(packed, &packedLen, (const Bytef *)text, n, 9) == Z_OK, "compress2");
    printf("zlib %.4s: %zu bytes -> %lu, crc32 %08lx, adler32 %08lx\n", zlibVersion(), n,
           (unsigned long)packedLen, crc32(0, (const Bytef *)text, (uInt)n),
           adler32(1, (const Bytef *)text, (uInt)n));
    static char back[20000];
    uLongf backLen = sizeof back;
    check(uncompress((Bytef *)back, &backLen, packed, packedLen) == Z_OK, "uncompress");
    check(backLen == n && memcmp(back, text, n) == 0, "uncompress gives the text back");
    backLen = sizeof back;
    check(uncompress((Bytef *)back, &backLen, packed, packedLen / 2) != Z_OK, "a truncated stream is an error");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: platform FILE-PREFIX [ARGS...]\n");
        return 2;
    }
    /* C written for POSIX tells Unix from others by __unix__, which gcc
     * defines on Linux and ahc-cc for WASI (clang does not). */
#if defined(__unix__)
    printf("system: unix\n");
#else
    printf("system: not unix\n");
#endif
    printf("argc: %d\n", argc);
    for (int i = 2; i < argc; i++) {
        printf("argv[%d]: %s\n", i, argv[i]);
    }
    const char *var = getenv("AHC_PLATFORM_VAR");
    printf("env: %s\n", var ? var : "(unset)");
    printf("missing env: %s\n", getenv("AHC_PLATFORM_UNSET") ? "set" : "(unset)");

    formatting();
    memory();
    files(argv[1]);
    input();
    clocks();
    compression();

    fprintf(stderr, "to stderr: %d failures\n", failures);
    fflush(stdout);
    exit(failures ? 1 : 3);
}
