// Eight-lane float vectors through the compiler's vector extension (AVX2 registers); used for row reductions,
// which auto-vectorisation does not do without -ffast-math.
#ifndef TERN_SIMD_H
#define TERN_SIMD_H
#include <string.h>
typedef float v8f __attribute__((vector_size(32)));

static inline v8f v8_load(const float *p) { v8f v; memcpy(&v, p, sizeof v); return v; }
static inline void v8_store(float *p, v8f v) { memcpy(p, &v, sizeof v); }
static inline v8f v8_splat(float x) { return (v8f){x, x, x, x, x, x, x, x}; }
static inline v8f v8_max(v8f a, v8f b) { return __builtin_elementwise_max(a, b); }
static inline float v8_hsum(v8f v) { return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7])); }
static inline float v8_hmax(v8f v) {
    float m = v[0];
    for (int i = 1; i < 8; i++) m = v[i] > m ? v[i] : m;
    return m;
}
#endif
