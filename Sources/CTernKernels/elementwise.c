#include "tern_kernels.h"

void tern_add(const float *a, const float *b, float *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i]; }
void tern_sub(const float *a, const float *b, float *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = a[i] - b[i]; }
void tern_mul(const float *a, const float *b, float *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = a[i] * b[i]; }
void tern_div(const float *a, const float *b, float *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = a[i] / b[i]; }
void tern_add_scalar(const float *a, float s, float *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = a[i] + s; }
void tern_mul_scalar(const float *a, float s, float *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = a[i] * s; }
void tern_axpy(float alpha, const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] += alpha * x[i]; }

void tern_row_broadcast(int op, const float *a, const float *row, float *out, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *ar = a + r * cols;
        float *o = out + r * cols;
        switch (op) {
        case 0: for (size_t c = 0; c < cols; c++) o[c] = ar[c] + row[c]; break;
        case 1: for (size_t c = 0; c < cols; c++) o[c] = ar[c] - row[c]; break;
        case 2: for (size_t c = 0; c < cols; c++) o[c] = ar[c] * row[c]; break;
        default: for (size_t c = 0; c < cols; c++) o[c] = ar[c] / row[c]; break;
        }
    }
}

void tern_column_sums_accumulate(const float *a, float *out, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *ar = a + r * cols;
        for (size_t c = 0; c < cols; c++) out[c] += ar[c];
    }
}

void tern_row_sums(const float *a, float *out, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *ar = a + r * cols;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        size_t c = 0;
        for (; c + 8 <= cols; c += 8) {
            s0 += ar[c]; s1 += ar[c + 1]; s2 += ar[c + 2]; s3 += ar[c + 3];
            s4 += ar[c + 4]; s5 += ar[c + 5]; s6 += ar[c + 6]; s7 += ar[c + 7];
        }
        float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; c < cols; c++) s += ar[c];
        out[r] = s;
    }
}

// Inverted dropout with its own xoshiro256** stream: `state` is advanced exactly as the Swift generator would be
// by the same number of draws, so a backward pass can replay the mask from the starting state instead of keeping it.
static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t xoshiro_next(uint64_t s[4]) {
    uint64_t result = rotl64(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl64(s[3], 45);
    return result;
}

// The one mask loop behind both dropouts: two 24-bit draws per 64-bit word, x·scale where a draw ≥ threshold. With
// `relu` the value is first max(x, 0) as tern_relu computes it (x > 0 ? x : 0), so dropout(relu(x)) fused draws the
// same stream and gives the same bits as the two ops.
static inline void dropout_mask_loop(const float *x, float *out, size_t n, uint32_t threshold, float scale,
                                     uint64_t state[4], int relu) {
    size_t i = 0;
    while (i < n) {
        uint64_t bits = xoshiro_next(state);
        for (int half = 0; half < 2 && i < n; half++, i++) {
            float value = relu ? (x[i] > 0 ? x[i] : 0.0f) : x[i];
            out[i] = (uint32_t)(bits & 0xFFFFFF) >= threshold ? value * scale : 0.0f;
            bits >>= 32;
        }
    }
}

void tern_dropout_apply(const float *x, float *out, size_t n, uint32_t threshold, float scale, uint64_t state[4]) {
    dropout_mask_loop(x, out, n, threshold, scale, state, 0);
}

void tern_relu_dropout_apply(const float *x, float *out, size_t n, uint32_t threshold, float scale, uint64_t state[4]) {
    dropout_mask_loop(x, out, n, threshold, scale, state, 1);
}

// Its backward from the output alone: y != 0 exactly where x > 0 and the value was kept (x · scale > 0 for x > 0, as
// scale >= 1), and there the composed backward is g · scale.
void tern_relu_dropout_backward(const float *y, const float *g, float *dx, size_t n, float scale) {
    for (size_t i = 0; i < n; i++) dx[i] = y[i] != 0.0f ? g[i] * scale : 0.0f;
}
