/* A small stand-in for the OpenBLAS library that numpy's wheels link (25 MB, a
 * kernel for every CPU generation), built by packaging/slim.py for the frozen app.
 *
 * numpy's core module calls CBLAS for dot, vdot, inner and matmul of float and complex
 * arrays, and for nothing else; EvidenceBoard's arrays are sorted, searched and summed,
 * never multiplied as matrices, so plain loops do. They follow the reference BLAS:
 * beta == 0 never reads the output, alpha == 0 never reads the inputs, negative
 * increments walk backwards. Float sums are accumulated in double.
 *
 * numpy.linalg's LAPACK routines are not here: slim.py adds an entry point for each one
 * numpy links (the dynamic loader needs them all to import numpy) that reports the
 * routine and aborts. Nothing in the app calls numpy.linalg.
 *
 * Compiled with -DBLAS_INT=<integer type> -DBLAS_PREFIX=<prefix> -DBLAS_SUFFIX=<suffix>,
 * the naming of the library it replaces (scipy-openblas64: int64_t, scipy_, 64_).
 */
#include <complex.h>
#include <stdint.h>

typedef BLAS_INT blasint;

enum { ROW_MAJOR = 101, COL_MAJOR = 102 };
enum { NO_TRANS = 111, TRANS = 112, CONJ_TRANS = 113 };
enum { UPPER = 121, LOWER = 122 };

#define CAT3_(a, b, c) a##b##c
#define CAT3(a, b, c) CAT3_(a, b, c)
#define API(name) CAT3(BLAS_PREFIX, name, BLAS_SUFFIX)

/* Element i of a vector of n elements with increment inc (BLAS layout). */
#define AT(x, i, inc, n) ((x)[((inc) > 0 ? (i) : (i) - ((n) - 1)) * (inc)])

static inline float conj_s(float x) { return x; }
static inline double conj_d(double x) { return x; }
static inline float complex conj_c(float complex x) { return conjf(x); }
static inline double complex conj_z(double complex x) { return conj(x); }

/* Column-major kernels, one set per type: P is BLAS's letter, T the element type,
 * ACC the accumulator's type. */
