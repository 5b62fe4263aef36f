// oneDNN (Debian's libdnnl-dev): JIT GEMM and deep-learning primitives chosen for the CPU at run time.
#include <oneapi/dnnl/dnnl.h>
