#include <stdint.h>
#include <string.h>

#include "harness.h"

extern long test_data[];
extern const char test_ro[], test_str[];
extern char test_bss[];
extern const long test_code, test_Con_info;

int main(void) {
	printf("test_data[0] = %ld\n", test_data[0]);
	printf("-> test_ro: %d\n", test_data[1] == (long)test_ro);
	printf("-> test_str: %d\n", test_data[2] == (long)test_str);
	printf("-> test_code: %d\n", test_data[3] == (long)&test_code);
	printf("-> test_Con_info: %d\n", test_data[4] == (long)&test_Con_info);
	/* ghc's parser of .cmm files makes the literals of statics words,
	 * whatever their declared type: so does the native object. */
	const long *ro = (const long *)test_ro;
	printf("test_ro: %ld %ld %ld %ld\n", ro[0], ro[1], ro[2], ro[3]);
	printf("test_ro -> test_data: %d\n", ro[4] == (long)test_data);
	printf("test_str: \"%s\" (%zu)\n", test_str, strlen(test_str));
	/* Code through a descriptor found in data. */
	printf("run(test_data[3]) = %ld\n", run((const void *)test_data[3]));
	printf("test_bss[8] = %ld\n", *(long *)(test_bss + 8));
	/* The constructor's info table: tag, closure type, layout and its
	 * description, a 32-bit offset from the info label. */
	const char *info = (const char *)&test_Con_info;
	printf("con tag %u type %u ptrs %u nptrs %u\n", *(const uint32_t *)(info - 4),
	       *(const uint32_t *)(info - 8), *(const uint32_t *)(info - 16), *(const uint32_t *)(info - 12));
	printf("con desc \"%s\"\n", info + *(const int32_t *)(info - 24));
	printf("run(con) = %ld\n", run(info));
	return 0;
}
