//go:build !purego && !noasm

package simd

// trsmFwd8AVX2 and trsmBwd8AVX2 (trsm64_amd64.s) run TrsmRowsFwd64 and TrsmRowsBwd64 on
// eight rows of x; strides are in elements.
//
//go:noescape
func trsmFwd8AVX2(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)

//go:noescape
func trsmBwd8AVX2(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)

func trsmRowsFwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	r := 0
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
	if useAVX2 {
		for ; r+8 <= m; r += 8 {
			trsmBwd8AVX2(n, &x[r*ldx], ldx, &mt[0], ldm, &t[0])
		}
	}
	if r < m {
		trsmRowsBwd64Go(m-r, n, x[r*ldx:], ldx, mt, ldm, t)
	}
}
