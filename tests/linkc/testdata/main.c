// The main object of the end-to-end link test: a trampoline like StgRun's
// over the Haskell-like code of Step.o.wasm and libHSfake.a.
#include <stdio.h>

typedef int (*code)(void);

// fake_step is the descriptor of the entry fake_step$code (Step.o.wasm).
extern const long fake_step_desc __asm__("fake_step");
void fake_report(void);

int main(int argc, char **argv) {
  int next = (int)fake_step_desc;
  while (next != 0) {
    next = ((code)(long)next)();
  }
  fake_report();
  printf("args:");
  for (int i = 1; i < argc; i++) {
    printf(" %s", argv[i]);
  }
  printf("\n");
  return 3;
}
