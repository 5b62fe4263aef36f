#include "tern_kernels.h"
