// Batched matrix products through oneDNN's matmul primitive: one call runs all the small per-head GEMMs of
// attention, parallel over the batch inside oneDNN, where a loop of dnnl_sgemm calls pays a call's overhead per
// head. Primitives are JIT-compiled per shape, so they are cached by shape. The same cache serves the bf16 products
// (bf16.c packs their operands): bf16 inputs, fp32 output, C = alpha·A·B + beta·C.
#include "tern_kernels.h"
#include <oneapi/dnnl/dnnl.h>
#include <pthread.h>
#include <stdlib.h>

typedef struct {
    long batch, m, n, k, ldc;
    int transpose_a, transpose_b, bf16;
    float alpha, beta;
    dnnl_primitive_t primitive;
    dnnl_memory_desc_t a_md, b_md, c_md;
} cached_matmul;

enum { kCacheCapacity = 1024 };
static cached_matmul cache[kCacheCapacity];
static int cache_count = 0;
static dnnl_engine_t engine = NULL;
static dnnl_stream_t stream = NULL;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int ensure_engine(void) {
    if (engine) return 1;
    if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) return 0;
    if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) return 0;
    return 1;
}

static cached_matmul *lookup(cached_matmul key) {
    for (int i = 0; i < cache_count; i++) {
        cached_matmul *c = &cache[i];
        if (c->batch == key.batch && c->m == key.m && c->n == key.n && c->k == key.k && c->ldc == key.ldc &&
            c->transpose_a == key.transpose_a && c->transpose_b == key.transpose_b && c->bf16 == key.bf16 &&
            c->alpha == key.alpha && c->beta == key.beta)
            return c;
    }
    if (cache_count == kCacheCapacity) {  // shapes churn: start over rather than grow without bound
        for (int i = 0; i < cache_count; i++) dnnl_primitive_destroy(cache[i].primitive);
        cache_count = 0;
    }
    cached_matmul *c = &cache[cache_count];
    *c = key;
    long batch = key.batch, m = key.m, n = key.n, k = key.k, ta = key.transpose_a, tb = key.transpose_b;
    dnnl_data_type_t input_type = key.bf16 ? dnnl_bf16 : dnnl_f32;
    dnnl_dims_t a_dims = {batch, m, k}, b_dims = {batch, k, n}, c_dims = {batch, m, n};
    // A transposed operand is the same memory read with swapped strides.
    dnnl_dims_t a_strides = {m * k, ta ? 1 : k, ta ? m : 1};
    dnnl_dims_t b_strides = {k * n, tb ? 1 : n, tb ? k : 1};
    dnnl_dims_t c_strides = {m * key.ldc, key.ldc, 1};
    if (dnnl_memory_desc_init_by_strides(&c->a_md, 3, a_dims, input_type, a_strides) != dnnl_success) return NULL;
    if (dnnl_memory_desc_init_by_strides(&c->b_md, 3, b_dims, input_type, b_strides) != dnnl_success) return NULL;
    if (dnnl_memory_desc_init_by_strides(&c->c_md, 3, c_dims, dnnl_f32, c_strides) != dnnl_success) return NULL;
    dnnl_matmul_desc_t desc;
    if (dnnl_matmul_desc_init(&desc, &c->a_md, &c->b_md, NULL, &c->c_md) != dnnl_success) return NULL;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_primitive_attr_create(&attr);
    if (key.alpha != 1.0f) dnnl_primitive_attr_set_output_scales(attr, 1, 0, &key.alpha);
    dnnl_post_ops_t post_ops = NULL;
    if (key.beta != 0.0f) {  // C = alpha·A·B + beta·C: the sum post-op adds beta × the old C
        dnnl_post_ops_create(&post_ops);
        dnnl_post_ops_append_sum(post_ops, key.beta);
        dnnl_primitive_attr_set_post_ops(attr, post_ops);
    }
    dnnl_primitive_desc_t pd = NULL;
    dnnl_status_t status = dnnl_primitive_desc_create(&pd, &desc, attr, engine, NULL);
    dnnl_primitive_attr_destroy(attr);
    if (post_ops) dnnl_post_ops_destroy(post_ops);
    if (status != dnnl_success) return NULL;
    status = dnnl_primitive_create(&c->primitive, pd);
    dnnl_primitive_desc_destroy(pd);
    if (status != dnnl_success) return NULL;
    cache_count++;
    return c;
}

static int execute(cached_matmul key, const void *a, const void *b, float *c) {
    pthread_mutex_lock(&lock);
    cached_matmul *entry = ensure_engine() ? lookup(key) : NULL;
    pthread_mutex_unlock(&lock);
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

int tern_dnnl_batched_matmul(long batch, long m, long n, long k, int transpose_a, int transpose_b, float alpha,
                             const float *a, const float *b, float *c) {
    cached_matmul key = {batch, m, n, k, n, transpose_a, transpose_b, 0, alpha, 0.0f, NULL};
    return execute(key, a, b, c);
}

int tern_dnnl_bf16_matmul(long batch, long m, long n, long k, float alpha, float beta, const uint16_t *a,
                          const uint16_t *b, float *c, long ldc) {
    cached_matmul key = {batch, m, n, k, ldc, 0, 0, 1, alpha, beta, NULL};
    return execute(key, a, b, c);
}

int tern_dnnl_bf16_available(void) {
    static int answer = -1;
    if (answer < 0) {
        cached_matmul key = {1, 64, 64, 64, 64, 0, 0, 1, 1.0f, 0.0f, NULL};
        pthread_mutex_lock(&lock);
        answer = ensure_engine() && lookup(key) != NULL;
        pthread_mutex_unlock(&lock);
    }
    return answer;
}
