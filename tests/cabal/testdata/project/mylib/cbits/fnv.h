#include <stddef.h>
#include <stdint.h>

uint64_t mylib_fnv1a(const char *s, size_t n);
