package core

import (
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Block tri-diagonal NGD: G keeps the Fisher blocks F_{ll'} = J_lᵀΛ̃J_{l'} with |l−l'| ≤ 1,
// i.e. G = Ĵᵀ(T⊗Λ̃)Ĵ with Ĵ = blockdiag(J_l) and T the L×L tri-diagonal matrix of ones.
// Since ∇ℒ = Ĵᵀ(1⊗r̃), the push-through identity gives
//
//	((T⊗Λ̃)·blockdiag(Θ_1..Θ_L) + ρI) v = 1⊗r̃,   d_l = −J_lᵀ v_l,
//
// one (L·N·C)² non-symmetric system (block (l,l') = T_{ll'}Λ̃Θ_{l'}), solved by pivoted LU.
// G is indefinite (T has negative eigenvalues), so the direction need not descend; the
// trainer rejects a non-positive η*. T is singular when L ≡ 2 (mod 3): there ρ > 0 is
// required (New refuses ρ = 0). With ρ → 0, v_l = c_l Θ_l⁻¹ r̃ with c = T⁻¹1 and
// α = 1ᵀT⁻¹1 (1, –, 1, 2, –, 2, 3, … for L = 1, 2, 3, …); for L = 3 only the middle layer moves.
type triDiag struct {
	t         *Trainer
	alph      float64   // 1ᵀT⁻¹1
	theta     []float64 // Θ_l, (Cap·C)²
	lt        []float64 // Λ̃Θ_l when Λ̃ is not a multiple of I, (Cap·C)²
	big       []float64 // the (L·Cap·C)² system
	bigV, piv []float64 // its right-hand side / solution and pivots
}

// triDiagDamping is the default ρ of tri-diagonal NGD. Its Fisher is indefinite; with
// ρ = 1e-3 the steps fit each batch and the model drifts (Seattle R² −15.8 for seed 2), with
// 1e-2 it trains (0.989, 0.989, 0.985 for seeds 1–3).
const triDiagDamping = 1e-2

func newTriDiag(t *Trainer) (fisherMethod, error) {
	L := t.spec.Layers()
	if L%3 == 2 && t.cfg.Damping == 0 {
		return nil, fmt.Errorf("%w: tridiag with %d layers: the tri-diagonal coupling matrix T is singular "+
			"when the number of layers is 2, 5, 8, … (L ≡ 2 mod 3); use Damping > 0 or another depth",
			ErrConfig, L)
	}
	return &triDiag{t: t, alph: triDiagAlpha(L)}, nil
}

func (d *triDiag) carve(c fixedbuf.Carver) {
	L := d.t.spec.Layers()
	m := d.t.dualSize()
	d.theta = c.F64(m * m)
	d.lt = c.F64(m * m)
	d.big = c.F64(L * m * L * m)
	d.bigV = c.F64(L * m)
	d.piv = c.F64(L * m)
}

func (d *triDiag) alpha() float64 { return d.alph }

func (d *triDiag) plan() string {
	return fmt.Sprintf("one pivoted-LU dual system of %d (T⊗I coupling)", d.t.spec.Layers()*d.t.dualSize())
}

// triDiagAlpha returns 1ᵀT⁻¹1 for the L×L tri-diagonal matrix of ones T, computed by a
// pivoted LU, or NaN when T is singular (L ≡ 2 mod 3). It allocates.
func triDiagAlpha(L int) float64 {
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
	if !lapack.Dgetrf(L, a, L, piv) {
		return math.NaN()
	}
	// Exact singularity shows up as a pivot at rounding level.
	for i := 0; i < L; i++ {
		if math.Abs(a[i*L+i]) < 1e-12 {
			return math.NaN()
		}
	}
	lapack.Dgetrs(L, a, L, piv, c)
	var s float64
	for _, v := range c {
		s += v
	}
	return s
}

// direction writes d = −(G_BTD+ρI)⁻¹∇ℒ into t.dir.
func (d *triDiag) direction() bool {
	t := d.t
	ws := t.ws
	ws.Signals(t.net)
	L := t.spec.Layers()
	m := ws.Rows * t.spec.Outputs()
	N := L * m
	A := d.big[:N*N]
	for i := range A {
		A[i] = 0
	}
	th := d.theta[:m*m]
	for lp := 1; lp <= L; lp++ {
		ws.LayerNTK(lp, th, m)
		src := th
		if !t.lamScal {
			src = d.lt[:m*m]
			t.lamTimes(src, th, m)
		}
		for l := max(1, lp-1); l <= min(L, lp+1); l++ {
			for a := 0; a < m; a++ {
				o := ((l-1)*m+a)*N + (lp-1)*m
				copy(A[o:o+m], src[a*m:(a+1)*m])
			}
		}
	}
	v := d.bigV[:N]
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
	if !lapack.Dgetrf(N, A, N, d.piv) {
		return false
	}
	lapack.Dgetrs(N, A, N, d.piv, v)
	if !finite64(v) {
		return false
	}
	for l := 1; l <= L; l++ {
		t.vjpLayer(l, v[(l-1)*m:l*m])
	}
	return true
}