#define KERNELS(P, T, ACC)                                                                 \
    static void gemm_##P(int ta, int tb, blasint m, blasint n, blasint k, T alpha,         \
                         const T *a, blasint lda, const T *b, blasint ldb, T beta, T *c,   \
                         blasint ldc) {                                                    \
        for (blasint j = 0; j < n; j++) {                                                  \
            for (blasint i = 0; i < m; i++) {                                              \
                ACC sum = 0;                                                               \
                if (alpha != 0) {                                                          \
                    for (blasint l = 0; l < k; l++) {                                      \
                        T x = ta == NO_TRANS ? a[i + l * lda] : a[l + i * lda];            \
                        T y = tb == NO_TRANS ? b[l + j * ldb] : b[j + l * ldb];            \
                        if (ta == CONJ_TRANS) x = conj_##P(x);                             \
                        if (tb == CONJ_TRANS) y = conj_##P(y);                             \
                        sum += (ACC)x * (ACC)y;                                            \
                    }                                                                      \
                }                                                                          \
                T *out = &c[i + j * ldc];                                                  \
                *out = beta == 0 ? (T)(alpha * sum) : (T)(alpha * sum + beta * *out);      \
            }                                                                              \
        }                                                                                  \
    }                                                                                      \
    /* y = alpha op(A) x + beta y, A m x n; conj_a conjugates A's elements as they are  */ \
    /* read (a row-major A^H is a column-major conj(A)). */                                \
    static void gemv_##P(int trans, int conj_a, blasint m, blasint n, T alpha, const T *a, \
                         blasint lda, const T *x, blasint incx, T beta, T *y,              \
                         blasint incy) {                                                   \
        blasint rows = trans == NO_TRANS ? m : n, cols = trans == NO_TRANS ? n : m;        \
        for (blasint i = 0; i < rows; i++) {                                               \
            ACC sum = 0;                                                                   \
            if (alpha != 0) {                                                              \
                for (blasint l = 0; l < cols; l++) {                                       \
                    T e = trans == NO_TRANS ? a[i + l * lda] : a[l + i * lda];             \
                    if (conj_a) e = conj_##P(e);                                           \
                    sum += (ACC)e * (ACC)AT(x, l, incx, cols);                             \
                }                                                                          \
            }                                                                              \
            T *out = &AT(y, i, incy, rows);                                                \
            *out = beta == 0 ? (T)(alpha * sum) : (T)(alpha * sum + beta * *out);          \
        }                                                                                  \
    }                                                                                      \
    /* C = alpha op(A) op(A)^T + beta C on the uplo triangle, op(A) n x k (no conj). */    \
    static void syrk_##P(int uplo, int trans, blasint n, blasint k, T alpha, const T *a,   \
                         blasint lda, T beta, T *c, blasint ldc) {                         \
        for (blasint j = 0; j < n; j++) {                                                  \
            blasint first = uplo == UPPER ? 0 : j, last = uplo == UPPER ? j + 1 : n;       \
            for (blasint i = first; i < last; i++) {                                       \
                ACC sum = 0;                                                               \
                if (alpha != 0) {                                                          \
                    for (blasint l = 0; l < k; l++) {                                      \
                        T x = trans == NO_TRANS ? a[i + l * lda] : a[l + i * lda];         \
                        T y = trans == NO_TRANS ? a[j + l * lda] : a[l + j * lda];         \
                        sum += (ACC)x * (ACC)y;                                            \
                    }                                                                      \
                }                                                                          \
                T *out = &c[i + j * ldc];                                                  \
                *out = beta == 0 ? (T)(alpha * sum) : (T)(alpha * sum + beta * *out);      \
            }                                                                              \
        }                                                                                  \
    }                                                                                      \
    static ACC dot_##P(int conj_x, blasint n, const T *x, blasint incx, const T *y,        \
                       blasint incy) {                                                     \
        ACC sum = 0;                                                                       \
        for (blasint i = 0; i < n; i++) {                                                  \
            T e = AT(x, i, incx, n);                                                       \
            if (conj_x) e = conj_##P(e);                                                   \
            sum += (ACC)e * (ACC)AT(y, i, incy, n);                                        \
        }                                                                                  \
        return sum;                                                                        \
    }                                                                                      \
    static void axpy_##P(blasint n, T alpha, const T *x, blasint incx, T *y, blasint incy) { \
        if (alpha == 0) return;                                                            \
        for (blasint i = 0; i < n; i++) AT(y, i, incy, n) += alpha * AT(x, i, incx, n);    \
    }                                                                                      \
    /* Row-major calls as column-major ones on the transposed storage. */                  \
    static void gemm_any_##P(int order, int ta, int tb, blasint m, blasint n, blasint k,   \
                             T alpha, const T *a, blasint lda, const T *b, blasint ldb,    \
                             T beta, T *c, blasint ldc) {                                  \
        if (order == ROW_MAJOR)                                                            \
            gemm_##P(tb, ta, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);                \
        else                                                                               \
            gemm_##P(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);                \
    }                                                                                      \
    static void gemv_any_##P(int order, int trans, blasint m, blasint n, T alpha,          \
                             const T *a, blasint lda, const T *x, blasint incx, T beta,    \
                             T *y, blasint incy) {                                         \
        if (order == ROW_MAJOR)                                                            \
            gemv_##P(trans == NO_TRANS ? TRANS : NO_TRANS, trans == CONJ_TRANS, n, m,      \
                     alpha, a, lda, x, incx, beta, y, incy);                               \
        else                                                                               \
            gemv_##P(trans == NO_TRANS ? NO_TRANS : TRANS, trans == CONJ_TRANS, m, n,      \
                     alpha, a, lda, x, incx, beta, y, incy);                               \
    }                                                                                      \
    static void syrk_any_##P(int order, int uplo, int trans, blasint n, blasint k,         \
                             T alpha, const T *a, blasint lda, T beta, T *c,               \
                             blasint ldc) {                                                \
        if (order == ROW_MAJOR)                                                            \
            syrk_##P(uplo == UPPER ? LOWER : UPPER, trans == NO_TRANS ? TRANS : NO_TRANS,  \
                     n, k, alpha, a, lda, beta, c, ldc);                                   \
        else                                                                               \
            syrk_##P(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);                      \
    }

