package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Layer-wise block-diagonal NGD: G = blockdiag_l(F_ll) with F_ll = J_lᵀΛ̃J_l. By the
// push-through identity each layer is one dual solve,
//
//	(Λ̃Θ_l + ρI) v_l = r̃,   d_l = −J_lᵀ v_l,
//
// with Θ_l = J_lJ_lᵀ the layer NTK. With ρ → 0 and every Θ_l invertible the function-space
// step is K = Σ_l Θ_lΘ_l⁻¹ = L·I, so α = L.
//
// The output layer's signals are unit vectors, so Θ_L = K_{L-1} ⊗ I_C with K_{L-1} the
// N×N input Gram of that layer; it is written from K directly (outputNTK). When Λ̃ = λI
// (plain MSE) its system factors as (K ⊗ I + (ρ/λ)I)⁻¹ = (K + (ρ/λ)I)⁻¹ ⊗ I: one N² Cholesky
// solved for the C columns of the residual instead of an (N·C)² one. Otherwise (cross-
// entropy, sample weights) Λ̃ mixes the outputs and the general (N·C)² system is solved.
type blockDiag struct {
	t     *Trainer
	theta []float64 // Θ_l, (Cap·C)²
	ds    dualSys
	v     []float64
	k     []float64 // Cap²: K_{L-1}, then K + (ρ/λ)I factored
	col   []float64 // Cap: one output column
}

func newBlockDiag(t *Trainer) (fisherMethod, error) { return &blockDiag{t: t}, nil }

func (b *blockDiag) carve(c fixedbuf.Carver) {
	m := b.t.dualSize()
	b.theta = c.F64(m * m)
	b.ds.carve(c, m)
	b.v = c.F64(m)
	b.k = c.F64(b.t.cap * b.t.cap)
	b.col = c.F64(b.t.cap)
}

func (b *blockDiag) alpha() float64 { return float64(b.t.spec.Layers()) }

func (b *blockDiag) plan() string {
	return fmt.Sprintf("%d dual systems of %d (one per layer; the output layer's of %d with plain MSE)",
		b.t.spec.Layers(), b.t.dualSize(), b.t.cap)
}

// direction writes d = −(G_BD+ρI)⁻¹∇ℒ into t.dir.
func (b *blockDiag) direction() bool {
	t := b.t
	ws := t.ws
	ws.Signals(t.net)
	L := t.spec.Layers()
	m := ws.Rows * t.spec.Outputs()
	th := b.theta[:m*m]
	for l := 1; l <= L; l++ {
		if l == L && t.lamScal {
			if !b.outputMSE() {
				return false
			}
		} else {
			if l == L {
				t.outputNTK(th, m, b.k, false)
			} else {
				ws.LayerNTK(l, th, m)
			}
			if !t.solveDual(&b.ds, th, m, b.v) {
				return false
			}
		}
		t.vjpLayer(l, b.v)
	}
	return true
}

// outputMSE solves the output layer's (K⊗I + (ρ/λ)I) v = e as (K + (ρ/λ)I)⁻¹ applied to
// each output column of e, into b.v.
func (b *blockDiag) outputMSE() bool {
	t := b.t
	ws := t.ws
	n, C := ws.Rows, t.spec.Outputs()
	k := b.k[:n*n]
	ws.InputGram(t.spec.Layers(), k, n)
	s := t.damping / t.lamScale
	for a := 0; a < n; a++ {
		k[a*n+a] += s
	}
	if !lapack.Dpotrf(n, k, n) {
		return false
	}
	col, v := b.col[:n], b.v[:n*C]
	for c := 0; c < C; c++ {
		for a := 0; a < n; a++ {
			col[a] = float64(ws.R.Data[a*C+c])
		}
		lapack.Dpotrs(n, k, n, col)
		for a := 0; a < n; a++ {
			v[a*C+c] = col[a]
		}
	}
	return finite64(v)
}
