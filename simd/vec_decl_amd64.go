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

// tanhAVX2 and sigmoidAVX2 compute dst[i] = φ(src[i]) for n a multiple of 8 (act_amd64.s).
//
//go:noescape
func tanhAVX2(dst, src *float32, n int)

//go:noescape
func sigmoidAVX2(dst, src *float32, n int)

// syrk64K3x4 adds alpha times a 3×4 block of A*Bᵀ (float64, rows contiguous in p) to C,
// for k a positive multiple of 4 (f64_amd64.s).
//
//go:noescape
func syrk64K3x4(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, alpha float64)

// dot64AVX2 returns Σ_{i<n} x[i]*y[i] in float64; n is a positive multiple of 16.
//
//go:noescape
func dot64AVX2(x, y *float64, n int) float64