KERNELS(s, float, double)
KERNELS(d, double, double)
KERNELS(c, float complex, double complex)
KERNELS(z, double complex, double complex)

/* The CBLAS entry points numpy calls: real types pass alpha and beta by value and
 * return dot products, complex ones pass pointers. */
#define REAL_API(P, T)                                                                     \
    void API(cblas_##P##gemm)(int order, int ta, int tb, blasint m, blasint n, blasint k,  \
                              T alpha, const T *a, blasint lda, const T *b, blasint ldb,   \
                              T beta, T *c, blasint ldc) {                                 \
        gemm_any_##P(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);         \
    }                                                                                      \
    void API(cblas_##P##gemv)(int order, int trans, blasint m, blasint n, T alpha,         \
                              const T *a, blasint lda, const T *x, blasint incx, T beta,   \
                              T *y, blasint incy) {                                        \
        gemv_any_##P(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);           \
    }                                                                                      \
    void API(cblas_##P##syrk)(int order, int uplo, int trans, blasint n, blasint k,        \
                              T alpha, const T *a, blasint lda, T beta, T *c,              \
                              blasint ldc) {                                               \
        syrk_any_##P(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);               \
    }                                                                                      \
    T API(cblas_##P##dot)(blasint n, const T *x, blasint incx, const T *y, blasint incy) { \
        return (T)dot_##P(0, n, x, incx, y, incy);                                         \
    }                                                                                      \
    void API(cblas_##P##axpy)(blasint n, T alpha, const T *x, blasint incx, T *y,          \
                              blasint incy) {                                              \
        axpy_##P(n, alpha, x, incx, y, incy);                                              \
    }

#define COMPLEX_API(P, T)                                                                  \
    void API(cblas_##P##gemm)(int order, int ta, int tb, blasint m, blasint n, blasint k,  \
                              const void *alpha, const void *a, blasint lda,               \
                              const void *b, blasint ldb, const void *beta, void *c,       \
                              blasint ldc) {                                               \
        gemm_any_##P(order, ta, tb, m, n, k, *(const T *)alpha, a, lda, b, ldb,            \
                     *(const T *)beta, c, ldc);                                            \
    }                                                                                      \
    void API(cblas_##P##gemv)(int order, int trans, blasint m, blasint n,                  \
                              const void *alpha, const void *a, blasint lda,               \
                              const void *x, blasint incx, const void *beta, void *y,      \
                              blasint incy) {                                              \
        gemv_any_##P(order, trans, m, n, *(const T *)alpha, a, lda, x, incx,               \
                     *(const T *)beta, y, incy);                                           \
    }                                                                                      \
    void API(cblas_##P##syrk)(int order, int uplo, int trans, blasint n, blasint k,        \
                              const void *alpha, const void *a, blasint lda,               \
                              const void *beta, void *c, blasint ldc) {                    \
        syrk_any_##P(order, uplo, trans, n, k, *(const T *)alpha, a, lda,                  \
                     *(const T *)beta, c, ldc);                                            \
    }                                                                                      \
    void API(cblas_##P##dotu_sub)(blasint n, const void *x, blasint incx, const void *y,   \
                                  blasint incy, void *ret) {                               \
        *(T *)ret = (T)dot_##P(0, n, x, incx, y, incy);                                    \
    }                                                                                      \
    void API(cblas_##P##dotc_sub)(blasint n, const void *x, blasint incx, const void *y,   \
                                  blasint incy, void *ret) {                               \
        *(T *)ret = (T)dot_##P(1, n, x, incx, y, incy);                                    \
    }                                                                                      \
    void API(cblas_##P##axpy)(blasint n, const void *alpha, const void *x, blasint incx,   \
                              void *y, blasint incy) {                                     \
        axpy_##P(n, *(const T *)alpha, x, incx, y, incy);                                  \
    }

REAL_API(s, float)
REAL_API(d, double)
COMPLEX_API(c, float complex)
COMPLEX_API(z, double complex)
