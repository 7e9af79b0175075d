//go:build purego || noasm || !amd64

package simd

// strip6x8T runs the product through the path's micro-kernel (NEON on arm64) and the
// multiplication by T in Go.
func strip6x8T(g, k int, alpha float64, a []float64, ars, aps int, b []float64, brs int, c []float64, ldc int, t []float64, lower bool) {
	for q := 0; q < g; q++ {
		strip6x8TVia(k, alpha, a[min(6*q*ars, len(a)):], ars, aps, b, brs, c[6*q*ldc:], ldc, t, lower)
	}
}

func strip6x8TAsm() bool { return false }
