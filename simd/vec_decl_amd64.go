//go:build !purego && !noasm

package simd

// Hand-written AVX2+FMA vector kernels (vec_amd64.s) over whole blocks; see the Go
// wrappers in kernels_amd64.go for the tails.

//go:noescape
func axpyAVX2(alpha float32, x, y *float32, n int)

//go:noescape
func hadamardAVX2(dst, x, y *float32, n int)

// fmaPeakAVX2 and fmaPeakAVX512 run iters×120 independent register FMAs (benchmarks).
func fmaPeakAVX2(iters int)
func fmaPeakAVX512(iters int)

// biasActAVX2 finishes rows rows of a dense layer, n ≥ 1 columns each, row i at u+i·ld,
// h+i·ld, d+i·ld: u += beta·b when b != nil, h = φ(u), and d = φ'(u) when d != nil
// (act_amd64.s). act is an Activation as an int; mask is maskFor(n%8), through which
// the last block of a row is loaded and stored.
//
//go:noescape
func biasActAVX2(act int, rows, n, ld int, beta float32, b, u, h, d *float32, mask *int32)

// colSumAVX2 writes dst[j] = alpha·Σ_{i<rows} a[i·lda+j] for j < n (rows, n ≥ 1),
// summing in row order; mask is maskFor(n%8), through which the last block is loaded and
// stored (vec_amd64.s).
//
//go:noescape
func colSumAVX2(rows, n, lda int, alpha float32, a, dst *float32, mask *int32)

// biasAddAVX2 adds beta·b[j] to u[i·ld+j] for i < rows, j < n (rows, n ≥ 1), one fused
// multiply-add per element, with no masked loads or stores (act_amd64.s).
//
//go:noescape
func biasAddAVX2(rows, n, ld int, beta float32, b, u *float32)

// biasTanhAVX512 is biasActAVX2 for tanh sixteen lanes at a time in the zmm registers,
// the last n mod 16 columns of a row through an opmask (act_amd64.s); it needs AVX-512F.
//
//go:noescape
func biasTanhAVX512(rows, n, ld int, beta float32, b, u, h, d *float32)

// biasSigmoidAVX512 is biasActAVX2 for sigmoid with the constants held in Y16–Y25
// (act_amd64.s); it needs AVX-512F and AVX-512VL.
//
//go:noescape
func biasSigmoidAVX512(rows, n, ld int, beta float32, b, u, h, d *float32, mask *int32)

// transpose8AVX2 writes the transpose of the (8·nb)×(8·kb) matrix b (stride ldb) into t
// (stride ldt), t[p·ldt+j] = b[j·ldb+p], in 8×8 blocks (vec_amd64.s); nb, kb ≥ 1.
//
//go:noescape
func transpose8AVX2(t *float32, ldt int, b *float32, ldb int, nb, kb int)

// gemm64K6x8 adds alpha times a 6×8 block of A·B to C, with A(r,p) = a[r*ars+p*aps] and B
// a packed strip of eight values per p, for k ≥ 1 (gemm64_amd64.s).
//
//go:noescape
func gemm64K6x8(k int, a *float64, ars, aps int, b *float64, c *float64, ldc int, alpha float64)

// dot64AVX2x4 returns Σ_{i<n} x[i]*y[i] in float64; n is a positive multiple of 4.
//
//go:noescape
func dot64AVX2x4(x, y *float64, n int) float64

// axpy64AVX2 computes y[i] += alpha*x[i] for i < n; n is a positive multiple of 4.
//
//go:noescape
func axpy64AVX2(alpha float64, x, y *float64, n int)
