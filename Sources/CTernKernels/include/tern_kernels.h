// Tern's C kernels: the element-wise, row-wise and fused loops that a C compiler vectorises well.
// Every function works on contiguous Float32 rows; shapes are checked on the Swift side.
#ifndef TERN_KERNELS_H
#define TERN_KERNELS_H
#include <stddef.h>
#include <stdint.h>

// ---- threads and machine facts (threads.c, fma_peak.c)
void tern_set_omp_threads(int threads);
/// Runs body(context, worker, workers) on `workers` threads of the OpenMP team and waits for all of them.
void tern_parallel(int workers, void (*body)(void *context, int worker, int workers), void *context);
int tern_cpu_has_avx512f(void);
/// Runs `threads` threads of independent FMA chains for about `seconds` and returns GFLOP/s.
double tern_fma_peak_gflops(int threads, int use_avx512, double seconds);

// ---- batched GEMM through oneDNN's matmul primitive (dnnl_batched.c); returns 0 if oneDNN refused the shape
int tern_dnnl_batched_matmul(long batch, long m, long n, long k, int transpose_a, int transpose_b, float alpha,
                             const float *a, const float *b, float *c);

// ---- optimizers (adam.c)
/// One Adam step over n values of a parameter w with gradient g and moments m, v (PyTorch's Adam; with `decoupled`,
/// AdamW's weight decay): w −= step_size · m / (√v · inverse_sqrt_correction2 + epsilon).
void tern_adam_update(float *w, const float *g, float *m, float *v, size_t n, float beta1, float beta2, float epsilon,
                      float step_size, float inverse_sqrt_correction2, float learning_rate, float weight_decay,
                      int decoupled);

// ---- glibc's heap (heap.c)
/// malloc_trim(0): returns free heap pages to the kernel; 1 if any were released.
int tern_heap_trim(void);

// ---- bf16 products with fp32 accumulation (bf16.c)
/// x rounded to the nearest bf16 (ties to even), as a float.
float tern_bf16_round(float x);
/// Packs op(src) (rows × cols; src is cols × rows when `transpose`, row stride ld) contiguously, rounded to bf16:
/// as floats for the emulated product, or as bf16 bit patterns for oneDNN's.
void tern_pack_bf16_rounded(const float *src, long rows, long cols, long ld, int transpose, float *dst);
void tern_pack_bf16_bits(const float *src, long rows, long cols, long ld, int transpose, uint16_t *dst);
/// C [batch, m, n] (row stride ldc) = alpha · A·B + beta · C for contiguous bf16 A [batch, m, k] and B [batch, k, n],
/// accumulated in fp32 by oneDNN's matmul primitive; returns 0 if oneDNN has no bf16 matmul here.
int tern_dnnl_bf16_matmul(long batch, long m, long n, long k, float alpha, float beta, const uint16_t *a,
                          const uint16_t *b, float *c, long ldc);
/// Whether this oneDNN build runs bf16 matmuls on this CPU (oneDNN 2.x needs AVX512_CORE).
int tern_dnnl_bf16_available(void);

// ---- element-wise (elementwise.c); out may alias an input
void tern_add(const float *a, const float *b, float *out, size_t n);
void tern_sub(const float *a, const float *b, float *out, size_t n);
void tern_mul(const float *a, const float *b, float *out, size_t n);
void tern_div(const float *a, const float *b, float *out, size_t n);
void tern_add_scalar(const float *a, float s, float *out, size_t n);
void tern_mul_scalar(const float *a, float s, float *out, size_t n);
/// y += alpha * x
void tern_axpy(float alpha, const float *x, float *y, size_t n);
/// out = x·scale where a 24-bit draw ≥ threshold, else 0; advances the xoshiro256** `state` by ⌈n/2⌉ draws.
void tern_dropout_apply(const float *x, float *out, size_t n, uint32_t threshold, float scale, uint64_t state[4]);
/// tern_dropout_apply on max(x, 0), the same draws; its backward reads only the output: dx = g·scale where y ≠ 0, else 0.
void tern_relu_dropout_apply(const float *x, float *out, size_t n, uint32_t threshold, float scale, uint64_t state[4]);
void tern_relu_dropout_backward(const float *y, const float *g, float *dx, size_t n, float scale);
/// out[r, :] = a[r, :] (op) row[:] for r in rows; op: 0 add, 1 sub, 2 mul, 3 div
void tern_row_broadcast(int op, const float *a, const float *row, float *out, size_t rows, size_t cols);
/// out[c] += sum_r a[r, c]
void tern_column_sums_accumulate(const float *a, float *out, size_t rows, size_t cols);
/// out[r] = sum_c a[r, c]
void tern_row_sums(const float *a, float *out, size_t rows, size_t cols);

