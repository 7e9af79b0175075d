package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// SGD with momentum μ (Config.Momentum):
//
//	v ← μv + ∇ℒ,   θ ← θ − ηv,
//
// from zero velocity, so the first step is −η∇ℒ and μ = 0 is plain gradient descent.
type sgd struct {
	t    *Trainer
	v    []float32 // velocity
	back []float32 // velocity before the step
}

// sgdLR is the default learning rate of SGD.
const sgdLR = 0.05

func newSGD(t *Trainer) (firstOrderMethod, error) {
	if mu := t.cfg.Momentum; !(mu >= 0 && mu < 1) {
		return nil, fmt.Errorf("%w: momentum must be in [0, 1), got %g", ErrConfig, mu)
	}
	return &sgd{t: t}, nil
}

func (s *sgd) carve(c fixedbuf.Carver) {
	P := s.t.spec.Params()
	s.v = c.F32(P)
	s.back = c.F32(P)
}

func (s *sgd) plan() string { return fmt.Sprintf("momentum %g", s.t.cfg.Momentum) }

// save has nothing to do: update keeps the velocity it replaces in back, in the same pass.
func (s *sgd) save()    {}
func (s *sgd) restore() { copy(s.v, s.back) }

// update runs v ← μv + g, θ ← θ − ηv in one pass (simd.MomentumStep), which also keeps the
// old velocity in back and checks that the new parameters and velocity are finite.
func (s *sgd) update(lr float64) bool {
	return simd.MomentumStep(s.t.net.Params, s.t.dir, s.v, s.back, float32(s.t.cfg.Momentum), float32(lr))
}
