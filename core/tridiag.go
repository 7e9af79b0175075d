package core

import (
	"math"

	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Block tri-diagonal NGD (DESIGN.md §5, PAPER.md §3.2): G keeps the Fisher blocks
// F_{ll'} = J_lᵀΛ̃J_{l'} with |l−l'| ≤ 1, i.e. G = Ĵᵀ(T⊗Λ̃)Ĵ with Ĵ = blockdiag(J_l) and T the
// L×L tri-diagonal matrix of ones. Since ∇ℒ = Ĵᵀ(1⊗r̃), the push-through identity gives
//
//	((T⊗Λ̃)·blockdiag(Θ_1..Θ_L) + ρI) v = 1⊗r̃,   d_l = −J_lᵀ v_l,
//
// one (L·N·C)² non-symmetric system (block (l,l') = T_{ll'}Λ̃Θ_{l'}), solved by pivoted LU.
// G is indefinite (T has negative eigenvalues), so the direction need not descend; the
// trainer rejects a non-positive η*. T is singular when L ≡ 2 (mod 3): there ρ > 0 is
// required (checkMethod refuses ρ = 0). With ρ → 0, v_l = c_l Θ_l⁻¹ r̃ with c = T⁻¹1 and
// α = 1ᵀT⁻¹1 (1, –, 1, 2, –, 2, 3, … for L = 1, 2, 3, …); for L = 3 only the middle layer moves.

func (t *Trainer) carveTriDiag(c fixedbuf.Carver) {
	L := t.spec.Layers()
	m := t.cap * t.spec.Outputs()
	t.theta = c.F64(m * m)
	t.sys = c.F64(m * m) // Λ̃Θ_l when Λ̃ is not a multiple of I
	t.m.big = c.F64(L * m * L * m)
	t.m.bigV = c.F64(L * m)
	t.m.bigPiv = c.F64(L * m)
	t.m.alpha = TriDiagAlpha(L)
}

// TriDiagAlpha returns 1ᵀT⁻¹1 for the L×L tri-diagonal matrix of ones T, computed by a
// pivoted LU, or NaN when T is singular (L ≡ 2 mod 3). It allocates.
func TriDiagAlpha(L int) float64 {
	if L < 1 {
		return math.NaN()
	}
	a := make([]float64, L*L)
	piv := make([]float64, L)
	c := make([]float64, L)
	for i := 0; i < L; i++ {
		for j := max(0, i-1); j <= min(L-1, i+1); j++ {
			a[i*L+j] = 1
		}
		c[i] = 1
	}
	if !Dgetrf(L, a, L, piv) {
		return math.NaN()
	}
	// Exact singularity shows up as a pivot at rounding level.
	for i := 0; i < L; i++ {
		if math.Abs(a[i*L+i]) < 1e-12 {
			return math.NaN()
		}
	}
	Dgetrs(L, a, L, piv, c)
	var s float64
	for _, v := range c {
		s += v
	}
	return s
}

// triDiagDirection writes d = −(G_BTD+ρI)⁻¹∇ℒ into t.dir.
func (t *Trainer) triDiagDirection() bool {
	ws := t.ws
	ws.Signals(t.net)
	n, C, L := ws.Rows, t.spec.Outputs(), t.spec.Layers()
	m := n * C
	N := L * m
	A := t.m.big[:N*N]
	for i := range A {
		A[i] = 0
	}
	th := t.theta[:m*m]
	for lp := 1; lp <= L; lp++ {
		ws.LayerNTK(lp, th, m)
		src := th
		if !t.lamScal {
			lt := t.sys[:m*m]
			for i := 0; i < n; i++ {
				blk := t.lam[i*C*C : (i+1)*C*C]
				for a := 0; a < C; a++ {
					row := lt[(i*C+a)*m : (i*C+a+1)*m]
					for b := range row {
						var s float64
						for k := 0; k < C; k++ {
							s += blk[a*C+k] * th[(i*C+k)*m+b]
						}
						row[b] = s
					}
				}
			}
			src = lt
		}
		for l := max(1, lp-1); l <= min(L, lp+1); l++ {
			for a := 0; a < m; a++ {
				o := ((l-1)*m+a)*N + (lp-1)*m
				copy(A[o:o+m], src[a*m:(a+1)*m])
			}
		}
	}
	v := t.m.bigV[:N]
	shift := t.damping
	if t.lamScal {
		// divide every row by λ: (T⊗I)Θ + (ρ/λ)I, right-hand side 1⊗e
		shift /= t.lamScale
		for a := 0; a < m; a++ {
			v[a] = float64(ws.R.Data[a])
		}
	} else {
		copy(v[:m], t.rt[:m])
	}
	for l := 1; l < L; l++ {
		copy(v[l*m:(l+1)*m], v[:m])
	}
	for i := 0; i < N; i++ {
		A[i*N+i] += shift
	}
	if !Dgetrf(N, A, N, t.m.bigPiv) {
		return false
	}
	Dgetrs(N, A, N, t.m.bigPiv, v)
	if !finite64(v) {
		return false
	}
	for l := 1; l <= L; l++ {
		t.vjpLayer(l, v[(l-1)*m:l*m])
	}
	return true
}
