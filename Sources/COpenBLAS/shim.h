// Debian's OpenBLAS: the second GEMM backend, kept only for comparison in `tern bench engine`.
#include <cblas.h>
#include <openblas_config.h>
char *openblas_get_corename(void);
