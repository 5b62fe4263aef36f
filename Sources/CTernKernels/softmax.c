#include "tern_kernels.h"
#include "fast_math.h"
#include "simd.h"

// One read of the row for the max, one fused exp-and-store, one scale: the row (up to tens of KB) stays in cache.
void tern_softmax_rows(const float *x, float *y, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = row_max(xr, cols);
        for (size_t c = 0; c < cols; c++) yr[c] = tern_expf(xr[c] - m);
        float inv = 1.0f / row_sum(yr, cols);
        for (size_t c = 0; c < cols; c++) yr[c] *= inv;
    }
}

void tern_log_softmax_rows(const float *x, float *y, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = row_max(xr, cols);
        for (size_t c = 0; c < cols; c++) yr[c] = tern_expf(xr[c] - m);
        float lse = m + logf(row_sum(yr, cols));
        for (size_t c = 0; c < cols; c++) yr[c] = xr[c] - lse;
    }
}

void tern_softmax_backward_rows(const float *y, const float *g, float *dx, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *yr = y + r * cols, *gr = g + r * cols;
        float *d = dx + r * cols;
        float dot = row_dot(yr, gr, cols);
        for (size_t c = 0; c < cols; c++) d[c] = yr[c] * (gr[c] - dot);
    }
}

void tern_log_softmax_backward_rows(const float *y, const float *g, float *dx, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *yr = y + r * cols, *gr = g + r * cols;
        float *d = dx + r * cols;
        float s = row_sum(gr, cols);
        for (size_t c = 0; c < cols; c++) d[c] = gr[c] - tern_expf(yr[c]) * s;
    }
}

size_t tern_cross_entropy_rows(const float *logits, const int32_t *targets, float *row_loss, float *grad,
                               float grad_scale, size_t rows, size_t cols, float eps, int32_t ignore_index) {
    size_t counted = 0;
    const float uniform = eps / (float)cols;
    for (size_t r = 0; r < rows; r++) {
        const float *xr = logits + r * cols;
        float *gr = grad ? grad + r * cols : NULL;
        int32_t t = targets[r];
        if (t == ignore_index) {
            row_loss[r] = 0;
            if (gr) memset(gr, 0, cols * sizeof(float));
            continue;
        }
        counted++;
        float m = row_max(xr, cols);
        // sum of exp, with the exponentials parked in the gradient row when there is one
        float s;
        if (gr) {
            for (size_t c = 0; c < cols; c++) gr[c] = tern_expf(xr[c] - m);
            s = row_sum(gr, cols);
        } else {
            v8f s0 = v8_splat(0);
            size_t c = 0;
            for (; c + 8 <= cols; c += 8) {
                v8f v = v8_load(xr + c);
                float tmp[8];
                for (int j = 0; j < 8; j++) tmp[j] = tern_expf(v[j] - m);
                s0 += v8_load(tmp);
            }
            s = v8_hsum(s0);
            for (; c < cols; c++) s += tern_expf(xr[c] - m);
        }
        float lse = m + logf(s);
        // -log p[v] = lse - x[v]; mean over v is lse - mean(x)
        float mean_x = row_sum(xr, cols) / (float)cols;
        row_loss[r] = (1.0f - eps) * (lse - xr[t]) + eps * (lse - mean_x);
        if (gr) {
            float inv = grad_scale / s;
            float u = grad_scale * uniform;
            for (size_t c = 0; c < cols; c++) gr[c] = gr[c] * inv - u;
            gr[t] -= grad_scale * (1.0f - eps);
        }
    }
    return counted;
}
