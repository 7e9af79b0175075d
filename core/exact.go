package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Exact NGD, dual form: G = F = JᵀΛ̃J, and by the push-through identity
//
//	(Λ̃Θ + ρI) v = r̃,   d = −Jᵀv,   Θ = JJᵀ = Σ_l Θ_l,
//
// one (N·C)² system. With ρ → 0 the function-space step is J·d = −Θ(Λ̃Θ)⁻¹r̃ = −Λ̃⁻¹r̃, the
// Gauss–Newton step on the outputs, so α = 1.
type exact struct {
	t     *Trainer
	theta []float64 // Θ = Σ_l Θ_l, (Cap·C)²
	ds    dualSys   // its sys doubles as the scratch of one Θ_l while Θ is summed
	v     []float64 // dual vector
}

func newExact(t *Trainer) (fisherMethod, error) { return &exact{t: t}, nil }

func (e *exact) carve(c fixedbuf.Carver) {
	m := e.t.dualSize()
	e.theta = c.F64(m * m)
	e.ds.carve(c, m)
	e.v = c.F64(m)
}

func (e *exact) alpha() float64 { return 1 }

func (e *exact) plan() string {
	return fmt.Sprintf("one dual system of %d", e.t.dualSize())
}

// direction solves (Λ̃Θ + ρI) v = r̃ with Θ = Σ_l Θ_l and sets d_l = −J_lᵀ v.
func (e *exact) direction() bool {
	t := e.t
	ws := t.ws
	ws.Signals(t.net)
	m := ws.Rows * t.spec.Outputs()
	th := e.theta[:m*m]
	for l := 1; l <= t.spec.Layers(); l++ {
		if l == 1 {
			ws.LayerNTK(l, th, m)
			continue
		}
		ws.LayerNTK(l, e.ds.sys, m)
		for i, v := range e.ds.sys[:m*m] {
			th[i] += v
		}
	}
	if !t.solveDual(&e.ds, th, m, e.v) {
		return false
	}
	t.vjpAll(e.v)
	return true
}
