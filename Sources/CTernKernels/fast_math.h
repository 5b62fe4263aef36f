// Branch-free float approximations that the compiler can vectorise (libm's expf is a scalar call).
#ifndef TERN_FAST_MATH_H
#define TERN_FAST_MATH_H
#include <math.h>
#include <stdint.h>
#include <string.h>

/// exp(x) by range reduction x = n ln2 + r, |r| <= ln2/2, and a degree-6 polynomial for e^r (Cephes' coefficients);
/// relative error about 2e-7. Below -87.3 the result is exactly 0 — masked attention scores must give zeros, not
/// the smallest normal float, whose products in later GEMMs would be denormals (a hundred times slower on x86).
static inline float tern_expf(float x) {
    float underflow = x < -87.33654f ? 0.0f : 1.0f;
    x = fminf(fmaxf(x, -87.33654f), 88.72283f);
    float n = rintf(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f;
    r = r + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale * underflow;
}

static inline float tern_tanhf(float x) {
    // tanh(x) = sign(x) (1 - e) / (1 + e), e = exp(-2|x|): e never overflows.
    float e = tern_expf(-2.0f * fabsf(x));
    float t = (1.0f - e) / (1.0f + e);
    return copysignf(t, x);
}

static inline float tern_sigmoidf(float x) { return 1.0f / (1.0f + tern_expf(-x)); }

/// erf by Abramowitz & Stegun 7.1.26 (absolute error <= 1.5e-7), for the exact (erf) GELU PyTorch uses by default.
static inline float tern_erff(float x) {
    float a = fabsf(x);
    float t = 1.0f / (1.0f + 0.3275911f * a);
    float y = 1.061405429f;
    y = y * t - 1.453152027f;
    y = y * t + 1.421413741f;
    y = y * t - 0.284496736f;
    y = y * t + 0.254829592f;
    y = 1.0f - y * t * tern_expf(-a * a);
    return copysignf(y, x);
}
#endif
