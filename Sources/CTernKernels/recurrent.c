// Fused recurrent-step kernels: the element-wise part of a GRU step and Bahdanau's additive scores. Written as one
// pass each because the unfused graph (slices, sigmoids, products, a broadcast add, a tanh, a one-column GEMM) walks
// the same [batch, ·] buffers a dozen times per decoder step and allocates a tensor for each walk.
#include "tern_kernels.h"
#include "fast_math.h"
#include "simd.h"
#include <stdlib.h>

// Gate order r, z, n (PyTorch's). `gi` and `gh` hold W_ih x + b_ih and W_hh h + b_hh; `saved` keeps r, z, n and the
// hidden candidate product W_hn h + b_hn per row ([rows, 4H]), which is all the backward needs besides h.
void tern_gru_forward(const float *gi, const float *gh, const float *h, float *out, float *saved,
                      size_t rows, size_t hidden) {
    for (size_t row = 0; row < rows; row++) {
        const float *restrict i = gi + row * 3 * hidden, *restrict g = gh + row * 3 * hidden;
        const float *restrict hp = h + row * hidden;
        float *restrict o = out + row * hidden;
        if (saved) {
            // Separate loops without a branch inside, so that each one vectorises.
            float *restrict r = saved + row * 4 * hidden, *restrict z = r + hidden, *restrict n = z + hidden;
            float *restrict ghn = n + hidden;
            for (size_t j = 0; j < hidden; j++) {
                r[j] = tern_sigmoidf(i[j] + g[j]);
                z[j] = tern_sigmoidf(i[hidden + j] + g[hidden + j]);
                ghn[j] = g[2 * hidden + j];
                n[j] = tern_tanhf(i[2 * hidden + j] + r[j] * ghn[j]);
                o[j] = n[j] + z[j] * (hp[j] - n[j]);
            }
        } else {
            for (size_t j = 0; j < hidden; j++) {
                float r = tern_sigmoidf(i[j] + g[j]);
                float z = tern_sigmoidf(i[hidden + j] + g[hidden + j]);
                float n = tern_tanhf(i[2 * hidden + j] + r * g[2 * hidden + j]);
                o[j] = n + z * (hp[j] - n);
            }
        }
    }
}

// h' = n + z (h − n):  dn = g (1 − z), dz = g (h − n), dh = g z.
// n = tanh(aₙ), aₙ = giₙ + r ghₙ:  daₙ = dn (1 − n²) → dgiₙ = daₙ, dghₙ = daₙ r, dr = daₙ ghₙ.
// r and z are sigmoids of gi + gh, so their input and hidden gradients are equal.
void tern_gru_backward(const float *h, const float *saved, const float *grad, float *dgi, float *dgh, float *dh,
                       size_t rows, size_t hidden) {
    for (size_t row = 0; row < rows; row++) {
        const float *s = saved + row * 4 * hidden, *hp = h + row * hidden, *g = grad + row * hidden;
        float *di = dgi + row * 3 * hidden, *dg = dgh + row * 3 * hidden, *dhp = dh + row * hidden;
        for (size_t j = 0; j < hidden; j++) {
            float r = s[j], z = s[hidden + j], n = s[2 * hidden + j], ghn = s[3 * hidden + j];
            float dn = g[j] * (1.0f - z);
            float dz = g[j] * (hp[j] - n);
            dhp[j] = g[j] * z;
            float dan = dn * (1.0f - n * n);
            float dar = dan * ghn * r * (1.0f - r);
            float daz = dz * z * (1.0f - z);
            di[j] = dar;
            di[hidden + j] = daz;
            di[2 * hidden + j] = dan;
            dg[j] = dar;
            dg[hidden + j] = daz;
            dg[2 * hidden + j] = dan * r;
        }
    }
}

// scores[b, s] = Σₐ v[a] tanh(keys[b, s, a] + query[b, a]) for the batch rows given. `scratch` holds `size` floats.
void tern_additive_scores(const float *keys, const float *query, const float *v, float *scores, float *scratch,
                          size_t batch, size_t length, size_t size) {
    for (size_t b = 0; b < batch; b++) {
        const float *q = query + b * size;
        for (size_t s = 0; s < length; s++) {
            const float *k = keys + (b * length + s) * size;
            for (size_t a = 0; a < size; a++) scratch[a] = tern_tanhf(k[a] + q[a]);
            scores[b * length + s] = row_dot(scratch, v, size);
        }
    }
}

