// Batched matrix products through oneDNN's matmul primitive: one call runs all the small per-head GEMMs of
// attention, parallel over the batch inside oneDNN, where a loop of dnnl_sgemm calls pays a call's overhead per
// head. Primitives are JIT-compiled per shape, so they are cached by shape.
#include "tern_kernels.h"
#include <oneapi/dnnl/dnnl.h>
#include <stdlib.h>

typedef struct {
    long batch, m, n, k;
    int transpose_a, transpose_b;
    float alpha;
    dnnl_primitive_t primitive;
    dnnl_memory_desc_t a_md, b_md, c_md;
} cached_matmul;

enum { kCacheCapacity = 1024 };
static cached_matmul cache[kCacheCapacity];
static int cache_count = 0;
static dnnl_engine_t engine = NULL;
static dnnl_stream_t stream = NULL;

static int ensure_engine(void) {
    if (engine) return 1;
    if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) return 0;
    if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) return 0;
    return 1;
}

static cached_matmul *lookup(long batch, long m, long n, long k, int ta, int tb, float alpha) {
    for (int i = 0; i < cache_count; i++) {
        cached_matmul *c = &cache[i];
        if (c->batch == batch && c->m == m && c->n == n && c->k == k && c->transpose_a == ta &&
            c->transpose_b == tb && c->alpha == alpha)
            return c;
    }
    if (cache_count == kCacheCapacity) {  // shapes churn: start over rather than grow without bound
        for (int i = 0; i < cache_count; i++) dnnl_primitive_destroy(cache[i].primitive);
        cache_count = 0;
    }
    cached_matmul *c = &cache[cache_count];
    *c = (cached_matmul){batch, m, n, k, ta, tb, alpha, NULL};
    dnnl_dims_t a_dims = {batch, m, k}, b_dims = {batch, k, n}, c_dims = {batch, m, n};
    // A transposed operand is the same memory read with swapped strides.
    dnnl_dims_t a_strides = {m * k, ta ? 1 : k, ta ? m : 1};
    dnnl_dims_t b_strides = {k * n, tb ? 1 : n, tb ? k : 1};
    dnnl_dims_t c_strides = {m * n, n, 1};
    if (dnnl_memory_desc_init_by_strides(&c->a_md, 3, a_dims, dnnl_f32, a_strides) != dnnl_success) return NULL;
    if (dnnl_memory_desc_init_by_strides(&c->b_md, 3, b_dims, dnnl_f32, b_strides) != dnnl_success) return NULL;
    if (dnnl_memory_desc_init_by_strides(&c->c_md, 3, c_dims, dnnl_f32, c_strides) != dnnl_success) return NULL;
    dnnl_matmul_desc_t desc;
    if (dnnl_matmul_desc_init(&desc, &c->a_md, &c->b_md, NULL, &c->c_md) != dnnl_success) return NULL;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_primitive_attr_create(&attr);
    if (alpha != 1.0f) dnnl_primitive_attr_set_output_scales(attr, 1, 0, &alpha);
    dnnl_primitive_desc_t pd = NULL;
    dnnl_status_t status = dnnl_primitive_desc_create(&pd, &desc, attr, engine, NULL);
    dnnl_primitive_attr_destroy(attr);
    if (status != dnnl_success) return NULL;
    status = dnnl_primitive_create(&c->primitive, pd);
    dnnl_primitive_desc_destroy(pd);
    if (status != dnnl_success) return NULL;
    cache_count++;
    return c;
}

int tern_dnnl_batched_matmul(long batch, long m, long n, long k, int transpose_a, int transpose_b, float alpha,
                             const float *a, const float *b, float *c) {
    if (!ensure_engine()) return 0;
    cached_matmul *entry = lookup(batch, m, n, k, transpose_a, transpose_b, alpha);
    if (!entry) return 0;
    dnnl_memory_t a_mem, b_mem, c_mem;
    dnnl_memory_create(&a_mem, &entry->a_md, engine, (void *)a);
    dnnl_memory_create(&b_mem, &entry->b_md, engine, (void *)b);
    dnnl_memory_create(&c_mem, &entry->c_md, engine, c);
    dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, a_mem}, {DNNL_ARG_WEIGHTS, b_mem}, {DNNL_ARG_DST, c_mem}};
    dnnl_status_t status = dnnl_primitive_execute(entry->primitive, stream, 3, args);
    dnnl_stream_wait(stream);
    dnnl_memory_destroy(a_mem);
    dnnl_memory_destroy(b_mem);
    dnnl_memory_destroy(c_mem);
    return status == dnnl_success;
}
