// int8 inference products: activations quantised per row at run time, weights per output channel once, the
// integer product through oneDNN's s8 × s8 → s32 matmul primitive, and one pass that scales back and adds the bias.
// The primitive is built once per weight shape with the row count M left to run time, so a decoder whose batch
// shrinks as sentences finish does not JIT a new kernel per step.
#include "tern_kernels.h"
#include <oneapi/dnnl/dnnl.h>
#include <math.h>
#include <pthread.h>

typedef struct {
    long n, k;
    dnnl_primitive_t primitive;
    dnnl_memory_desc_t weights_md;
} cached_int8;

enum { kInt8CacheCapacity = 256 };
static cached_int8 cache[kInt8CacheCapacity];
static int cache_count = 0;
static dnnl_engine_t engine = NULL;
static dnnl_stream_t stream = NULL;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static cached_int8 *lookup(long n, long k) {
    for (int i = 0; i < cache_count; i++)
        if (cache[i].n == n && cache[i].k == k) return &cache[i];
    if (!engine) {
        if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) return NULL;
        if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) return NULL;
    }
    if (cache_count == kInt8CacheCapacity) return NULL;
    cached_int8 *c = &cache[cache_count];
    c->n = n;
    c->k = k;
    dnnl_memory_desc_t src_md, dst_md;
    dnnl_dims_t src_dims = {DNNL_RUNTIME_DIM_VAL, k}, src_strides = {k, 1};
    dnnl_dims_t w_dims = {k, n}, w_strides = {1, k};  // the [n, k] row-major weights read as k × n
    dnnl_dims_t dst_dims = {DNNL_RUNTIME_DIM_VAL, n}, dst_strides = {n, 1};
    if (dnnl_memory_desc_init_by_strides(&src_md, 2, src_dims, dnnl_s8, src_strides) != dnnl_success) return NULL;
    if (dnnl_memory_desc_init_by_strides(&c->weights_md, 2, w_dims, dnnl_s8, w_strides) != dnnl_success) return NULL;
    if (dnnl_memory_desc_init_by_strides(&dst_md, 2, dst_dims, dnnl_s32, dst_strides) != dnnl_success) return NULL;
    dnnl_matmul_desc_t desc;
    if (dnnl_matmul_desc_init(&desc, &src_md, &c->weights_md, NULL, &dst_md) != dnnl_success) return NULL;
    dnnl_primitive_desc_t pd = NULL;
    if (dnnl_primitive_desc_create(&pd, &desc, NULL, engine, NULL) != dnnl_success) return NULL;
    dnnl_status_t status = dnnl_primitive_create(&c->primitive, pd);
    dnnl_primitive_desc_destroy(pd);
    if (status != dnnl_success) return NULL;
    cache_count++;
    return c;
}

int tern_dnnl_int8_has_vnni(void) {
    dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
    return isa == dnnl_cpu_isa_avx2_vnni || isa == dnnl_cpu_isa_avx512_core_vnni || isa == dnnl_cpu_isa_avx512_core_bf16
        || isa == dnnl_cpu_isa_avx512_core_amx;
}

int tern_dnnl_s8_matmul(long m, long n, long k, const int8_t *a, const int8_t *w, int32_t *c) {
    pthread_mutex_lock(&lock);
    cached_int8 *entry = lookup(n, k);
    pthread_mutex_unlock(&lock);
    if (!entry) return 0;
    dnnl_memory_desc_t a_md, c_md;
    dnnl_dims_t a_dims = {m, k}, a_strides = {k, 1}, c_dims = {m, n}, c_strides = {n, 1};
    dnnl_memory_desc_init_by_strides(&a_md, 2, a_dims, dnnl_s8, a_strides);
    dnnl_memory_desc_init_by_strides(&c_md, 2, c_dims, dnnl_s32, c_strides);
    dnnl_memory_t a_mem, w_mem, c_mem;
    dnnl_memory_create(&a_mem, &a_md, engine, (void *)a);
    dnnl_memory_create(&w_mem, &entry->weights_md, engine, (void *)w);
    dnnl_memory_create(&c_mem, &c_md, engine, c);
    dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, a_mem}, {DNNL_ARG_WEIGHTS, w_mem}, {DNNL_ARG_DST, c_mem}};
    dnnl_status_t status = dnnl_primitive_execute(entry->primitive, stream, 3, args);
    dnnl_stream_wait(stream);
    dnnl_memory_destroy(a_mem);
    dnnl_memory_destroy(w_mem);
    dnnl_memory_destroy(c_mem);
    return status == dnnl_success;
}

void tern_quantize_rows_s8(const float *x, int8_t *q, float *scales, size_t rows, size_t cols, int levels) {
    const float top = (float)levels;
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float m = 0;
        for (size_t c = 0; c < cols; c++) { float a = fabsf(xr[c]); m = a > m ? a : m; }
        float scale = m > 0 ? m / top : 1.0f;
        float inv = 1.0f / scale;
        int8_t *qr = q + r * cols;
        for (size_t c = 0; c < cols; c++) {
            float v = nearbyintf(xr[c] * inv);
            v = v > top ? top : (v < -top ? -top : v);
            qr[c] = (int8_t)v;
        }
        scales[r] = scale;
    }
}

void tern_dequantize_rows(const int32_t *c, const float *row_scales, const float *column_scales, const float *bias,
                          float *y, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const int32_t *cr = c + r * cols;
        float *yr = y + r * cols;
        float s = row_scales[r];
        if (bias) {
            for (size_t j = 0; j < cols; j++) yr[j] = (float)cr[j] * (s * column_scales[j]) + bias[j];
        } else {
            for (size_t j = 0; j < cols; j++) yr[j] = (float)cr[j] * (s * column_scales[j]);
        }
    }
}
