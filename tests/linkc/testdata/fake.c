// The archive member of the end-to-end link test (libHSfake.a): data and a
// C-defined code label, as the RTS's port layer defines StgReturn.
#include <stdio.h>

long fake_counter;

// fake_stop$code ends the chain of jumps: it returns 0 at its end, with no
// explicit return instruction, like StgReturn.
int fake_stop_code(void) __asm__("fake_stop$code");
int fake_stop_code(void) {
  fake_counter += 1000;
  return 0;
}

// fake_stop is the code label's descriptor: its table index.
const long fake_stop_desc __asm__("fake_stop") = (long)fake_stop_code;

void fake_report(void) { printf("counter=%ld\n", fake_counter); }
