#include "fnv.h"

/* FNV-1a, 64 bits: the same on every platform, so native and wasm agree. */
uint64_t mylib_fnv1a(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}
