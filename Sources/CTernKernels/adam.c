// Adam's update of one parameter, element by element: the same operations in the same order as the Swift loop it
// replaced, with contraction into FMA turned off, so training stays bit-identical while the loop is vectorised and
// split over the threads.
#include "tern_kernels.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

void tern_adam_update(float *w, const float *g, float *m, float *v, size_t n, float beta1, float beta2, float epsilon,
                      float step_size, float inverse_sqrt_correction2, float learning_rate, float weight_decay,
                      int decoupled) {
    const float keep1 = 1 - beta1, keep2 = 1 - beta2, shrink = 1 - learning_rate * weight_decay;
    for (size_t i = 0; i < n; i++) {
        float gradient = g[i];
        if (weight_decay != 0) {
            if (decoupled) w[i] *= shrink;
            else gradient += weight_decay * w[i];
        }
        m[i] = beta1 * m[i] + keep1 * gradient;
        v[i] = beta2 * v[i] + keep2 * gradient * gradient;
        w[i] -= step_size * m[i] / (sqrtf(v[i]) * inverse_sqrt_correction2 + epsilon);
    }
}