// ---- activations (activations.c): forward and the product of the local derivative with an upstream gradient
void tern_exp(const float *x, float *y, size_t n);
void tern_log(const float *x, float *y, size_t n);
void tern_tanh(const float *x, float *y, size_t n);
void tern_sigmoid(const float *x, float *y, size_t n);
void tern_relu(const float *x, float *y, size_t n);
void tern_leaky_relu(const float *x, float slope, float *y, size_t n);
void tern_gelu(const float *x, float *y, size_t n);
void tern_selu(const float *x, float *y, size_t n);
void tern_tanh_backward(const float *y, const float *g, float *dx, size_t n);
void tern_sigmoid_backward(const float *y, const float *g, float *dx, size_t n);
void tern_relu_backward(const float *x, const float *g, float *dx, size_t n);
void tern_leaky_relu_backward(const float *x, float slope, const float *g, float *dx, size_t n);
void tern_gelu_backward(const float *x, const float *g, float *dx, size_t n);
void tern_selu_backward(const float *x, const float *g, float *dx, size_t n);

// ---- softmax over the last axis (softmax.c)
void tern_softmax_rows(const float *x, float *y, size_t rows, size_t cols);
void tern_log_softmax_rows(const float *x, float *y, size_t rows, size_t cols);
/// dx = y * (g - sum(g * y)) per row
void tern_softmax_backward_rows(const float *y, const float *g, float *dx, size_t rows, size_t cols);
/// dx = g - exp(y) * sum(g) per row, y = log_softmax(x)
void tern_log_softmax_backward_rows(const float *y, const float *g, float *dx, size_t rows, size_t cols);

// ---- layer normalisation over the last axis (layernorm.c)
void tern_layernorm_forward(const float *x, const float *gamma, const float *beta, float *y,
                            float *mean, float *rstd, size_t rows, size_t cols, float eps);
/// dx for the rows; dgamma and dbeta are accumulated (+=) so row blocks can be reduced by the caller.
void tern_layernorm_backward(const float *x, const float *gamma, const float *g, const float *mean,
                             const float *rstd, float *dx, float *dgamma, float *dbeta, size_t rows, size_t cols);

// ---- fused label-smoothed cross-entropy (softmax.c, beside the softmax it fuses)
/// For each row whose target != ignore_index: loss_r = (1-eps)*(-log p[target]) + eps*mean_v(-log p[v]).
/// Writes the row losses (0 for ignored rows) and, if grad is non-null, d loss_r / d logits scaled by `grad_scale`
/// (softmax - q), zeros for ignored rows. Returns the number of counted rows.
size_t tern_cross_entropy_rows(const float *logits, const int32_t *targets, float *row_loss, float *grad,
                               float grad_scale, size_t rows, size_t cols, float eps, int32_t ignore_index);

// Recurrent steps (recurrent.c).
/// GRU step h' from gate pre-activations gi = W_ih x + b_ih and gh = W_hh h + b_hh ([rows, 3H], order r, z, n);
/// `saved` ([rows, 4H]: r, z, n, gh_n) may be null when no backward follows.
void tern_gru_forward(const float *gi, const float *gh, const float *h, float *out, float *saved,
                      size_t rows, size_t hidden);
void tern_gru_backward(const float *h, const float *saved, const float *grad, float *dgi, float *dgh, float *dh,
                       size_t rows, size_t hidden);
