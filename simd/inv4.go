package simd

// InvLower4 returns the elements below the diagonal of X = L⁻¹ for the 4×4 lower triangle L
// with elements l_rp below the diagonal and reciprocal diagonal i_rr = 1/l_rr:
//
//	X[r][r] = i_rr,  X[r][q] = −(Σ_{q≤p<r} l_rp·X[p][q])·i_rr  (q < r).
//
// It is the one formula of the 4×4 diagonal-block inverses that the small solvers cache
// (core/internal/lapack and the Go twins of PosvPanels64 and GetrfStatic64); the assembly
// kernels form the same products in the same order.
func InvLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, i33 float64) (x10, x20, x21, x30, x31, x32 float64) {
	x10 = -l10 * i00 * i11
	x21 = -l21 * i11 * i22
	x32 = -l32 * i22 * i33
	// each product rounded before it is added (float64 conversions: no fused multiply-add
	// on any architecture), as the assembly kernels do
	x20 = -(float64(l20*i00) + float64(l21*x10)) * i22
	x31 = -(float64(l31*i11) + float64(l32*x21)) * i33
	x30 = -(float64(l30*i00) + float64(l31*x10) + float64(l32*x20)) * i33
	return
}
