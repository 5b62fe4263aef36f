// Next-token selection straight from the logits: a row's log-softmax is x - lse(x), so the search needs each row's
// log-sum-exp and its few best entries, never the normalised row itself (CTranslate2 fuses the same way).
#include "tern_kernels.h"
#include "fast_math.h"
#include "simd.h"

// Exactly tern_log_softmax_rows' arithmetic, so scores match the unfused path bit for bit.
static inline float row_lse(const float *x, size_t cols, float *scratch) {
    float m = row_max(x, cols);
    if (m == -INFINITY) return -INFINITY;
    for (size_t c = 0; c < cols; c++) scratch[c] = tern_expf(x[c] - m);
    return m + logf(row_sum(scratch, cols));
}

void tern_rows_logsumexp(const float *x, float *lse, size_t rows, size_t cols, float *scratch) {
    for (size_t r = 0; r < rows; r++) lse[r] = row_lse(x + r * cols, cols, scratch);
}

void tern_rows_topk(const float *x, const float *lse, const int32_t *excluded, size_t rows, size_t cols, size_t k,
                    float *top_values, int32_t *top_indices) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *values = top_values + r * k;
        int32_t *indices = top_indices + r * k;
        size_t count = 0;
        const int32_t skip = excluded ? excluded[r] : -1;
        const float offset = lse[r];
        // Until the list is full every finite entry joins; after that only those above the last kept one.
        float threshold = -INFINITY;
        size_t c = 0;
        for (; c < cols; c++) {
            float value = xr[c] - offset;
            if (!(value > threshold) || (int32_t)c == skip) goto next;
            {
                size_t position = count < k ? count : k - 1;
                // Strictly greater: of equal values the lower index stays ahead, as in an argmax scan.
                while (position > 0 && value > values[position - 1]) {
                    values[position] = values[position - 1];
                    indices[position] = indices[position - 1];
                    position--;
                }
                values[position] = value;
                indices[position] = (int32_t)c;
                if (count < k) count++;
                if (count == k) threshold = values[k - 1];
            }
        next:
            // Once full, skip blocks of 8 whose largest entry cannot enter (x − lse is monotone in x).
            while (count == k && (c + 1) % 8 == 0 && c + 9 <= cols) {
                v8f block = v8_load(xr + c + 1);
                if (v8_hmax(block) - offset > threshold) break;
                c += 8;
            }
        }
        for (size_t i = count; i < k; i++) { values[i] = -INFINITY; indices[i] = -1; }
    }
}
