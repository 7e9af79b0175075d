package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Exact NGD, dual form: G = F = JᵀΛ̃J, and by the push-through identity
//
//	(Λ̃Θ + ρI) v = r̃,   d = −Jᵀv,   Θ = JJᵀ = Σ_l Θ_l,
//
// one (N·C)² system. Θ is summed in place (Workspace.LayerNTKAdd), the output layer's
// K_{L-1}⊗I_C written from its input Gram (outputNTK), and J·d = −Θv comes with the solve. With ρ → 0 the function-space step is J·d = −Θ(Λ̃Θ)⁻¹r̃ = −Λ̃⁻¹r̃, the
// Gauss–Newton step on the outputs, so α = 1.
type exact struct {
	t     *Trainer
	theta []float64 // Θ = Σ_l Θ_l, (Cap·C)²; with Λ̃ = λI its lower triangle, then factored in place
	ds    dualSys   // its sys doubles as the scratch of one Θ_l while Θ is summed
	v     []float64 // dual vector
	md    mixedDual
	nt    []float64 // with one output, ds.sys as the scratch of the fused NTK kernels
}

func newExact(t *Trainer) (fisherMethod, error) { return &exact{t: t}, nil }

func (e *exact) carve(c fixedbuf.Carver) {
	m := e.t.dualSize()
	e.theta = c.F64(m * m)
	e.nt = e.ds.carveNTK(c, e.t)
	e.v = c.F64(m)
	e.md.carve(c, e.t)
}

func (e *exact) alpha() float64 { return 1 }

func (e *exact) plan() string {
	return fmt.Sprintf("one dual system of %d", e.t.dualSize())
}

// direction solves (Λ̃Θ + ρI) v = r̃ with Θ = Σ_l Θ_l and sets d_l = −J_lᵀ v.
func (e *exact) direction() bool {
	t := e.t
	ws := t.ws
	m := ws.Rows * t.spec.Outputs()
	th := e.theta[:m*m]
	L := t.spec.Layers()
	if t.useMixed(&e.md, m) && e.directionMixed() {
		return true
	}
	if t.lamScal {
		return e.directionScalar()
	}
	for l := 1; l < L; l++ {
		var scratch []float64 // the factor's buffer is free until the solve
		if l > 1 {
			scratch = e.ds.sys
		}
		ws.LayerNTKAdd(l, th, m, scratch)
	}
	t.outputNTK(th, m, e.ds.sys, L > 1)
	if !t.solveDual(&e.ds, th, m, e.v) {
		return false
	}
	t.vjpAll(e.v)
	// J·d = −JJᵀv = −Θv
	clear(t.jd[:m])
	negThetaTimes(t.jd, th, m, e.v, m)
	t.jdReady = true
	return true
}

// carveNTK carves the dual system's buffers and, when the network has one output, returns
// the system's buffer as the scratch of the fused NTK kernels
// (tinynet.Workspace.LayerNTKLowerOne), made larger than the full-batch system when
// they need more; nil otherwise.
func (ds *dualSys) carveNTK(c fixedbuf.Carver, t *Trainer) []float64 {
	m := t.dualSize()
	if t.spec.Outputs() != 1 {
		ds.carve(c, m)
		return nil
	}
	ds.sys = c.F64(max(m*m, 2*t.spec.MaxWidth()*simd.TransStride(t.cap)))
	ds.piv = c.F64(m)
	return ds.sys
}

// formsTheta: directionScalar forms the whole Θ before its solve (see thetaScaler).
func (e *exact) formsTheta() bool {
	t := e.t
	return t.lamScal && !t.useMixed(&e.md, t.ws.Rows*t.spec.Outputs())
}

// directionScalar is direction for Λ̃ = λI (plain MSE). The system is then
// λ(Θ + (ρ/λ)I) v = r̃, symmetric positive definite, and only its Cholesky factorization
// reads Θ: the sum is formed in the lower triangle only (no Gram is mirrored) and factored
// in place, with no copy. J·d needs no product with Θ either: Θv = r̃/λ − (ρ/λ)v, so
// J·d = −Θv = (ρ/λ)v − r̃/λ.
func (e *exact) directionScalar() bool {
	t := e.t
	ws := t.ws
	L := t.spec.Layers()
	m := ws.Rows * t.spec.Outputs()
	th := e.theta[:m*m]
	if len(e.nt) > 0 {
		// one output: each Θ_l through the fused kernel (the first one written, not added:
		// no clearing pass), and Θ_L = K_{L-1}
		for l := 1; l < L; l++ {
			ws.LayerNTKLowerOne(l, th, m, e.nt, l > 1)
		}
		ws.InputGramLowerT(L, th, m, e.nt, L > 1)
	} else {
		for a := 0; a < m; a++ {
			clear(th[a*m : a*m+a+1])
		}
		for l := 1; l < L; l++ {
			ws.LayerNTKAddLower(l, th, m, e.ds.sys, e.v) // v is free until the solve
		}
		t.outputNTKAddLower(th, m, e.ds.sys)
	}
	if t.dampingPending {
		// tr(Λ̃Θ)/C = λ·tr(Θ)/C, what fisherScale computes from the signals
		var tr float64
		for a := 0; a < m; a++ {
			tr += th[a*m+a]
		}
		t.setDampingScale(t.lamScale * tr / float64(t.spec.Outputs()))
	}
	v := e.v[:m]
	clear(t.jd[:m])
	if !t.solveScalarLower(th, m, v, e.ds.sys) { // the system's buffer is free: its scratch
		return false
	}
	t.vjpAll(v)
	t.jdReady = true
	return true
}

// directionMixed is direction through the mixed-precision solve (dualmixed.go); false
// means the float32 factor failed or refinement stalled, and the float64 path runs.
func (e *exact) directionMixed() bool {
	t := e.t
	md := &e.md
	L := t.spec.Layers()
	m := t.ws.Rows * t.spec.Outputs()
	md.inputGrams(t, 1, L)
	for l := 1; l < L; l++ {
		md.addLayer(t, l, l == 1)
	}
	md.addOutput(t, L == 1)
	clear(t.jd[:m])
	if !md.solve(t, 1, L, e.v) {
		return false
	}
	t.vjpAll(e.v)
	t.jdReady = true
	return true
}
