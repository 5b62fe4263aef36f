// glibc's heap, for the trainer: free chunks go back to the kernel only when asked.
#include "tern_kernels.h"
#include <malloc.h>

int tern_heap_trim(void) { return malloc_trim(0); }
