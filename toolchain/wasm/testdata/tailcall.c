/* The C side of TestLinkTailCalls. */
#include <stdint.h>
#include <stdio.h>

extern int64_t tc_count(int64_t n, int64_t acc);
extern int32_t tc_even(int64_t n);

int main(void) {
	printf("count %lld\n", (long long)tc_count(3000000, 0));
	printf("even %d %d\n", tc_even(1000001), tc_even(1000000));
	return 0;
}
