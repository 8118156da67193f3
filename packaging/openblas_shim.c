/* MLX's Linux CPU backend on OpenBLAS instead of netlib's reference BLAS.
 *
 * The mlx[cpu] wheel links the reference BLAS it bundles, whose sgemm is a plain triple loop
 * (a 128x2048 by 2048x5632 product: 1.56 s, against 43 ms with OpenBLAS). libmlx.so looks its
 * CBLAS symbols up by name, so a library exporting the same names that is loaded first, with
 * RTLD_GLOBAL (inference/system.py does, before MLX is imported), is the one it calls.
 *
 * The maintained OpenBLAS wheel that installs by itself everywhere (scipy-openblas32: no
 * libgfortran needed, which a fresh Debian lacks) prefixes every symbol with "scipy_" so as
 * not to clash with other BLAS copies. This file only gives MLX's three CBLAS entry points
 * their usual names; the work is OpenBLAS's. The 32 in the package name is its integer size,
 * the same as CBLAS's int. LAPACK (MLX's linalg) stays on the wheel's own library.
 *
 * Built by packaging/build_openblas_shim.sh into the venv; Linux only (macOS uses Accelerate).
 */

enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };

void scipy_cblas_sgemm(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, int, int,
                       int, float, const float *, int, const float *, int, float, float *, int);
void scipy_cblas_dgemm(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, int, int,
                       int, double, const double *, int, const double *, int, double, double *,
                       int);
void scipy_cblas_cgemm(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, int, int,
                       int, const void *, const void *, int, const void *, int, const void *,
                       void *, int);

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                 int m, int n, int k, float alpha, const float *a, int lda, const float *b,
                 int ldb, float beta, float *c, int ldc) {
  scipy_cblas_sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                 int m, int n, int k, double alpha, const double *a, int lda, const double *b,
                 int ldb, double beta, double *c, int ldc) {
  scipy_cblas_dgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void cblas_cgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                 int m, int n, int k, const void *alpha, const void *a, int lda, const void *b,
                 int ldb, const void *beta, void *c, int ldc) {
  scipy_cblas_cgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
