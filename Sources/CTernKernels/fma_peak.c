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
enum { kRound = 1000000 };

// Twelve named accumulators, not an array: an array of vectors may live in memory, and a load and a store around
// every FMA would measure the store port instead of the FMA units.
#define CHAINS(T, SET) T c0 = SET(1.00f), c1 = SET(1.01f), c2 = SET(1.02f), c3 = SET(1.03f), c4 = SET(1.04f), \
    c5 = SET(1.05f), c6 = SET(1.06f), c7 = SET(1.07f), c8 = SET(1.08f), c9 = SET(1.09f), c10 = SET(1.10f), c11 = SET(1.11f)
#define STEP(F) c0 = F(c0, x, y); c1 = F(c1, x, y); c2 = F(c2, x, y); c3 = F(c3, x, y); c4 = F(c4, x, y); \
    c5 = F(c5, x, y); c6 = F(c6, x, y); c7 = F(c7, x, y); c8 = F(c8, x, y); c9 = F(c9, x, y); c10 = F(c10, x, y); \
    c11 = F(c11, x, y)
#define SUM(ADD) ADD(ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7))), ADD(ADD(c8, c9), ADD(c10, c11)))

__attribute__((target("avx512f"))) static double fma_rounds_512(double seconds) {
    __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
    CHAINS(__m512, _mm512_set1_ps);
    double start = now_seconds(), flops = 0;
    do {
        for (long k = 0; k < kRound; k++) {
            STEP(_mm512_fmadd_ps);
            __asm__ volatile("" : "+v"(x));
        }
        flops += (double)kRound * 12 * 16 * 2;
    } while (now_seconds() - start < seconds);
    double elapsed = now_seconds() - start;
    peak_sink = _mm512_reduce_add_ps(SUM(_mm512_add_ps));
    return flops / elapsed;
}

__attribute__((target("avx2,fma"))) static double fma_rounds_256(double seconds) {
    __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    CHAINS(__m256, _mm256_set1_ps);
    double start = now_seconds(), flops = 0;
    do {
        for (long k = 0; k < kRound; k++) {
            STEP(_mm256_fmadd_ps);
            __asm__ volatile("" : "+v"(x));
        }
        flops += (double)kRound * 12 * 8 * 2;
    } while (now_seconds() - start < seconds);
    double elapsed = now_seconds() - start;
    float o[8];
    _mm256_storeu_ps(o, SUM(_mm256_add_ps));
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
