package core

import "math"

// firstOrder applies SGD with momentum or Adam from the gradient in t.dir.
func (t *Trainer) firstOrder() {
	p := t.net.Params
	g := t.dir
	lr := t.cfg.LR
	switch t.cfg.Method {
	case SGD:
		// v ← μv + g; θ ← θ − ηv (from zero velocity the first step is −η∇ℒ).
		mu := float32(t.cfg.Momentum)
		f := float32(lr)
		v := t.state
		for i, gi := range g {
			v[i] = mu*v[i] + gi
			p[i] -= f * v[i]
		}
	case Adam:
		t.adamT++
		b1, b2 := t.cfg.Beta1, t.cfg.Beta2
		c1 := 1 - math.Pow(b1, float64(t.adamT))
		c2 := 1 - math.Pow(b2, float64(t.adamT))
		step := float32(lr / c1)
		sc2 := float32(1 / math.Sqrt(c2))
		eps := float32(t.cfg.Eps)
		fb1, fb2 := float32(b1), float32(b2)
		m, v := t.state[:len(p)], t.state[len(p):]
		for i, gi := range g {
			m[i] = fb1*m[i] + (1-fb1)*gi
			v[i] = fb2*v[i] + (1-fb2)*gi*gi
			p[i] -= step * m[i] / (float32(math.Sqrt(float64(v[i])))*sc2 + eps)
		}
	}
}
