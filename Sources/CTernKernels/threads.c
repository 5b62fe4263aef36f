#include "tern_kernels.h"

// oneDNN in Debian is built on OpenMP (libgomp): its thread count is OpenMP's.
extern void omp_set_num_threads(int);

#include <xmmintrin.h>

static void flush_denormals_here(void *unused) {
    (void)unused;
    _mm_setcsr(_mm_getcsr() | 0x8040);  // FTZ (bit 15) and DAZ (bit 6)
}

extern void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);

// Denormal floats (tiny gradients through saturated softmaxes and activations) cost ~100 cycles per operation on
// x86 and are numerically irrelevant for training: every thread that computes flushes them to zero, as deep
// learning runtimes do. MXCSR is per thread, so each thread of the OpenMP team sets its own.
void tern_set_omp_threads(int threads) {
    omp_set_num_threads(threads);
    flush_denormals_here(0);
    GOMP_parallel(flush_denormals_here, 0, (unsigned)threads, 0);
}

// libgomp's entry point for `#pragma omp parallel` (the ABI gcc emits): running Tern's own row loops on the same
// OpenMP team as oneDNN keeps one set of threads hot. A second pool (Dispatch) would compete for the cores with
// OpenMP threads that spin after each GEMM.
extern int omp_get_thread_num(void);
extern int omp_get_num_threads(void);

typedef struct {
    void (*body)(void *context, int worker, int workers);
    void *context;
} parallel_job;

static void run_parallel_job(void *data) {
    parallel_job *job = data;
    job->body(job->context, omp_get_thread_num(), omp_get_num_threads());
}

void tern_parallel(int workers, void (*body)(void *context, int worker, int workers), void *context) {
    parallel_job job = {body, context};
    GOMP_parallel(run_parallel_job, &job, (unsigned)workers, 0);
}
