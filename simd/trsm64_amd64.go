//go:build !purego && !noasm

package simd

// trsmFwd8AVX2 and trsmBwd8AVX2 (trsm64_amd64.s) run TrsmRowsFwd64 and TrsmRowsBwd64 on
// eight rows of x; strides are in elements.
//
//go:noescape
func trsmFwd8AVX2(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)

//go:noescape
func trsmBwd8AVX2(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)

// trsmFwd8x2AVX512 and trsmBwd8x2AVX512 (trsm64x2_amd64.s) run them on eight rows, two
// four-column blocks at a time, in the 32 vector registers of AVX-512VL.
//
//go:noescape
func trsmFwd8x2AVX512(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)

//go:noescape
func trsmBwd8x2AVX512(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)

// trsmPairs selects the kernels that take two blocks at a time on the AVX-512 path (a
// variable so that a benchmark can compare them with the one-block kernels).
var trsmPairs = true

func trsmRowsFwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	r := 0
	if useAVX512 && trsmPairs {
		for ; r+8 <= m; r += 8 {
			trsmFwd8x2AVX512(n, &x[r*ldx], ldx, &mt[0], ldm, &t[0])
		}
	}
	if useAVX2 {
		for ; r+8 <= m; r += 8 {
			trsmFwd8AVX2(n, &x[r*ldx], ldx, &mt[0], ldm, &t[0])
		}
	}
	if r < m {
		trsmRowsFwd64Go(m-r, n, x[r*ldx:], ldx, mt, ldm, t)
	}
}

func trsmRowsBwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	r := 0
	if useAVX512 && trsmPairs {
		for ; r+8 <= m; r += 8 {
			trsmBwd8x2AVX512(n, &x[r*ldx], ldx, &mt[0], ldm, &t[0])
		}
	}
	if useAVX2 {
		for ; r+8 <= m; r += 8 {
			trsmBwd8AVX2(n, &x[r*ldx], ldx, &mt[0], ldm, &t[0])
		}
	}
	if r < m {
		trsmRowsBwd64Go(m-r, n, x[r*ldx:], ldx, mt, ldm, t)
	}
}
