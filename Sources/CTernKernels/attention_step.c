// One incremental decoding step of multi-head attention: each row has a single query, so the per-head "GEMMs" are
// dot products and axpys over at most a few hundred positions. Reading keys and values through a per-position
// pointer and a per-row index lets beam search reorder hypotheses by rewriting a small index table instead of
// copying the cache, and lets every hypothesis of a sentence read one shared copy of the encoder memory.
#include "tern_kernels.h"
#include "fast_math.h"
#include "simd.h"

void tern_attention_step(const float *query, size_t query_stride,
                         const float *const *keys, const float *const *values, size_t kv_stride,
                         const int32_t *row_map, size_t map_stride, const int32_t *row_base,
                         const int32_t *lengths, size_t positions,
                         float *context, size_t context_stride, float *weights,
                         size_t row_begin, size_t row_end, size_t heads, size_t head_dim, float scale,
                         float *scratch) {
    for (size_t r = row_begin; r < row_end; r++) {
        size_t length = lengths ? (size_t)lengths[r] : positions;
        for (size_t h = 0; h < heads; h++) {
            const float *q = query + r * query_stride + h * head_dim;
            float *p = scratch;  // the row's scores, then probabilities
            float m = -INFINITY;
            for (size_t t = 0; t < length; t++) {
                size_t row = row_map ? (size_t)row_map[r * map_stride + t] : (size_t)row_base[r];
                float s = row_dot(q, keys[t] + row * kv_stride + h * head_dim, head_dim) * scale;
                p[t] = s;
                m = s > m ? s : m;
            }
            float sum = 0;
            for (size_t t = 0; t < length; t++) { p[t] = tern_expf(p[t] - m); sum += p[t]; }
            float inv = 1.0f / sum;
            float *c = context + r * context_stride + h * head_dim;
            for (size_t j = 0; j < head_dim; j++) c[j] = 0;
            for (size_t t = 0; t < length; t++) {
                p[t] *= inv;
                size_t row = row_map ? (size_t)row_map[r * map_stride + t] : (size_t)row_base[r];
                const float *v = values[t] + row * kv_stride + h * head_dim;
                float w = p[t];
                size_t j = 0;
                for (; j + 8 <= head_dim; j += 8) v8_store(c + j, v8_load(c + j) + v8_splat(w) * v8_load(v + j));
                for (; j < head_dim; j++) c[j] += w * v[j];
            }
            if (weights) {
                float *out = weights + (r * heads + h) * positions;
                memcpy(out, p, length * sizeof(float));
                for (size_t t = length; t < positions; t++) out[t] = 0;
            }
        }
    }
}