/// LSTM step: rows of `out` are [h'; c'] ([rows, 2H]) from gate pre-activations ([rows, 4H], order i, f, g, o) and
/// the cell c; `saved` ([rows, 5H]: i, f, g, o, tanh c') may be null when no backward follows.
void tern_lstm_forward(const float *gi, const float *gh, const float *c, float *out, float *saved,
                       size_t rows, size_t hidden);
/// `dgates` ([rows, 4H]) is the gradient of both the input and the hidden pre-activations.
void tern_lstm_backward(const float *c, const float *saved, const float *grad, float *dgates, float *dc,
                        size_t rows, size_t hidden);
/// Bahdanau scores Σₐ v[a] tanh(keys[b,s,a] + query[b,a]); `scratch` holds `size` floats.
void tern_additive_scores(const float *keys, const float *query, const float *v, float *scores, float *scratch,
                          size_t batch, size_t length, size_t size);
/// Writes dkeys and dquery, adds into dv (the caller's partial).
void tern_additive_scores_backward(const float *keys, const float *query, const float *v, const float *grad,
                                   float *dkeys, float *dquery, float *dv, size_t batch, size_t length, size_t size);

// ---- incremental decoding (attention_step.c, topk.c)
/// Single-query multi-head attention for rows row_begin..<row_end. Row r's key at position t is
/// keys[t] + i·kv_stride + h·head_dim with i = row_map[r·map_stride + t] (self-attention caches reordered by beam
/// search) or, when row_map is NULL, i = row_base[r] (the encoder memory of row r's sentence, keys[t] pointing at
/// position t of sentence 0). Rows attend to their first lengths[r] positions (all `positions` when NULL); weights
/// ([rows, heads, positions], NULL to skip) are zero past that. `scratch` holds 1 + 5·`positions` floats (the
/// probabilities and two arrays of row pointers).
void tern_attention_step(const float *query, size_t query_stride,
                         const float *const *keys, const float *const *values, size_t kv_stride,
                         const int32_t *row_map, size_t map_stride, const int32_t *row_base,
                         const int32_t *lengths, size_t positions,
                         float *context, size_t context_stride, float *weights,
                         size_t row_begin, size_t row_end, size_t heads, size_t head_dim, float scale,
                         float *scratch);
/// lse[r] = log Σ_c exp(x[r, c]), as tern_log_softmax_rows computes it; `scratch` holds `cols` floats.
void tern_rows_logsumexp(const float *x, float *lse, size_t rows, size_t cols, float *scratch);
/// Per row, the k largest x[r, c] − lse[r] in descending order (ties: lower c first), skipping c = excluded[r]
/// (excluded may be NULL; −1 excludes nothing) and non-finite values; missing entries are −inf with index −1.
void tern_rows_topk(const float *x, const float *lse, const int32_t *excluded, size_t rows, size_t cols, size_t k,
                    float *top_values, int32_t *top_indices);

// ---- int8 inference (dnnl_int8.c)
/// c [m, n] = a [m, k] · wᵀ (w is [n, k], one output channel per row), s8 × s8 → s32 through oneDNN's matmul
/// primitive; returns 0 if oneDNN refused.
int tern_dnnl_s8_matmul(long m, long n, long k, const int8_t *a, const int8_t *w, int32_t *c);
/// Symmetric per-row quantisation to ±levels: scales[r] = max|x[r, :]| / levels (1 for an all-zero row),
/// q = round(x / scale).
void tern_quantize_rows_s8(const float *x, int8_t *q, float *scales, size_t rows, size_t cols, int levels);
/// Whether oneDNN runs int8 products with VNNI (vpdpbusd, 32-bit accumulation) on this CPU.
int tern_dnnl_int8_has_vnni(void);
/// y[r, j] = c[r, j] · row_scales[r] · column_scales[j] (+ bias[j] when bias is non-null).
void tern_dequantize_rows(const int32_t *c, const float *row_scales, const float *column_scales, const float *bias,
                          float *y, size_t rows, size_t cols);
#endif
