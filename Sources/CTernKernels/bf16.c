// bf16 products with fp32 accumulation. Operands are rounded to bf16 (8 significant bits, round to nearest even) as
// they are packed into contiguous buffers — which also undoes any transpose — and then multiplied either by oneDNN's
// bf16 matmul primitive, where the CPU and the library have one, or, emulated, by the fp32 GEMM on the rounded values:
// the product of two bf16 values is exact in fp32, so both accumulate the same products in fp32. The oneDNN product
// (tern_dnnl_bf16_matmul) shares the batched products' primitive cache in dnnl_batched.c.
#include "tern_kernels.h"
#include <string.h>

static inline uint32_t rounded_bits(float x) {
    uint32_t bits;
    memcpy(&bits, &x, 4);
    if ((bits & 0x7f800000u) == 0x7f800000u) return (bits & 0x007fffffu) ? (bits | 0x00400000u) & 0xffff0000u : bits;
    bits += 0x7fffu + ((bits >> 16) & 1u);  // round to nearest, ties to even
    return bits & 0xffff0000u;
}

float tern_bf16_round(float x) {
    uint32_t bits = rounded_bits(x);
    float y;
    memcpy(&y, &bits, 4);
    return y;
}

// op(src) is rows × cols: src itself when !transpose (row stride ld), else src is cols × rows (row stride ld).
void tern_pack_bf16_rounded(const float *src, long rows, long cols, long ld, int transpose, float *dst) {
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[i * cols + j] = tern_bf16_round(transpose ? src[j * ld + i] : src[i * ld + j]);
}

void tern_pack_bf16_bits(const float *src, long rows, long cols, long ld, int transpose, uint16_t *dst) {
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[i * cols + j] = (uint16_t)(rounded_bits(transpose ? src[j * ld + i] : src[i * ld + j]) >> 16);
}
