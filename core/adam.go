package core

import (
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/fixedbuf"
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

func (a *adam) save() {
	copy(a.back, a.mv)
	a.kBack = a.k
}

func (a *adam) restore() {
	copy(a.mv, a.back)
	a.k = a.kBack
}

func (a *adam) update(lr float64) {
	p, g := a.t.net.Params, a.t.dir
	cfg := &a.t.cfg
	a.k++
	b1, b2 := cfg.Beta1, cfg.Beta2
	c1 := 1 - math.Pow(b1, float64(a.k))
	c2 := 1 - math.Pow(b2, float64(a.k))
	step := float32(lr / c1)
	sc2 := float32(1 / math.Sqrt(c2))
	eps := float32(cfg.Eps)
	fb1, fb2 := float32(b1), float32(b2)
	m, v := a.mv[:len(p)], a.mv[len(p):]
	for i, gi := range g {
		m[i] = fb1*m[i] + (1-fb1)*gi
		v[i] = fb2*v[i] + (1-fb2)*gi*gi
		p[i] -= step * m[i] / (float32(math.Sqrt(float64(v[i])))*sc2 + eps)
	}
}
