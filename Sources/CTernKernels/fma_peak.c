// The machine's fp32 FMA peak: independent FMA chains (enough to cover the FMA latency on two pipes) on every
// thread, in AVX-512 and in AVX2, so GEMM figures can be printed as a fraction of what this CPU can do.
#include "tern_kernels.h"
#include <immintrin.h>
#include <pthread.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int tern_cpu_has_avx512f(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

static volatile float peak_sink;
enum { kChains = 12, kRound = 1000000 };

__attribute__((target("avx512f"))) static double fma_rounds_512(double seconds) {
    __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f), acc[kChains];
    for (int i = 0; i < kChains; i++) acc[i] = _mm512_set1_ps(1.0f + i * 0.01f);
    double start = now_seconds(), flops = 0;
    do {
        for (long k = 0; k < kRound; k++) {
            for (int i = 0; i < kChains; i++) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
            __asm__ volatile("" : "+v"(x));
        }
        flops += (double)kRound * kChains * 16 * 2;
    } while (now_seconds() - start < seconds);
    double elapsed = now_seconds() - start;
    __m512 s = acc[0];
    for (int i = 1; i < kChains; i++) s = _mm512_add_ps(s, acc[i]);
    peak_sink = _mm512_reduce_add_ps(s);
    return flops / elapsed;
}

__attribute__((target("avx2,fma"))) static double fma_rounds_256(double seconds) {
    __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f), acc[kChains];
    for (int i = 0; i < kChains; i++) acc[i] = _mm256_set1_ps(1.0f + i * 0.01f);
    double start = now_seconds(), flops = 0;
    do {
        for (long k = 0; k < kRound; k++) {
            for (int i = 0; i < kChains; i++) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
            __asm__ volatile("" : "+v"(x));
        }
        flops += (double)kRound * kChains * 8 * 2;
    } while (now_seconds() - start < seconds);
    double elapsed = now_seconds() - start;
    __m256 s = acc[0];
    for (int i = 1; i < kChains; i++) s = _mm256_add_ps(s, acc[i]);
    float o[8];
    _mm256_storeu_ps(o, s);
    peak_sink = o[0] + o[7];
    return flops / elapsed;
}

typedef struct { int avx512; double seconds; double flops_per_second; } peak_job;

static void *peak_thread(void *arg) {
    peak_job *job = arg;
    job->flops_per_second = job->avx512 ? fma_rounds_512(job->seconds) : fma_rounds_256(job->seconds);
    return NULL;
}

double tern_fma_peak_gflops(int threads, int use_avx512, double seconds) {
    if (threads < 1) threads = 1;
    if (threads > 256) threads = 256;
    if (use_avx512 && !tern_cpu_has_avx512f()) return 0;
    pthread_t ids[256];
    peak_job jobs[256];
    for (int i = 0; i < threads; i++) {
        jobs[i] = (peak_job){use_avx512, seconds, 0};
        pthread_create(&ids[i], NULL, peak_thread, &jobs[i]);
    }
    double total = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
        total += jobs[i].flops_per_second;
    }
    return total * 1e-9;
}
