package core

import (
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Adam with decay rates β1, β2 and ε (Config.Beta1, Beta2, Eps), at step k = 1, 2, …:
//
//	m ← β1·m + (1−β1)∇ℒ,   v ← β2·v + (1−β2)(∇ℒ)²,
//	θ ← θ − η·(m/(1−β1ᵏ)) / (√(v/(1−β2ᵏ)) + ε).
type adam struct {
	t     *Trainer
	mv    []float32 // m then v, 2P
	back  []float32 // m and v before the step
	k     int       // steps taken
	kBack int
}

// adamLR is the default learning rate of Adam.
const adamLR = 3e-3

func newAdam(t *Trainer) (firstOrderMethod, error) {
	c := &t.cfg
	if !(c.Beta1 > 0 && c.Beta1 < 1 && c.Beta2 > 0 && c.Beta2 < 1 && c.Eps > 0) || math.IsInf(c.Eps, 0) {
		return nil, fmt.Errorf("%w: Adam needs β1 and β2 in (0, 1) and a finite ε > 0", ErrConfig)
	}
	return &adam{t: t}, nil
}

func (a *adam) carve(c fixedbuf.Carver) {
	P := a.t.spec.Params()
	a.mv = c.F32(2 * P)
	a.back = c.F32(2 * P)
}

func (a *adam) plan() string {
	return fmt.Sprintf("β1 %g, β2 %g, ε %g", a.t.cfg.Beta1, a.t.cfg.Beta2, a.t.cfg.Eps)
}

// save keeps the step count; update keeps the moments it replaces in back, in the same pass.
func (a *adam) save() { a.kBack = a.k }

func (a *adam) restore() {
	copy(a.mv, a.back)
	a.k = a.kBack
}

// update runs the Adam step in one pass (simd.AdamStep), which also keeps the old moments
// in back and checks that the new parameters and moments are finite.
func (a *adam) update(lr float64) bool {
	p := a.t.net.Params
	cfg := &a.t.cfg
	a.k++
	c1 := 1 - math.Pow(cfg.Beta1, float64(a.k))
	c2 := 1 - math.Pow(cfg.Beta2, float64(a.k))
	P := len(p)
	m, v := a.mv[:P], a.mv[P:2*P]
	return simd.AdamStep(p, a.t.dir, m, v, a.back[:P], a.back[P:2*P], float32(cfg.Beta1), float32(cfg.Beta2),
		float32(lr/c1), float32(1/math.Sqrt(c2)), float32(cfg.Eps))
}
