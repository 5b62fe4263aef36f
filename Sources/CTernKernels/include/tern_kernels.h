#ifndef TERN_KERNELS_H
#define TERN_KERNELS_H
#include <stddef.h>
#include <stdint.h>
#endif
