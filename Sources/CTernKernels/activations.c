#include "tern_kernels.h"
#include "fast_math.h"

void tern_exp(const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = tern_expf(x[i]); }
void tern_log(const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = logf(x[i]); }
void tern_tanh(const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = tern_tanhf(x[i]); }
void tern_sigmoid(const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = tern_sigmoidf(x[i]); }
void tern_relu(const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0.0f; }
void tern_leaky_relu(const float *x, float slope, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
}

static const float kSqrtHalf = 0.70710678118654752f;
static const float kInvSqrt2Pi = 0.39894228040143268f;
void tern_gelu(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1.0f + tern_erff(x[i] * kSqrtHalf));
}

// SELU constants from Klambauer et al. (2017), as in PyTorch.
static const float kSeluAlpha = 1.6732632423543772f;
static const float kSeluScale = 1.0507009873554805f;
void tern_selu(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = kSeluScale * (x[i] > 0 ? x[i] : kSeluAlpha * (tern_expf(x[i]) - 1.0f));
}

void tern_tanh_backward(const float *y, const float *g, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) dx[i] = g[i] * (1.0f - y[i] * y[i]);
}
void tern_sigmoid_backward(const float *y, const float *g, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) dx[i] = g[i] * y[i] * (1.0f - y[i]);
}
void tern_relu_backward(const float *x, const float *g, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) dx[i] = x[i] > 0 ? g[i] : 0.0f;
}
void tern_leaky_relu_backward(const float *x, float slope, const float *g, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) dx[i] = x[i] > 0 ? g[i] : slope * g[i];
}
// d/dx [x Φ(x)] = Φ(x) + x φ(x)
void tern_gelu_backward(const float *x, const float *g, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float cdf = 0.5f * (1.0f + tern_erff(x[i] * kSqrtHalf));
        float pdf = kInvSqrt2Pi * tern_expf(-0.5f * x[i] * x[i]);
        dx[i] = g[i] * (cdf + x[i] * pdf);
    }
}
void tern_selu_backward(const float *x, const float *g, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) dx[i] = g[i] * kSeluScale * (x[i] > 0 ? 1.0f : kSeluAlpha * tern_expf(x[i]));
}
