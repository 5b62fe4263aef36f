#include "tern_kernels.h"

// oneDNN in Debian is built on OpenMP (libgomp): its thread count is OpenMP's.
extern void omp_set_num_threads(int);

void tern_set_omp_threads(int threads) { omp_set_num_threads(threads); }
