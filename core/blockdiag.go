package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Layer-wise block-diagonal NGD: G = blockdiag_l(F_ll) with F_ll = J_lᵀΛ̃J_l. By the
// push-through identity each layer is one dual solve,
//
//	(Λ̃Θ_l + ρI) v_l = r̃,   d_l = −J_lᵀ v_l,
//
// with Θ_l = J_lJ_lᵀ the layer NTK. With ρ → 0 and every Θ_l invertible the function-space
// step is K = Σ_l Θ_lΘ_l⁻¹ = L·I, so α = L.
type blockDiag struct {
	t     *Trainer
	theta []float64 // Θ_l, (Cap·C)²
	ds    dualSys
	v     []float64
}

func newBlockDiag(t *Trainer) (fisherMethod, error) { return &blockDiag{t: t}, nil }

func (b *blockDiag) carve(c fixedbuf.Carver) {
	m := b.t.dualSize()
	b.theta = c.F64(m * m)
	b.ds.carve(c, m)
	b.v = c.F64(m)
}

func (b *blockDiag) alpha() float64 { return float64(b.t.spec.Layers()) }

func (b *blockDiag) plan() string {
	return fmt.Sprintf("%d dual systems of %d (one per layer)", b.t.spec.Layers(), b.t.dualSize())
}

// direction writes d = −(G_BD+ρI)⁻¹∇ℒ into t.dir.
func (b *blockDiag) direction() bool {
	t := b.t
	ws := t.ws
	ws.Signals(t.net)
	m := ws.Rows * t.spec.Outputs()
	th := b.theta[:m*m]
	for l := 1; l <= t.spec.Layers(); l++ {
		ws.LayerNTK(l, th, m)
		if !t.solveDual(&b.ds, th, m, b.v) {
			return false
		}
		t.vjpLayer(l, b.v)
	}
	return true
}
