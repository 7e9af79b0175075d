package core

import (
	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Method selects the optimizer (see the package documentation for what each one does).
// Methods lists them; String and ParseMethod convert to and from their names.
type Method uint8

// Optimizers.
const (
	Exact     Method = iota // exact NGD, dual form
	BlockDiag               // layer-wise block-diagonal NGD
	TriDiag                 // block tri-diagonal NGD
	UnitWise                // unit-wise NGD
	KFAC                    // K-FAC
	SGD                     // SGD with momentum
	Adam                    // Adam
)

// methodRow is one method: its name, how to build it and its numeric defaults. Exactly one
// of fisher and firstOrder is set; a method is an NGD method when fisher is set.
type methodRow struct {
	name       string
	fisher     func(t *Trainer) (fisherMethod, error)
	firstOrder func(t *Trainer) (firstOrderMethod, error)
	// Numeric defaults (see Defaults): the fixed learning rate of a first-order method, or an
	// NGD method's policy per loss.
	lr      float64
	mse, ce ngdPolicy
}

// ngdPolicy is the default step of an NGD method for one loss (see Defaults).
type ngdPolicy struct {
	damping    float64      // ρ, or λ with a relative scale
	scale      DampingScale // what damping is relative to
	lr         float64      // multiplier of the line-search step η*
	lrCap      float64      // η* ≤ lrCap/α (0: no cap)
	maxRelStep float64      // per-layer bound on ‖Δθ_l‖/‖θ_l‖ (0: none)
}

// methodTable is the one list of methods. Adding a method is one file implementing
// fisherMethod or firstOrderMethod and one row here (plus its Method constant above).
var methodTable = [...]methodRow{
	Exact:     {name: "exact", fisher: newExact, mse: mseDual, ce: ceDual},
	BlockDiag: {name: "blockdiag", fisher: newBlockDiag, mse: mseDual, ce: ceDual},
	TriDiag:   {name: "tridiag", fisher: newTriDiag, mse: mseDual, ce: ceTriDiag},
	UnitWise:  {name: "unitwise", fisher: newUnitWise, mse: mseUnitWise, ce: ceUnitWise},
	KFAC:      {name: "kfac", fisher: newKFAC, mse: mseKFAC, ce: ceKFAC},
	SGD:       {name: "sgd", firstOrder: newSGD, lr: sgdLR},
	Adam:      {name: "adam", firstOrder: newAdam, lr: adamLR},
}

// The NGD policies, chosen by held-out measurement on ten real data sets and by the steps
// to a validation target on an hourly temperature series (see Defaults).
var (
	mseDual     = ngdPolicy{damping: 2, scale: ScaleFisherResidual, lr: 1, lrCap: 1}
	ceDual      = ngdPolicy{damping: 1e-3, lr: 0.3, lrCap: 1}
	ceTriDiag   = ngdPolicy{damping: triDiagDamping, lr: 0.3, lrCap: 1}
	mseUnitWise = ngdPolicy{damping: 0.1, scale: ScaleFisherResidual, lr: 1, lrCap: 4, maxRelStep: unitWiseMaxRelStep}
	ceUnitWise  = ngdPolicy{damping: 1, scale: ScaleFisherResidual, lr: 0.3, lrCap: 1, maxRelStep: unitWiseMaxRelStep}
	// K-FAC refactors its damped inverses whenever ρ changes, so a relative ρ makes every
	// step a refresh; for MSE the absolute ρ measured as well as the relative one.
	mseKFAC = ngdPolicy{damping: 1e-3, lr: 1, lrCap: 4, maxRelStep: kfacMaxRelStep}
	ceKFAC  = ngdPolicy{damping: 1, scale: ScaleFisherResidual, lr: 0.3, lrCap: 1, maxRelStep: kfacMaxRelStep}
)

// row returns m's table row, or nil for a value that names no method.
func (m Method) row() *methodRow {
	if int(m) < len(methodTable) {
		return &methodTable[m]
	}
	return nil
}

// Methods returns every method, in table order (a new slice).
func Methods() []Method {
	ms := make([]Method, len(methodTable))
	for i := range ms {
		ms[i] = Method(i)
	}
	return ms
}

// String returns the method's name ("exact", "blockdiag", "tridiag", "unitwise", "kfac",
// "sgd", "adam"), or "unknown".
func (m Method) String() string {
	if r := m.row(); r != nil {
		return r.name
	}
	return "unknown"
}

// ParseMethod returns the method named s (see Method.String).
func ParseMethod(s string) (Method, bool) {
	for i := range methodTable {
		if methodTable[i].name == s {
			return Method(i), true
		}
	}
	return 0, false
}

// IsNGD reports whether m is a natural-gradient method.
func (m Method) IsNGD() bool {
	r := m.row()
	return r != nil && r.fisher != nil
}

// fisherMethod is an NGD method: it forms its approximation G of the Fisher from the
// trainer's batch (the workspace's backward signals, r̃, Λ̃) and writes d = −(G+ρI)⁻¹∇ℒ into t.dir.
// Implementations keep a pointer to their Trainer and own every buffer they touch beyond
// the trainer's shared ones (dir, r̃, Λ̃, J·d), carved in carve.
type fisherMethod interface {
	// carve takes the method's buffers from c. It is called twice at New, on a Planner and
	// on the slab, so it only carves; plans and per-layer bookkeeping belong in the
	// constructor.
	carve(c fixedbuf.Carver)
	// direction writes d into t.dir after the forward pass, the backward signals
	// (Workspace.Signals, computed once per step by the trainer) and the curvature of a
	// batch; false means the damped solve failed (the step is rejected).
	direction() bool
	// alpha is the method's isotropy constant, η = 1/α for LRPaper.
	alpha() float64
	// plan describes the solves in words (not for the hot path).
	plan() string
}

// firstOrderMethod is an optimizer that uses the gradient only. The trainer writes ∇ℒ into
// t.dir; update moves t.net.Params and the method's own state.
type firstOrderMethod interface {
	carve(c fixedbuf.Carver)
	// update applies one step of learning rate lr from the gradient in t.dir and reports
	// whether the new parameters and state are all finite.
	update(lr float64) bool
	// save keeps the state before a step; restore returns to it after a rejection.
	save()
	restore()
	plan() string
}

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

func formName(dual bool) string {
	if dual {
		return "dual"
	}
	return "primal"
}

// dualSize is the side of a full-batch dual system, Cap·C.
func (t *Trainer) dualSize() int { return t.cap * t.spec.Outputs() }

// dualSys is a factored m×m system S = Λ̃·Θ + shift·I built by factorDual. With a scalar
// Λ̃ = λI it is held as Θ + (shift/λ)I in Cholesky form and solve scales the right-hand
// side by 1/λ; otherwise it is a pivoted LU of S.
type dualSys struct {
	sys, piv []float64
	m        int
	chol     bool
	scale    float64
}

// carve takes the buffers of a system of side up to m.
func (ds *dualSys) carve(c fixedbuf.Carver, m int) {
	ds.sys = c.F64(m * m)
	ds.piv = c.F64(m)
}

// lamTimes writes dst = Λ̃·Θ (m×m, stride m) for the m×m matrix Θ (stride ld), m = Rows·C.
// Λ̃ is block diagonal with one C×C block per sample.
func (t *Trainer) lamTimes(dst, theta []float64, ld int) {
	n, C := t.ws.Rows, t.spec.Outputs()
	m := n * C
	for i := 0; i < n; i++ {
		blk := t.lam[i*C*C : (i+1)*C*C]
		for a := 0; a < C; a++ {
			row := dst[(i*C+a)*m : (i*C+a+1)*m]
			for b := range row {
				var s float64
				for k := 0; k < C; k++ {
					s += blk[a*C+k] * theta[(i*C+k)*ld+b]
				}
				row[b] = s
			}
		}
	}
}

// factorDual builds and factors S = Λ̃·Θ + shift·I (m = Rows·C, Θ with stride ld) into
// ds.sys. It returns false when S is numerically singular.
func (t *Trainer) factorDual(ds *dualSys, theta []float64, ld int, shift float64) bool {
	m := t.ws.Rows * t.spec.Outputs()
	ds.m = m
	sys := ds.sys[:m*m]
	if t.lamScal {
		d := shift / t.lamScale
		for a := 0; a < m; a++ {
			copy(sys[a*m:(a+1)*m], theta[a*ld:a*ld+m])
			sys[a*m+a] += d
		}
		ds.chol, ds.scale = true, 1/t.lamScale
		return lapack.Dpotrf(m, sys, m)
	}
	t.lamTimes(sys, theta, ld)
	for a := 0; a < m; a++ {
		sys[a*m+a] += shift
	}
	ds.chol, ds.scale = false, 1
	return lapack.Dgetrf(m, sys, m, ds.piv)
}

// solve overwrites b (length m) with S⁻¹b.
func (ds *dualSys) solve(b []float64) {
	b = b[:ds.m]
	if ds.chol {
		for i := range b {
			b[i] *= ds.scale
		}
		lapack.Dpotrs(ds.m, ds.sys, ds.m, b)
		return
	}
	lapack.Dgetrs(ds.m, ds.sys, ds.m, ds.piv, b)
}

// solveDual solves (Λ̃·Θ + ρI) v = r̃ for an m×m matrix Θ (stride ld, m = Rows·C) with the
// system in ds, writing v. It returns false when the system is singular or v not finite.
func (t *Trainer) solveDual(ds *dualSys, theta []float64, ld int, v []float64) bool {
	if !t.factorDual(ds, theta, ld, t.damping) {
		return false
	}
	m := ds.m
	copy(v[:m], t.rt[:m])
	ds.solve(v)
	return finite64(v[:m])
}

// posvOne is the largest order at which solveScalarLower factors and solves in one pass
// (lapack.Dposv, lapack.DposvRows: four-column panels up to 64); above it Dpotrf and Dpotrs.
const posvOne = 64

// solveScalarLower solves (Λ̃Θ + ρI) v = r̃ for Λ̃ = λI, i.e. (Θ + (ρ/λ)I) v = r̃/λ, with
// only the lower triangle of Θ (m×m, stride m) given. Θ + (ρ/λ)I is factored in place
// (Cholesky), so th holds the factor afterwards. It writes v and subtracts Θv from t.jd
// without a product with Θ: Θv = r̃/λ − (ρ/λ)v. False means the system is not positive
// definite or v is not finite; then v and t.jd are not to be used. work, when it holds m²
// values, is scratch for the factorization (lapack.Dposv).
func (t *Trainer) solveScalarLower(th []float64, m int, v, work []float64) bool {
	th, v = th[:m*m], v[:m]
	s := t.damping / t.lamScale
	for a := 0; a < m; a++ {
		th[a*m+a] += s
	}
	inv := 1 / t.lamScale
	for i, r := range t.rt[:m] {
		v[i] = r * inv
	}
	if m <= posvOne {
		// factor and solve in one pass, the diagonal blocks' inverses formed once
		var ok bool
		if len(work) >= m*m {
			ok = lapack.Dposv(m, th, m, v, work)
		} else {
			ok = lapack.DposvRows(m, 1, th, m, v, m)
		}
		if !ok {
			return false
		}
	} else {
		if !lapack.Dpotrf(m, th, m) {
			return false
		}
		lapack.Dpotrs(m, th, m, v)
	}
	if !finite64(v) {
		return false
	}
	for i, x := range v {
		t.jd[i] -= t.rt[i]*inv - s*x
	}
	return true
}

// vjpAll sets d_l = −J_lᵀ v for every layer from one dual vector.
func (t *Trainer) vjpAll(v []float64) {
	for l := 1; l <= t.spec.Layers(); l++ {
		t.vjpLayer(l, v)
	}
}

// vjpLayer sets d_l = −J_lᵀ v for layer l: with the per-sample signal g_n = Σ_c v_{n,c}·δ_{l,n}^{(c)},
// dW_l = −s_l·Σ_n g_n h_{l-1,n}ᵀ and db_l = −σ_b·Σ_n g_n. The output layer's signals are
// unit vectors, so there g is v itself; with one output g_n = v_n·δ_{l,n} (one row scaling,
// of H_{l-1}'s rows instead when they are the narrower) and Σ_n g_n = vᵀD_l (formed in the
// pass that scales D_l's rows when those are scaled). Otherwise Workspace.Contract and
// LayerVJP do it. The output layer's
// G (Rows×C, what Contract would write there) holds v rounded to float32.
func (t *Trainer) vjpLayer(l int, v []float64) {
	ws, s := t.ws, &t.spec
	n, C, L := ws.Rows, s.Outputs(), s.Layers()
	dW, db := s.LayerW(t.dir, l), s.LayerB(t.dir, l)
	if l < L && C > 1 {
		ws.LayerVJP(l, ws.Contract(l, v), dW, db, -1)
		return
	}
	in, out := s.Widths[l-1], s.Widths[l]
	vs := ws.G[L].Data[:n*C]
	for i, x := range v[:n*C] {
		vs[i] = float32(x)
	}
	switch {
	case l == L: // g = v
		simd.GemmTN(out, in, n, -ws.Scale(l), vs, out, ws.H[l-1].Data, in, 0, dW.Data, in)
	case in < out:
		// Σ_n (v_n δ_n) h_nᵀ = Σ_n δ_n (v_n h_n)ᵀ: the rows of the narrower H_{l-1} scaled
		// instead of D_l's (G[l] has room for them)
		vh := ws.G[l].Data[:n*in]
		simd.ScaleRows(n, in, vs, ws.H[l-1].Data, in, vh, in)
		simd.GemmTN(out, in, n, -ws.Scale(l), ws.D[l].Data, out, vh, in, 0, dW.Data, in)
	case s.SigmaB != 0:
		// D_l's rows scaled and vᵀD_l in one pass over D_l (ScaleRows and GemmNN bit for bit)
		g := ws.G[l].Data[:n*out]
		simd.ScaleRowsColSum(n, out, vs, ws.D[l].Data, out, g, out, -s.SigmaB, db)
		simd.GemmTN(out, in, n, -ws.Scale(l), g, out, ws.H[l-1].Data, in, 0, dW.Data, in)
		return
	default:
		g := ws.G[l].Data[:n*out]
		simd.ScaleRows(n, out, vs, ws.D[l].Data, out, g, out)
		simd.GemmTN(out, in, n, -ws.Scale(l), g, out, ws.H[l-1].Data, in, 0, dW.Data, in)
	}
	switch {
	case s.SigmaB == 0:
		clear(db)
	case l < L:
		simd.GemmNN(1, out, n, -s.SigmaB, vs, n, ws.D[l].Data, out, 0, db, out)
	default: // vᵀD_L with unit signal rows: the column sums of v, then the scale
		simd.ColSum(n, C, -s.SigmaB, vs, C, db)
	}
}

// outputNTK writes the output layer's NTK Θ_L = K_{L-1} ⊗ I_C (Rows·C square, stride ld) into
// th, or adds it to th when add is set, with K = s_L²·HHᵀ + σ_b² the layer's N×N input
// Gram: HHᵀ goes into k (Rows² values) and the scale and shift are applied on the way into
// th, in one pass. The output signals are unit vectors, δ_L^{(c)} = e_c, so
// Θ_L[(n,c),(m,c')] = [c = c']·K[n,m]; no Gram of the signals is needed.
func (t *Trainer) outputNTK(th []float64, ld int, k []float64, add bool) {
	ws, s := t.ws, &t.spec
	n, C, L := ws.Rows, s.Outputs(), s.Layers()
	m, in := n*C, s.Widths[L-1]
	k = k[:n*n]
	simd.Gram64(n, in, ws.H[L-1].Data, in, k, n)
	sc := float64(s.Scale(L)) * float64(s.Scale(L))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	if C == 1 && ld == n {
		if add {
			simd.AxpyShift64(sc, b2, k, th[:n*n])
		} else {
			simd.ScaleShift64(sc, b2, k, th[:n*n])
		}
		return
	}
	for a := 0; a < n; a++ {
		kr := k[a*n : (a+1)*n]
		for c := 0; c < C; c++ {
			row := th[(a*C+c)*ld : (a*C+c)*ld+m]
			if add {
				for b, kv := range kr {
					row[b*C+c] += kv*sc + b2
				}
				continue
			}
			if C > 1 {
				clear(row)
			}
			for b, kv := range kr {
				row[b*C+c] = kv*sc + b2
			}
		}
	}
}

// outputNTKAddLower adds the output layer's NTK Θ_L (see outputNTK) to the lower triangle
// of th (column ≤ row, stride ld) and leaves the elements above the diagonal alone; the
// input Gram goes lower-only into k (Rows² values). In the lower triangle the result is
// bit for bit outputNTK's with add set.
func (t *Trainer) outputNTKAddLower(th []float64, ld int, k []float64) {
	ws, s := t.ws, &t.spec
	n, C, L := ws.Rows, s.Outputs(), s.Layers()
	in := s.Widths[L-1]
	k = k[:n*n]
	simd.Gram64Lower(n, in, ws.H[L-1].Data, in, k, n)
	sc := float64(s.Scale(L)) * float64(s.Scale(L))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	for a := 0; a < n; a++ {
		kr := k[a*n : a*n+a+1]
		if C == 1 {
			simd.AxpyShift64(sc, b2, kr, th[a*ld:a*ld+a+1])
			continue
		}
		// row (a,c) meets column (b,c) at or below the diagonal exactly when b ≤ a
		for c := 0; c < C; c++ {
			row := th[(a*C+c)*ld:]
			for b, kv := range kr {
				row[b*C+c] += kv*sc + b2
			}
		}
	}
}

// negThetaTimes sets jd −= Θ·v for an m×m matrix Θ (stride ld): a method whose direction is
// d = −Jᵀv (per group) gets J·d = −Σ_g Θ_g v_g from its dual matrices without a JVP.
func negThetaTimes(jd, theta []float64, ld int, v []float64, m int) {
	v = v[:m]
	for a := 0; a < m; a++ {
		jd[a] -= simd.Dot64(theta[a*ld:a*ld+m], v)
	}
}
