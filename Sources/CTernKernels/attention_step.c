// One incremental decoding step of multi-head attention: each row has a single query, so the per-head "GEMMs" are
// dot products and axpys over at most a few hundred positions. Reading keys and values through a per-position
// pointer and a per-row index lets beam search reorder hypotheses by rewriting a small index table instead of
// copying the cache, and lets every hypothesis of a sentence read one shared copy of the encoder memory.
#include "tern_kernels.h"
#include "fast_math.h"
#include "simd.h"

// Four dot products with one query at once: four independent FMA chains hide the FMA latency that one chain of
// head_dim / 8 steps would expose, and the four horizontal sums share one reduction tree.
static inline void dot4(const float *q, const float *a, const float *b, const float *c, const float *d, size_t n,
                        float out[4]) {
    v8f sa = v8_splat(0), sb = v8_splat(0), sc = v8_splat(0), sd = v8_splat(0);
    for (size_t j = 0; j < n; j += 8) {
        v8f x = v8_load(q + j);
        sa += x * v8_load(a + j);
        sb += x * v8_load(b + j);
        sc += x * v8_load(c + j);
        sd += x * v8_load(d + j);
    }
    out[0] = v8_hsum(sa);
    out[1] = v8_hsum(sb);
    out[2] = v8_hsum(sc);
    out[3] = v8_hsum(sd);
}

void tern_attention_step(const float *query, size_t query_stride,
                         const float *const *keys, const float *const *values, size_t kv_stride,
                         const int32_t *row_map, size_t map_stride, const int32_t *row_base,
                         const int32_t *lengths, size_t positions,
                         float *context, size_t context_stride, float *weights,
                         size_t row_begin, size_t row_end, size_t heads, size_t head_dim, float scale,
                         float *scratch) {
    // scratch: [positions] probabilities, then [positions] key and [positions] value row pointers
    float *p = scratch;
    const float **key_rows = (const float **)(scratch + positions + (positions & 1));
    const float **value_rows = key_rows + positions;
    const int vectorized = head_dim % 8 == 0;
    for (size_t r = row_begin; r < row_end; r++) {
        size_t length = lengths ? (size_t)lengths[r] : positions;
        for (size_t t = 0; t < length; t++) {
            size_t row = row_map ? (size_t)row_map[r * map_stride + t] : (size_t)row_base[r];
            key_rows[t] = keys[t] + row * kv_stride;
            value_rows[t] = values[t] + row * kv_stride;
        }
        for (size_t h = 0; h < heads; h++) {
            const float *q = query + r * query_stride + h * head_dim;
            const size_t offset = h * head_dim;
            size_t t = 0;
            if (vectorized) {
                for (; t + 4 <= length; t += 4)
                    dot4(q, key_rows[t] + offset, key_rows[t + 1] + offset, key_rows[t + 2] + offset,
                         key_rows[t + 3] + offset, head_dim, p + t);
            }
            for (; t < length; t++) p[t] = row_dot(q, key_rows[t] + offset, head_dim);
            float m = -INFINITY;
            for (t = 0; t < length; t++) { p[t] *= scale; m = p[t] > m ? p[t] : m; }
            float sum = 0;
            for (t = 0; t < length; t++) { p[t] = tern_expf(p[t] - m); sum += p[t]; }
            float inv = 1.0f / sum;
            for (t = 0; t < length; t++) p[t] *= inv;
            float *c = context + r * context_stride + offset;
            if (vectorized && head_dim <= 128) {
                v8f acc[16];
                size_t chunks = head_dim / 8;
                for (size_t j = 0; j < chunks; j++) acc[j] = v8_splat(0);
                for (t = 0; t < length; t++) {
                    v8f w = v8_splat(p[t]);
                    const float *v = value_rows[t] + offset;
                    for (size_t j = 0; j < chunks; j++) acc[j] += w * v8_load(v + 8 * j);
                }
                for (size_t j = 0; j < chunks; j++) v8_store(c + 8 * j, acc[j]);
            } else {
                for (size_t j = 0; j < head_dim; j++) c[j] = 0;
                for (t = 0; t < length; t++) {
                    const float *v = value_rows[t] + offset;
                    for (size_t j = 0; j < head_dim; j++) c[j] += p[t] * v[j];
                }
            }
            if (weights) {
                float *out = weights + (r * heads + h) * positions;
                memcpy(out, p, length * sizeof(float));
                for (t = length; t < positions; t++) out[t] = 0;
            }
        }
    }
}