// With t = tanh(keys + query) recomputed rather than stored (it would be [batch, source, size] per decoder step):
// dkeys[b, s, a] = g[b, s] v[a] (1 − t²), dquery[b, a] = Σₛ dkeys[b, s, a], dv[a] += Σ_{b,s} g[b, s] t.
// `dv` is this caller's own partial sum (threads reduce theirs afterwards).
void tern_additive_scores_backward(const float *keys, const float *query, const float *v, const float *grad,
                                   float *dkeys, float *dquery, float *dv, size_t batch, size_t length, size_t size) {
    for (size_t b = 0; b < batch; b++) {
        const float *q = query + b * size;
        float *dq = dquery + b * size;
        for (size_t a = 0; a < size; a++) dq[a] = 0.0f;
        for (size_t s = 0; s < length; s++) {
            const float *k = keys + (b * length + s) * size;
            float *dk = dkeys + (b * length + s) * size;
            float g = grad[b * length + s];
            for (size_t a = 0; a < size; a++) {
                float t = tern_tanhf(k[a] + q[a]);
                float d = g * v[a] * (1.0f - t * t);
                dk[a] = d;
                dq[a] += d;
                dv[a] += g * t;
            }
        }
    }
}

// LSTM step, gate order i, f, g, o (PyTorch's). Output rows are [h'; c'] ([rows, 2H]); `saved` keeps i, f, g, o and
// tanh(c') per row ([rows, 5H]).
void tern_lstm_forward(const float *gi, const float *gh, const float *c, float *out, float *saved,
                       size_t rows, size_t hidden) {
    for (size_t row = 0; row < rows; row++) {
        const float *restrict a = gi + row * 4 * hidden, *restrict b = gh + row * 4 * hidden;
        const float *restrict cp = c + row * hidden;
        float *restrict h = out + row * 2 * hidden, *restrict cn = h + hidden;
        float *restrict s = saved ? saved + row * 5 * hidden : NULL;
        if (s) {
            float *restrict si = s, *restrict sf = s + hidden, *restrict sg = s + 2 * hidden, *restrict so = s + 3 * hidden;
            float *restrict st = s + 4 * hidden;
            for (size_t j = 0; j < hidden; j++) {
                si[j] = tern_sigmoidf(a[j] + b[j]);
                sf[j] = tern_sigmoidf(a[hidden + j] + b[hidden + j]);
                sg[j] = tern_tanhf(a[2 * hidden + j] + b[2 * hidden + j]);
                so[j] = tern_sigmoidf(a[3 * hidden + j] + b[3 * hidden + j]);
                cn[j] = sf[j] * cp[j] + si[j] * sg[j];
                st[j] = tern_tanhf(cn[j]);
                h[j] = so[j] * st[j];
            }
        } else {
            for (size_t j = 0; j < hidden; j++) {
                float i = tern_sigmoidf(a[j] + b[j]), f = tern_sigmoidf(a[hidden + j] + b[hidden + j]);
                float g = tern_tanhf(a[2 * hidden + j] + b[2 * hidden + j]);
                float o = tern_sigmoidf(a[3 * hidden + j] + b[3 * hidden + j]);
                cn[j] = f * cp[j] + i * g;
                h[j] = o * tern_tanhf(cn[j]);
            }
        }
    }
}

// With dc' = the cell's own gradient + dh' o (1 − tanh²(c')):  do = dh' tanh(c'), di = dc' g, dg = dc' i, df = dc' c,
// dc = dc' f; each gate's pre-activation gradient is its sigmoid's or tanh's derivative times that. The input and
// hidden halves of every gate get the same gradient, so one [rows, 4H] buffer serves both.
void tern_lstm_backward(const float *c, const float *saved, const float *grad, float *dgates, float *dc,
                        size_t rows, size_t hidden) {
    for (size_t row = 0; row < rows; row++) {
        const float *restrict s = saved + row * 5 * hidden, *restrict cp = c + row * hidden;
        const float *restrict dh = grad + row * 2 * hidden, *restrict dcn = dh + hidden;
        float *restrict d = dgates + row * 4 * hidden, *restrict dcp = dc + row * hidden;
        for (size_t j = 0; j < hidden; j++) {
            float i = s[j], f = s[hidden + j], g = s[2 * hidden + j], o = s[3 * hidden + j], t = s[4 * hidden + j];
            float total = dcn[j] + dh[j] * o * (1.0f - t * t);
            d[j] = total * g * i * (1.0f - i);
            d[hidden + j] = total * cp[j] * f * (1.0f - f);
            d[2 * hidden + j] = total * i * (1.0f - g * g);
            d[3 * hidden + j] = dh[j] * t * o * (1.0f - o);
            dcp[j] = total * f;
        }
    }
}
