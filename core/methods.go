package core

import (
	"fmt"
	"strings"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Form selects how a method applies its damped inverse.
type Form uint8

// Forms of the unit-wise and K-FAC solves.
const (
	FormAuto   Form = iota // the planner picks the cheaper form from the shapes
	FormDual               // dual (push-through / Woodbury) form: N- or N·C-sized systems
	FormPrimal             // primal form: parameter-space blocks
)

// String returns the form's name.
func (f Form) String() string {
	switch f {
	case FormDual:
		return "dual"
	case FormPrimal:
		return "primal"
	}
	return "auto"
}

// methodState holds the buffers of the Fisher approximations beyond the exact method.
// Everything a step touches is carved in carveMethod; the per-layer bookkeeping slices
// (forms, views) are made once at New.
type methodState struct {
	alpha float64 // isotropy constant fixed at New (block-diagonal, tri-diagonal)

	// tri-diagonal: one (L·Cap·C)² non-symmetric system
	big, bigV, bigPiv []float64

	// unit-wise
	uwPrimal []bool    // uwPrimal[l]: layer l uses the primal (M_{l-1}+1)² blocks
	kin      []float64 // Cap×Cap input Gram K_{l-1}
	ht       []float64 // (maxIn+1)×Cap: h̃ᵀ, the bias-augmented scaled inputs as columns (float64)
	ut       []float64 // (maxIn+1)×Cap: h̃ᵀ with columns scaled by √w, the primal block's factor
	fblk     []float64 // primal block, (maxIn+1)²
	xblk     []float64 // primal right-hand side, maxIn+1
	wn, gn   []float64 // per-sample weights δᵀΛ̃δ and gradient coefficients r̃ᵀδ, Cap each

	kf kfacState
}

// checkMethod rejects configurations a method cannot run.
func checkMethod(spec tinynet.Spec, batch int, cfg *Config) error {
	if cfg.Form > FormPrimal {
		return fmt.Errorf("%w: unknown form", ErrConfig)
	}
	switch cfg.Method {
	case Exact, SGD, Adam, BlockDiag, UnitWise:
		return nil
	case TriDiag:
		if L := spec.Layers(); L%3 == 2 && cfg.Damping == 0 {
			return fmt.Errorf("%w: tridiag with %d layers: the tri-diagonal coupling matrix T is singular "+
				"when the number of layers is 2, 5, 8, … (L ≡ 2 mod 3); use --damping > 0 or another depth",
				ErrConfig, L)
		}
		return nil
	case KFAC:
		return checkKFAC(spec, batch, cfg)
	}
	return fmt.Errorf("%w: method %s is not available", ErrConfig, cfg.Method)
}

func (t *Trainer) carveMethod(c fixedbuf.Carver) {
	switch t.cfg.Method {
	case BlockDiag:
		t.carveDualBuffers(c)
		t.m.alpha = float64(t.spec.Layers())
	case TriDiag:
		t.carveTriDiag(c)
	case UnitWise:
		t.carveUnitWise(c)
	case KFAC:
		t.carveKFAC(c)
	}
}

// carveDualBuffers carves the one-block dual buffers shared with the exact method:
// Θ_g, the system, the dual vector and the pivots, all sized for Cap·C.
func (t *Trainer) carveDualBuffers(c fixedbuf.Carver) {
	nc := t.cap * t.spec.Outputs()
	t.theta = c.F64(nc * nc)
	t.sys = c.F64(nc * nc)
	t.v = c.F64(nc)
	t.piv = c.F64(nc)
}

func (t *Trainer) methodDirection() bool {
	switch t.cfg.Method {
	case BlockDiag:
		return t.blockDiagDirection()
	case TriDiag:
		return t.triDiagDirection()
	case UnitWise:
		return t.unitWiseDirection()
	case KFAC:
		return t.kfacDirection()
	}
	return false
}

func (t *Trainer) methodAlpha() float64 {
	switch t.cfg.Method {
	case UnitWise:
		return t.unitWiseAlpha()
	case KFAC:
		return t.kfacAlpha()
	}
	return t.m.alpha
}

// Plan describes the forms the planner chose for each layer (not for the hot path).
func (t *Trainer) Plan() string {
	L := t.spec.Layers()
	var b strings.Builder
	b.WriteString(t.cfg.Method.String())
	switch t.cfg.Method {
	case Exact:
		fmt.Fprintf(&b, ": one dual SPD system of %d", t.cap*t.spec.Outputs())
	case BlockDiag:
		fmt.Fprintf(&b, ": %d dual systems of %d (one per layer)", L, t.cap*t.spec.Outputs())
	case TriDiag:
		fmt.Fprintf(&b, ": one pivoted-LU dual system of %d (T⊗I coupling)", L*t.cap*t.spec.Outputs())
	case UnitWise:
		for l := 1; l <= L; l++ {
			if l > 1 {
				b.WriteByte(',')
			}
			if t.m.uwPrimal[l] {
				fmt.Fprintf(&b, " layer %d primal %d×(%d)²", l, t.spec.Widths[l], t.uwBlockDim(l))
			} else {
				fmt.Fprintf(&b, " layer %d dual %d×(%d)²", l, t.spec.Widths[l], t.cap*t.spec.Outputs())
			}
		}
	case KFAC:
		for l := 1; l <= L; l++ {
			if l > 1 {
				b.WriteByte(',')
			}
			k := &t.m.kf.layers[l]
			fmt.Fprintf(&b, " layer %d A:%s B:%s", l, formName(k.aDual), formName(k.bDual))
		}
		fmt.Fprintf(&b, " (decay %g, refresh every %d)", t.cfg.KFACDecay, t.m.kf.refresh)
	}
	return b.String()
}

func formName(dual bool) string {
	if dual {
		return "dual"
	}
	return "primal"
}

// dualSys is a factored m×m system S = Λ̃·Θ + shift·I built by factorDual. With a scalar
// Λ̃ = λI it is held as Θ + (shift/λ)I in Cholesky form and solve scales the right-hand
// side by 1/λ; otherwise it is a pivoted LU of S.
type dualSys struct {
	sys, piv []float64
	m        int
	chol     bool
	scale    float64
}

// factorDual builds and factors S = Λ̃·Θ + shift·I (m = Rows·C, Θ with stride ld) into
// ds.sys. It returns false when S is numerically singular.
func (t *Trainer) factorDual(ds *dualSys, theta []float64, ld int, shift float64) bool {
	n, C := t.ws.Rows, t.spec.Outputs()
	m := n * C
	ds.m = m
	sys := ds.sys[:m*m]
	if t.lamScal {
		d := shift / t.lamScale
		for a := 0; a < m; a++ {
			copy(sys[a*m:(a+1)*m], theta[a*ld:a*ld+m])
			sys[a*m+a] += d
		}
		ds.chol, ds.scale = true, 1/t.lamScale
		return Dpotrf(m, sys, m)
	}
	for i := 0; i < n; i++ {
		blk := t.lam[i*C*C : (i+1)*C*C]
		for a := 0; a < C; a++ {
			row := sys[(i*C+a)*m : (i*C+a+1)*m]
			for b := 0; b < m; b++ {
				var s float64
				for k := 0; k < C; k++ {
					s += blk[a*C+k] * theta[(i*C+k)*ld+b]
				}
				row[b] = s
			}
			row[i*C+a] += shift
		}
	}
	ds.chol, ds.scale = false, 1
	return Dgetrf(m, sys, m, ds.piv)
}

// solve overwrites b (length m) with S⁻¹b.
func (ds *dualSys) solve(b []float64) {
	b = b[:ds.m]
	if ds.chol {
		for i := range b {
			b[i] *= ds.scale
		}
		Dpotrs(ds.m, ds.sys, ds.m, b)
		return
	}
	Dgetrs(ds.m, ds.sys, ds.m, ds.piv, b)
}
