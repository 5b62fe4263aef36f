#include "tern_kernels.h"
#include <math.h>

// Two-pass statistics per row (mean, then centred variance): the one-pass E[x²] - E[x]² loses digits when the
// mean is large next to the spread, and rows (d_model) are short enough to stay in L1 for the second pass.
void tern_layernorm_forward(const float *x, const float *gamma, const float *beta, float *y,
                            float *mean, float *rstd, size_t rows, size_t cols, float eps) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float s = 0;
        for (size_t c = 0; c < cols; c++) s += xr[c];
        float mu = s / (float)cols;
        float v = 0;
        for (size_t c = 0; c < cols; c++) { float d = xr[c] - mu; v += d * d; }
        float rs = 1.0f / sqrtf(v / (float)cols + eps);
        mean[r] = mu;
        rstd[r] = rs;
        for (size_t c = 0; c < cols; c++) yr[c] = (xr[c] - mu) * rs * gamma[c] + beta[c];
    }
}

// With x̂ = (x - μ) σ⁻¹ and ĝ = g ⊙ γ: dx = σ⁻¹ (ĝ - mean(ĝ) - x̂ mean(ĝ ⊙ x̂)); dγ = Σ g ⊙ x̂; dβ = Σ g.
void tern_layernorm_backward(const float *x, const float *gamma, const float *g, const float *mean,
                             const float *rstd, float *dx, float *dgamma, float *dbeta, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols, *gr = g + r * cols;
        float *d = dx + r * cols;
        float mu = mean[r], rs = rstd[r];
        float sum_g = 0, sum_gx = 0;
        for (size_t c = 0; c < cols; c++) {
            float xhat = (xr[c] - mu) * rs;
            float gh = gr[c] * gamma[c];
            sum_g += gh;
            sum_gx += gh * xhat;
            dgamma[c] += gr[c] * xhat;
            dbeta[c] += gr[c];
        }
        float mg = sum_g / (float)cols, mgx = sum_gx / (float)cols;
        for (size_t c = 0; c < cols; c++) {
            float xhat = (xr[c] - mu) * rs;
            d[c] = rs * (gr[c] * gamma[c] - mg - xhat * mgx);
        }
    }
}
