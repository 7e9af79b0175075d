//go:build !purego && !noasm

package simd

// syrkLowerPair64AVX2 (syrkpair64_amd64.s) runs syrkLowerPair64Go for n a positive
// multiple of 8; strides in elements.
//
//go:noescape
func syrkLowerPair64AVX2(n int, alpha float64, z1, z2 *float64, ldz int, c *float64, ldc int)

func syrkLowerPair64(n int, alpha float64, z1, z2 []float64, ldz int, c []float64, ldc int) {
	if useAVX2 && n%8 == 0 {
		syrkLowerPair64AVX2(n, alpha, &z1[0], &z2[0], ldz, &c[0], ldc)
		return
	}
	syrkLowerPair64Go(n, alpha, z1, z2, ldz, c, ldc)
}
