package simd

// SyrkLowerPair64 sets C (n×n, stride ldc) to the symmetric alpha·(Z1ᵀZ1 + Z2ᵀZ2) for
// lower-triangular Z1 and Z2 (n×n, stride ldz; the entries above their diagonals are zero
// in memory and skipped): C[i,j] for j ≤ i sums Z1[p,i]·Z1[p,j] over p ≥ i, then
// Z2[p,i]·Z2[p,j] over the same p, one sum per entry, scaled once by alpha, and C[j,i]
// gets the same value. C's previous values are not read. It is the sum of two inverses
// L⁻ᵀL⁻¹ given Z = L⁻¹, without GemmRMLower64's clear of C, second pass over it and the
// mirroring afterwards. On amd64 with AVX2 and n a multiple of 8 it runs
// GemmRMLower64's 4×8 blocks with both matrices' terms in one set of sums and stores
// each block and its transpose. syrkLowerPair64Go is the specification.
func SyrkLowerPair64(n int, alpha float64, z1, z2 []float64, ldz int, c []float64, ldc int) {
	if n < 0 {
		panic("simd: negative dimension")
	}
	if n == 0 {
		return
	}
	checkMat(n, n, ldz, len(z1))
	checkMat(n, n, ldz, len(z2))
	checkMat(n, n, ldc, len(c))
	syrkLowerPair64(n, alpha, z1, z2, ldz, c, ldc)
}

// syrkLowerPair64Go is the specification of SyrkLowerPair64.
func syrkLowerPair64Go(n int, alpha float64, z1, z2 []float64, ldz int, c []float64, ldc int) {
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for p := i; p < n; p++ {
				s += z1[p*ldz+i] * z1[p*ldz+j]
			}
			for p := i; p < n; p++ {
				s += z2[p*ldz+i] * z2[p*ldz+j]
			}
			c[i*ldc+j] = alpha * s
			c[j*ldc+i] = alpha * s
		}
	}
}
