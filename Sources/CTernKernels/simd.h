// Eight-lane float vectors through the compiler's vector extension (AVX2 registers); used for row reductions,
// which auto-vectorisation does not do without -ffast-math.
#ifndef TERN_SIMD_H
#define TERN_SIMD_H
#include <math.h>
#include <stddef.h>
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

static inline float row_max(const float *x, size_t n) {
    size_t c = 0;
    float m = -INFINITY;
    if (n >= 16) {
        v8f m0 = v8_load(x), m1 = v8_load(x + 8);
        for (c = 16; c + 16 <= n; c += 16) { m0 = v8_max(m0, v8_load(x + c)); m1 = v8_max(m1, v8_load(x + c + 8)); }
        m = v8_hmax(v8_max(m0, m1));
    }
    for (; c < n; c++) m = x[c] > m ? x[c] : m;
    return m;
}

static inline float row_sum(const float *x, size_t n) {
    v8f s0 = v8_splat(0), s1 = v8_splat(0);
    size_t c = 0;
    for (; c + 16 <= n; c += 16) { s0 += v8_load(x + c); s1 += v8_load(x + c + 8); }
    float s = v8_hsum(s0 + s1);
    for (; c < n; c++) s += x[c];
    return s;
}

static inline float row_dot(const float *x, const float *y, size_t n) {
    v8f s0 = v8_splat(0), s1 = v8_splat(0);
    size_t c = 0;
    for (; c + 16 <= n; c += 16) {
        s0 += v8_load(x + c) * v8_load(y + c);
        s1 += v8_load(x + c + 8) * v8_load(y + c + 8);
    }
    float s = v8_hsum(s0 + s1);
    for (; c < n; c++) s += x[c] * y[c];
    return s;
}

#endif
