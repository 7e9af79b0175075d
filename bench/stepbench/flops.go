package stepbench

import "github.com/edgetrain/edgetrain/core"

// Flops returns the model flop count of one training step of method m at configuration
// c, counting a multiply-add as two flops. Both benchmark paths divide it by the measured
// step time to print GFLOP/s.
//
// The model is the method's defining computation written out densely on the shapes, as
// the core package documents it, not a trace of the code: N rows, widths M_0..M_L,
// a_l = M_{l-1}+1 inputs per unit with the bias, m = N·C dual rows.
//
//   - A forward pass costs F = 2·N·Σ_l M_{l-1}·M_l; the gradient of a first-order step
//     another 2F (signals and weight gradient); SGD and Adam add their O(P) updates.
//   - An NGD step runs the forward pass, C backward passes for the per-output signals
//     (C·F), the product d = −Jᵀv (2F) and the forward pass of the linearized check
//     (F); on top:
//   - exact: the layers' input Grams N²·a_l and signal Grams m²·M_l (lower triangles,
//     summed into Θ), one Cholesky m³/3 and its solve 2m².
//   - blockdiag: the same Grams and one Cholesky and solve per layer.
//   - tridiag: the same Grams and the pivoted LU of the (L·m)-sided system, 2(Lm)³/3,
//     with its solve 2(Lm)².
//   - unitwise: per unit the cheaper of the primal block (Gram N·a_l², Cholesky a_l³/3,
//     solve 2a_l²) and the dual system (m² to form from the layer's Grams, Cholesky m³/3,
//     solve 2m²).
//   - kfac: per layer the factors A (N·a_l²) and B (N·M_l², except the output layer
//     under MSE), their Choleskys (a_l³/3 + M_l³/3) and the two-sided solve of the
//     gradient (2·a_l²·M_l + 2·M_l²·a_l).
//
// Algorithms that exploit more structure than the dense form do fewer flops than the
// model counts; their GFLOP/s is then effective (it can exceed the machine's peak), which
// is what makes rows of one method comparable across builds.
func Flops(m core.Method, c Config) float64 {
	w := c.Spec().Widths
	L := len(w) - 1
	N, C := float64(c.Batch), float64(w[L])
	md := N * C
	var fwd, params float64
	for l := 1; l <= L; l++ {
		fwd += 2 * N * float64(w[l-1]) * float64(w[l])
		params += float64(w[l]) * float64(w[l-1]+1)
	}
	grams := func() float64 {
		var s float64
		for l := 1; l <= L; l++ {
			s += N*N*float64(w[l-1]+1) + md*md*float64(w[l])
		}
		return s
	}
	cube := func(x float64) float64 { return x * x * x }
	ngd := fwd*(1+C+2+1) + 2*params
	switch m {
	case core.SGD:
		return 3*fwd + 4*params
	case core.Adam:
		return 3*fwd + 12*params
	case core.Exact:
		return ngd + grams() + cube(md)/3 + 2*md*md
	case core.BlockDiag:
		return ngd + grams() + float64(L)*(cube(md)/3+2*md*md)
	case core.TriDiag:
		big := float64(L) * md
		return ngd + grams() + 2*cube(big)/3 + 2*big*big
	case core.UnitWise:
		s := ngd
		for l := 1; l <= L; l++ {
			a := float64(w[l-1] + 1)
			primal := N*a*a + cube(a)/3 + 2*a*a
			dual := md*md + cube(md)/3 + 2*md*md
			s += float64(w[l]) * min(primal, dual)
		}
		return s
	case core.KFAC:
		s := ngd
		for l := 1; l <= L; l++ {
			a, o := float64(w[l-1]+1), float64(w[l])
			s += N*a*a + cube(a)/3 + 2*a*a*o + 2*o*o*a
			if l < L {
				s += N*o*o + cube(o)/3
			}
		}
		return s
	}
	return 0
}
