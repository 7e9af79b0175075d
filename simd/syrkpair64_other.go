//go:build purego || noasm || !amd64

package simd

func syrkLowerPair64(n int, alpha float64, z1, z2 []float64, ldz int, c []float64, ldc int) {
	syrkLowerPair64Go(n, alpha, z1, z2, ldz, c, ldc)
}
