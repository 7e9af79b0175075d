//go:build !purego && !noasm

package simd

// mul6x8AVX2 is mul6x8Go in AVX2+FMA assembly (mul6x8_amd64.s).
//
//go:noescape
func mul6x8AVX2(t *float64, trs, tps int, x *float64)

func mul6x8(t []float64, trs, tps int, x []float64) {
	if useAVX2 {
		mul6x8AVX2(&t[0], trs, tps, &x[0])
		return
	}
	mul6x8Go(t, trs, tps, x)
}
