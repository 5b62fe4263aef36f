#include "tern_kernels.h"
#include "simd.h"

// Two-pass statistics per row (mean, then centred variance): the one-pass E[x²] - E[x]² loses digits when the
// mean is large next to the spread, and a row (d_model floats) stays in L1 for the second pass.
void tern_layernorm_forward(const float *x, const float *gamma, const float *beta, float *y,
                            float *mean, float *rstd, size_t rows, size_t cols, float eps) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float mu = row_sum(xr, cols) / (float)cols;
        v8f v0 = v8_splat(0), v1 = v8_splat(0), m = v8_splat(mu);
        size_t c = 0;
        for (; c + 16 <= cols; c += 16) {
            v8f d0 = v8_load(xr + c) - m, d1 = v8_load(xr + c + 8) - m;
            v0 += d0 * d0;
            v1 += d1 * d1;
        }
        float v = v8_hsum(v0 + v1);
        for (; c < cols; c++) { float d = xr[c] - mu; v += d * d; }
        float rs = 1.0f / sqrtf(v / (float)cols + eps);
        mean[r] = mu;
        rstd[r] = rs;
        for (c = 0; c < cols; c++) yr[c] = (xr[c] - mu) * rs * gamma[c] + beta[c];
    }
}

// With x̂ = (x - μ) σ⁻¹ and ĝ = g ⊙ γ: dx = σ⁻¹ (ĝ - mean(ĝ) - x̂ mean(ĝ ⊙ x̂)); dγ = Σ g ⊙ x̂; dβ = Σ g.
void tern_layernorm_backward(const float *x, const float *gamma, const float *g, const float *mean,
                             const float *rstd, float *dx, float *dgamma, float *dbeta, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols, *gr = g + r * cols;
        float *d = dx + r * cols;
        float mu = mean[r], rs = rstd[r];
        v8f sg = v8_splat(0), sgx = v8_splat(0), m = v8_splat(mu), s = v8_splat(rs);
        size_t c = 0;
        for (; c + 8 <= cols; c += 8) {
            v8f xhat = (v8_load(xr + c) - m) * s;
            v8f gv = v8_load(gr + c);
            v8f gh = gv * v8_load(gamma + c);
            sg += gh;
            sgx += gh * xhat;
            v8_store(dgamma + c, v8_load(dgamma + c) + gv * xhat);
            v8_store(dbeta + c, v8_load(dbeta + c) + gv);
        }
        float sum_g = v8_hsum(sg), sum_gx = v8_hsum(sgx);
        for (; c < cols; c++) {
            float xhat = (xr[c] - mu) * rs;
            float gh = gr[c] * gamma[c];
            sum_g += gh;
            sum_gx += gh * xhat;
            dgamma[c] += gr[c] * xhat;
            dbeta[c] += gr[c];
        }
        float mg = sum_g / (float)cols, mgx = sum_gx / (float)cols;
        for (c = 0; c < cols; c++) {
            float xhat = (xr[c] - mu) * rs;
            d[c] = rs * (gr[c] * gamma[c] - mg - xhat * mgx);
        }
    }
}
