package core

import (
	"bytes"
	"fmt"
	"math"
	"unsafe"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// StepInfo reports one step.
type StepInfo struct {
	Loss float64 // ℒ before the step, on this batch
	// ℒ after the step, on this batch (Loss when rejected). NaN when not computed: SGD and
	// Adam step at their fixed rate without evaluating the loss again (Trainer.Loss does).
	LossAfter float64
	LR        float64 // η used (0 when rejected)
	Damping   float64 // ρ used
	// Function-space diagnostics of the linearized step Δf = η·J·d (NGD methods, when
	// computed): cos(Δf, −e) (cross-entropy: cos(ΛΔf, −r)), ‖Δf‖/‖e‖, the isotropy
	// constant α = −⟨J·d, e⟩/‖e‖² and the line-search step η*.
	Cos, Ratio, Alpha, EtaStar float64
	HaveDiag                   bool
	Rejected                   bool
	Reason                     string // why a step was rejected (a constant string)
}

// Trainer trains one network with one method. It is not safe for concurrent use.
type Trainer struct {
	cfg  Config
	net  *tinynet.Net
	spec tinynet.Spec
	ws   *tinynet.Workspace
	slab *fixedbuf.Slab
	cap  int

	// the method: exactly one is set
	fisher fisherMethod
	first  firstOrderMethod
	// scaler is fisher as a thetaScaler, or nil: asserted once here, since a type
	// assertion in the step would allocate its call-site cache the first time it meets
	// each method type
	scaler thetaScaler

	dir    []float32 // direction d = −(G+ρI)⁻¹∇ℒ, or the gradient for first-order methods
	backup []float32 // parameters before the step
	saved  bool      // backup holds this step's starting parameters (the update has begun)
	// kept: the workspace holds a full forward pass (with derivatives) of its Rows rows of
	// H[0] at the parameters in backup, from the end of the last NGD step, which ran on the
	// same rows as the step before it (keptForward)
	kept bool

	// curvature of the loss on the batch (NGD methods): r̃ = Ω r/Σω and Λ̃ = ΩΛ/Σω
	// (per-sample C×C)
	rt       []float64 // Rows·C
	lam      []float64 // Rows·C·C
	lamScale float64   // Λ̃ = lamScale·I when lamScal
	lamScal  bool
	jd       []float64 // J·d, Rows·C
	jdReady  bool      // the method wrote J·d = −Θv into jd with the direction (no JVP needed)
	tmp      []float64 // Rows·C scratch

	level   float64 // the damping policy's state: ρ, or λ with ρ = λ·scale (Config.DampingScale)
	damping float64 // ρ of the current step, what the methods add to G
	// dampingPending: ρ's batch scale is left to the method's direction, which forms the
	// whole Θ first and takes tr(Λ̃Θ)/C from its diagonal (thetaScaler, setDampingScale)
	dampingPending bool
	steps          int
	rejects        int // consecutive
	totalRej       int
	bytesPlan      int
	sio            stateIO   // the state walker of ExportState (kept here so it does not escape)
	ckpt           *Snapshot // the snapshot ExportState and ImportState go through
}

// New builds a trainer for net with batches of up to batch rows. It plans every buffer,
// allocates one slab and seals it; the trainer keeps net and updates it in place.
func New(net *tinynet.Net, batch int, cfg Config) (*Trainer, error) {
	t, err := newTrainer(net.Spec, batch, cfg)
	if err != nil {
		return nil, err
	}
	t.net = net
	var p fixedbuf.Planner
	t.carve(&p)
	t.bytesPlan = p.Bytes()
	t.slab = fixedbuf.NewSlab(&p)
	t.carve(t.slab)
	t.slab.Seal()
	return t, nil
}

// PlanBytes returns the slab bytes a trainer for this spec, batch and config needs,
// without allocating it.
func PlanBytes(spec tinynet.Spec, batch int, cfg Config) (int, error) {
	t, err := newTrainer(spec, batch, cfg)
	if err != nil {
		return 0, err
	}
	var p fixedbuf.Planner
	t.carve(&p)
	return p.Bytes(), nil
}

// newTrainer validates cfg and builds the trainer and its method, without buffers.
func newTrainer(spec tinynet.Spec, batch int, cfg Config) (*Trainer, error) {
	if err := cfg.validate(spec, batch); err != nil {
		return nil, err
	}
	t := &Trainer{cfg: cfg, spec: spec, cap: batch, level: cfg.Damping, damping: cfg.Damping}
	var err error
	if row := cfg.Method.row(); row.fisher != nil {
		t.fisher, err = row.fisher(t)
		t.scaler, _ = t.fisher.(thetaScaler)
	} else {
		t.first, err = row.firstOrder(t)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Trainer) carve(c fixedbuf.Carver) {
	P, C, N := t.spec.Params(), t.spec.Outputs(), t.cap
	t.ws = tinynet.NewWorkspace(c, t.spec, N)
	t.dir = c.F32(P)
	t.backup = c.F32(P)
	if t.first != nil {
		t.first.carve(c)
		return
	}
	nc := N * C
	t.rt = c.F64(nc)
	t.lam = c.F64(nc * C)
	t.jd = c.F64(nc)
	t.tmp = c.F64(nc)
	t.fisher.carve(c)
}

// Bytes returns the size of the trainer's slab.
func (t *Trainer) Bytes() int { return t.slab.Bytes() }

// Net returns the network being trained.
func (t *Trainer) Net() *tinynet.Net { return t.net }

// Config returns the trainer's configuration.
func (t *Trainer) Config() Config { return t.cfg }

// Damping returns the ρ of the last step (with a relative Config.DampingScale, λ times the
// scale of that step's batch; before the first step, λ).
func (t *Trainer) Damping() float64 { return t.damping }

// DampingLevel returns the damping policy's current value: ρ, or λ with a relative
// Config.DampingScale. Rejections raise it and accepted steps bring it back to
// Config.Damping.
func (t *Trainer) DampingLevel() float64 { return t.level }

// Steps returns the number of accepted steps.
func (t *Trainer) Steps() int { return t.steps }

// Rejections returns the total number of rejected steps.
func (t *Trainer) Rejections() int { return t.totalRej }

// SetSampleWeights sets per-sample loss weights ω for the next steps (len ≥ batch rows),
// or nil for uniform weights. The slice is referenced, not copied.
func (t *Trainer) SetSampleWeights(w []float32) { t.ws.Weight = w }

// lossOn computes the loss of the current forward pass and the residual R.
func (t *Trainer) lossOn(y []float32) float64 {
	if t.cfg.Loss == tinynet.SoftmaxCE {
		return t.ws.LossSoftmaxCE(y)
	}
	return t.ws.LossMSE(y)
}

// curvature fills r̃ and Λ̃ from the residual (and probabilities) of the current batch.
func (t *Trainer) curvature() {
	ws := t.ws
	n, C := ws.Rows, t.spec.Outputs()
	var wsum float64
	if ws.Weight == nil {
		wsum = float64(n)
	} else {
		for _, v := range ws.Weight[:n] {
			wsum += float64(v)
		}
	}
	t.lamScal = t.cfg.Loss == tinynet.MSE && ws.Weight == nil
	t.lamScale = 1 / wsum
	if t.lamScal {
		// every ω_n/Σω is 1/N: r̃ = R/N and Λ̃ = I/N, the same values as the loop below
		om := 1 / wsum
		for i, r := range ws.R.Data[:n*C] {
			t.rt[i] = om * float64(r)
		}
		lam := t.lam[:n*C*C]
		if C == 1 {
			for r := range lam {
				lam[r] = om
			}
			return
		}
		clear(lam)
		for r := 0; r < n*C; r++ {
			lam[r*C+r%C] = om
		}
		return
	}
	for i := 0; i < n; i++ {
		om := 1 / wsum
		if ws.Weight != nil {
			om = float64(ws.Weight[i]) / wsum
		}
		for c := 0; c < C; c++ {
			t.rt[i*C+c] = om * float64(ws.R.Data[i*C+c])
		}
		blk := t.lam[i*C*C : (i+1)*C*C]
		if t.cfg.Loss == tinynet.SoftmaxCE {
			p := ws.Prob.Data[i*C : (i+1)*C]
			for a := 0; a < C; a++ {
				for b := 0; b < C; b++ {
					v := -float64(p[a]) * float64(p[b])
					if a == b {
						v += float64(p[a])
					}
					blk[a*C+b] = om * v
				}
			}
		} else {
			for a := 0; a < C; a++ {
				for b := 0; b < C; b++ {
					blk[a*C+b] = 0
				}
				blk[a*C+a] = om
			}
		}
	}
}

// lamApply computes dst = Λ̃ x for a vector of Rows·C values.
func (t *Trainer) lamApply(dst, x []float64) {
	n, C := t.ws.Rows, t.spec.Outputs()
	if t.lamScal {
		// Λ̃ = λI: every block is λ on its diagonal
		for i, v := range x[:n*C] {
			dst[i] = t.lamScale * v
		}
		return
	}
	for i := 0; i < n; i++ {
		blk := t.lam[i*C*C : (i+1)*C*C]
		xi := x[i*C : (i+1)*C]
		for a := 0; a < C; a++ {
			dst[i*C+a] = simd.Dot64(blk[a*C:(a+1)*C], xi)
		}
	}
}

// finite64 reports whether every element of x is finite: v·0 is 0 for a finite v and NaN
// for ±Inf or NaN, so one product and sum per element (in four independent chains) and no
// branches.
func finite64(x []float64) bool {
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		a0 += x[i] * 0
		a1 += x[i+1] * 0
		a2 += x[i+2] * 0
		a3 += x[i+3] * 0
	}
	for ; i < len(x); i++ {
		a0 += x[i] * 0
	}
	return a0+a1+a2+a3 == 0
}

func allZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}

// finite32 reports whether every element of x is finite (simd.Finite32: one pass of
// x − x, +0 exactly for finite values, with no sum that could overflow or round).
func finite32(x []float32) bool { return simd.Finite32(x) }

// Step trains on the first n rows of x (n×M_0, row-major) with targets y (n×C for MSE,
// n class labels for cross-entropy), n ≤ the batch capacity. A step whose solve fails or
// whose update or new loss is not finite is rejected: the weights are restored, ρ is
// raised, and StepInfo.Rejected is set; after Config.MaxRejects consecutive rejections Step
// returns ErrTooManyRejections. With a chosen learning rate (LRAuto, LRPaper) a step that
// raises the batch loss is undone the same way without counting towards MaxRejects. If the
// loss at the current weights is not finite Step returns ErrNonFinite and changes nothing.
// An NGD step on a batch the network fits exactly (zero residual, where η* would be 0/0)
// is accepted and changes nothing (LR 0). Step allocates nothing.
//
// An NGD step ends with a forward pass at its new weights. In full-batch training (every
// Step on the same rows, bit for bit) that pass is kept and is the next step's forward pass,
// unless the weights were changed in between: a step keeps its closing pass when its own
// rows were the last step's, so the third step of such a run is the first to reuse one, and
// training on changing batches keeps (and copies) nothing.
func (t *Trainer) Step(x, y []float32, n int) (StepInfo, error) {
	var info StepInfo
	repeat := t.sameRows(x, n) // before a forward pass overwrites the rows
	if !(repeat && t.keptHere()) {
		t.ws.Forward(t.net, x, n)
	}
	t.kept = false
	info.Loss = t.lossOn(y)
	info.Damping = t.damping
	if math.IsNaN(info.Loss) || math.IsInf(info.Loss, 0) {
		return info, ErrNonFinite
	}
	params := t.net.Params
	t.saved = false
	var predicted float64 // decrease of the quadratic model, for the LM policy
	if t.first != nil {
		copy(t.backup, params)
		t.saved = true
		// A fixed rate needs neither a second forward pass nor a separate finiteness pass:
		// the update reports whether the new parameters and state are finite (a NaN or
		// Inf in the gradient reaches them).
		t.first.save()
		t.ws.Backprop(t.net, t.dir)
		info.LR = t.cfg.LR
		if !t.first.update(info.LR) {
			return t.reject(info, "update is not finite")
		}
		info.LossAfter = math.NaN()
		t.accept(&info, 0)
		return info, nil
	}
	t.curvature()
	if allZero(t.rt[:n*t.spec.Outputs()]) {
		// The batch is fitted exactly: the direction is zero and η* = 0/0. There is
		// nothing to learn, which is a success, not a failed step.
		info.LossAfter = info.Loss
		t.rejects = 0
		t.steps++
		if repeat {
			t.keepForward()
		}
		return info, nil
	}
	t.jdReady = false
	// The backward signals of the batch, computed once here for both the damping scale
	// and the method's direction.
	t.ws.Signals(t.net)
	t.prepareDamping()
	ok := t.fisher.direction()
	info.Damping = t.damping
	if !ok {
		return t.reject(info, "damped solve failed")
	}
	if !finite32(t.dir) {
		return t.reject(info, "direction is not finite")
	}
	needJd := t.cfg.LRMode == LRAuto || t.cfg.Diagnostics || t.cfg.DampingPolicy == DampingLM
	var dr, quad float64 // ⟨r̃, Jd⟩ and (Jd)ᵀΛ̃(Jd)
	if needJd {
		if !t.jdReady {
			t.ws.JVP(t.net, t.dir, t.jd)
		}
		m := n * t.spec.Outputs()
		t.lamApply(t.tmp, t.jd)
		dr = simd.Dot64(t.rt[:m], t.jd[:m])
		quad = simd.Dot64(t.jd[:m], t.tmp[:m])
		info.EtaStar = -dr / quad
		t.diagnostics(&info)
	}
	switch t.cfg.LRMode {
	case LRFixed:
		info.LR = t.cfg.LR
	case LRAuto:
		// The line search, capped at LRCap/α when configured: for cross-entropy near a
		// perfect fit Λ → 0 and η* grows without bound while the logits run away.
		info.LR = t.cfg.LR * info.EtaStar
		if t.cfg.LRCap > 0 {
			info.LR = t.cfg.LR * math.Min(info.EtaStar, t.cfg.LRCap/t.Alpha())
		}
	case LRPaper:
		info.LR = 1 / t.Alpha()
	}
	if !(info.LR > 0) || math.IsInf(info.LR, 0) {
		return t.reject(info, "direction does not descend")
	}
	finite := t.apply(info.LR)
	predicted = -(info.LR*dr + 0.5*info.LR*info.LR*quad)
	if !finite {
		return t.reject(info, "update is not finite")
	}
	// the loss at the new weights, and on repeated rows the next step's forward pass (the
	// derivatives come in the same pass at almost no cost)
	if repeat {
		t.ws.Forward(t.net, x, n)
	} else {
		t.ws.ForwardNoDeriv(t.net, x, n)
	}
	info.LossAfter = t.lossOn(y)
	if math.IsNaN(info.LossAfter) || math.IsInf(info.LossAfter, 0) {
		return t.reject(info, "loss after the step is not finite")
	}
	if t.cfg.LRMode != LRFixed && info.LossAfter > info.Loss*(1+1e-4)+1e-9 {
		// With a chosen (not user-fixed) step, a step that raises the batch loss left the
		// region where the quadratic model holds: reject it and retry with more damping.
		// (The tolerance keeps float32 noise at an interpolated minimum from counting.)
		return t.retreat(info)
	}
	t.accept(&info, predicted)
	if repeat {
		t.keepForward()
	}
	return info, nil
}

// keepForward marks the workspace's forward pass as one at the current parameters, which
// it copies into backup (free between NGD steps: it holds a step's starting parameters
// only while that step runs).
func (t *Trainer) keepForward() {
	copy(t.backup, t.net.Params)
	t.kept = true
}

// sameRows reports whether the first n rows of x are, bit for bit, the rows of the
// workspace's last forward pass (NGD methods; one byte compare, which stops at the first
// difference).
func (t *Trainer) sameRows(x []float32, n int) bool {
	in := t.spec.Widths[0]
	return t.first == nil && n == t.ws.Rows && len(x) >= n*in && sameBits(x[:n*in], t.ws.H[0].Data[:n*in])
}

// keptForward reports whether the workspace holds the forward pass Step would run on the
// first n rows of x: one kept at the end of the last NGD step, on the same n rows, at
// parameters bit for bit the current ones (a caller may change both in place between
// steps, through Net or in its own input buffer).
func (t *Trainer) keptForward(x []float32, n int) bool {
	return t.sameRows(x, n) && t.keptHere()
}

// keptHere reports whether a forward pass was kept at parameters bit for bit the current
// ones.
func (t *Trainer) keptHere() bool { return t.kept && sameBits(t.net.Params, t.backup) }

// sameBits reports whether a and b hold the same float32 bit patterns, as one byte compare
// (the runtime's vectorized memequal).
func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	ab := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), 4*len(a))
	bb := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), 4*len(b))
	return bytes.Equal(ab, bb)
}

// apply adds η·d to the parameters, bounding each layer's relative step when configured,
// and reports whether the new parameters are all finite. It saves the parameters into
// backup in the same pass (simd.AxpyKeep), for reject to restore.
func (t *Trainer) apply(eta float64) bool {
	s := &t.spec
	finite := true
	for l := 1; l <= s.Layers(); l++ {
		o, sz := s.LayerOffset(l), s.LayerParams(l)
		d := t.dir[o : o+sz]
		p := t.net.Params[o : o+sz]
		scale := eta
		if t.cfg.MaxRelStep > 0 {
			dn, pn := simd.Dsdot(d, d), simd.Dsdot(p, p)
			step := eta * math.Sqrt(dn)
			if lim := t.cfg.MaxRelStep * math.Max(math.Sqrt(pn), 1e-3*math.Sqrt(float64(sz))); step > lim {
				scale = eta * lim / step
			}
		}
		finite = simd.AxpyKeep(float32(scale), d, p, t.backup[o:o+sz]) && finite
	}
	t.saved = true
	return finite
}

// diagnostics fills the function-space figures of info from J·d.
func (t *Trainer) diagnostics(info *StepInfo) {
	n, C := t.ws.Rows, t.spec.Outputs()
	m := n * C
	r := t.ws.R.Data[:m]
	var ee, de, dd float64
	if t.cfg.Loss == tinynet.SoftmaxCE {
		// cos(ΛΔf, −r) with the unweighted per-sample Λ_n = diag(p) − ppᵀ.
		for i := 0; i < n; i++ {
			p := t.ws.Prob.Data[i*C : (i+1)*C]
			var pj float64
			for c := 0; c < C; c++ {
				pj += float64(p[c]) * t.jd[i*C+c]
			}
			for c := 0; c < C; c++ {
				lj := float64(p[c]) * (t.jd[i*C+c] - pj)
				rc := float64(r[i*C+c])
				ee += rc * rc
				de += lj * rc
				dd += lj * lj
			}
		}
	} else {
		for a := 0; a < m; a++ {
			e := float64(r[a])
			ee += e * e
			de += t.jd[a] * e
			dd += t.jd[a] * t.jd[a]
		}
	}
	info.HaveDiag = true
	if ee > 0 && dd > 0 {
		info.Cos = -de / math.Sqrt(ee*dd)
	}
	if ee > 0 {
		info.Ratio = math.Sqrt(dd / ee) // per unit η; scaled by η in accept
		info.Alpha = -de / ee
	}
}

// retreat rejects a step that raised the loss: like reject, but it is the normal working
// of a trust region, not a failure, so it does not count towards MaxRejects.
func (t *Trainer) retreat(info StepInfo) (StepInfo, error) {
	info, _ = t.reject(info, "loss increased")
	t.rejects--
	return info, nil
}

func (t *Trainer) reject(info StepInfo, reason string) (StepInfo, error) {
	if t.saved { // a reject before the update has nothing to undo
		copy(t.net.Params, t.backup)
	}
	if t.first != nil {
		t.first.restore()
	}
	info.Rejected = true
	info.Reason = reason
	info.LR = 0
	info.LossAfter = info.Loss
	t.rejects++
	t.totalRej++
	t.level = math.Min(math.Max(t.level*10, t.cfg.MinDamping), t.cfg.MaxDamping)
	if t.cfg.DampingScale == ScaleAbsolute {
		t.damping = t.level
	}
	if t.rejects >= t.cfg.MaxRejects {
		return info, ErrTooManyRejections
	}
	return info, nil
}

func (t *Trainer) accept(info *StepInfo, predicted float64) {
	t.rejects = 0
	t.steps++
	if info.HaveDiag {
		info.Ratio *= info.LR
	}
	if t.fisher == nil {
		return
	}
	switch t.cfg.DampingPolicy {
	case DampingLM:
		// ρ follows the ratio of actual to predicted decrease. A step its own quadratic
		// model predicts to gain nothing (η past the model's minimum) counts as a poor one.
		actual := info.Loss - info.LossAfter
		switch {
		case predicted <= 0 || actual < 0.25*predicted:
			t.level *= 1.5
		case actual > 0.75*predicted:
			t.level *= 2.0 / 3.0
		}
		t.level = math.Min(math.Max(t.level, t.cfg.MinDamping), t.cfg.MaxDamping)
	default:
		// after rejections ρ was raised; return to the configured value gradually
		if t.level > t.cfg.Damping {
			t.level = math.Max(t.cfg.Damping, t.level/10)
		}
	}
	if t.cfg.DampingScale == ScaleAbsolute {
		t.damping = t.level
	}
}

// setDamping sets the ρ of this step from the policy's level: the level itself, or the
// level times the batch's scale chosen by Config.DampingScale (at least MinDamping, so that
// a batch with no curvature still gets a positive ρ, and at least ten times the ρ of a
// rejected previous step). It needs the signals of the current forward pass.
func (t *Trainer) setDamping() {
	if t.cfg.DampingScale == ScaleAbsolute {
		t.damping = t.level
		return
	}
	t.setDampingScale(t.fisherScale())
}

// thetaScaler is a method whose direction can form the whole NTK Θ before it needs ρ
// (formsTheta reports whether it will for this batch); it then calls setDampingScale
// with tr(Λ̃Θ)/C read off Θ's diagonal, which spares fisherScale's pass over the signals.
type thetaScaler interface {
	formsTheta() bool
}

// prepareDamping sets ρ (setDamping) before the method's direction, or leaves it pending
// for a thetaScaler that forms Θ first (dampingPending).
func (t *Trainer) prepareDamping() {
	t.dampingPending = false
	if t.cfg.DampingScale != ScaleAbsolute {
		if t.scaler != nil && t.scaler.formsTheta() {
			t.dampingPending = true
			return
		}
	}
	t.setDamping()
}

// setDampingScale is setDamping with the Fisher scale tr(Λ̃Θ)/C (fisherScale) given.
func (t *Trainer) setDampingScale(sc float64) {
	t.dampingPending = false
	if t.cfg.DampingScale == ScaleFisherResidual {
		sc *= t.residualScale()
	}
	rho := math.Max(t.level*sc, t.cfg.MinDamping)
	if t.rejects > 0 {
		// After a rejection the next ρ is at least ten times the rejected one, also when the
		// scale has vanished (a fitted batch, a saturated softmax) and λ·scale cannot grow.
		rho = math.Max(rho, math.Min(10*t.damping, t.cfg.MaxDamping))
	}
	t.damping = rho
}

// residualScale returns Σ_n ω̃_n‖r_n‖²/C, the weighted mean squared residual per output
// (2ℒ/C for MSE; ≈ 1 − R² on the batch with standardized targets).
func (t *Trainer) residualScale() float64 {
	ws := t.ws
	n, C := ws.Rows, t.spec.Outputs()
	if ws.Weight == nil {
		r := ws.R.Data[:n*C]
		return simd.Dsdot(r, r) / float64(n*C)
	}
	var s, wsum float64
	for i := 0; i < n; i++ {
		ri := ws.R.Data[i*C : (i+1)*C]
		w := float64(ws.Weight[i])
		s += w * simd.Dsdot(ri, ri)
		wsum += w
	}
	return s / (wsum * float64(C))
}

// fisherScale returns tr(F)/C = tr(Λ̃Θ)/C for the current batch — the curvature-weighted
// mean over samples of the NTK diagonal per output, which does not change with the batch
// size — from the backward signals and layer inputs: Θ[(n,c),(n,c')] = Σ_l (δ_{l,n}^{(c)}·δ_{l,n}^{(c')})·(s_l²‖h_{l-1,n}‖² + σ_b²).
// It needs the signals of the current forward pass (Workspace.Signals) and uses t.tmp and
// t.jd as scratch (both free until the method's direction).
func (t *Trainer) fisherScale() float64 {
	ws, s := t.ws, t.spec
	n, C, L := ws.Rows, s.Outputs(), s.Layers()
	mse := t.cfg.Loss == tinynet.MSE
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	hn, dn := t.tmp[:n], t.jd[:n]
	var tr float64
	for l := 1; l <= L; l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		sc := float64(s.Scale(l)) * float64(s.Scale(l))
		simd.SumSqRows(n, in, ws.H[l-1].Data, in, hn)
		d := ws.D[l].Data
		if mse && l < L {
			// Λ̃_n = ω̃_n·I: ω̃_n·Σ_c ‖δ^{(c)}‖², the sample's C signal rows as one row
			simd.SumSqRows(n, C*out, d, C*out, dn)
		}
		if mse && C == 1 {
			// Λ̃_n is the 1×1 block ω̃_n: the products and sum of the loop below without
			// its per-sample block and case selection
			lam := t.lam[:n]
			if l == L {
				for i, w := range lam {
					tr += w * (sc*hn[i] + b2)
				}
				continue
			}
			for i, w := range lam {
				tr += w * dn[i] * (sc*hn[i] + b2)
			}
			continue
		}
		for i := 0; i < n; i++ {
			blk := t.lam[i*C*C : (i+1)*C*C]
			var g float64 // Σ_{c,c'} Λ̃_n[c,c']·δ^{(c)}·δ^{(c')}
			switch {
			case l == L:
				// δ_L^{(c)} = e_c: the sum is the trace of Λ̃_n
				for a := 0; a < C; a++ {
					g += blk[a*C+a]
				}
			case mse:
				g = blk[0] * dn[i]
			default:
				// Λ̃_n is symmetric: the diagonal once, each pair below it twice
				for a := 0; a < C; a++ {
					da := d[(i*C+a)*out : (i*C+a+1)*out]
					for b := 0; b <= a; b++ {
						w := blk[a*C+b]
						if w == 0 {
							continue
						}
						if b < a {
							w *= 2
						}
						g += w * simd.Dsdot(da, d[(i*C+b)*out:(i*C+b+1)*out])
					}
				}
			}
			tr += g * (sc*hn[i] + b2)
		}
	}
	return tr / float64(C)
}

// Loss returns the loss of the current weights on the first n rows of x with targets y (as
// in Step), without changing anything; it allocates nothing.
func (t *Trainer) Loss(x, y []float32, n int) float64 {
	t.kept = false                   // the workspace no longer holds a full forward pass
	t.ws.ForwardNoDeriv(t.net, x, n) // the outputs only
	return t.lossOn(y)
}

// Alpha returns the isotropy constant α of an NGD method, the factor by which its
// function-space step overshoots the Gauss–Newton step (LRPaper uses η = 1/α); 0 for
// first-order methods.
func (t *Trainer) Alpha() float64 {
	if t.fisher == nil {
		return 0
	}
	return t.fisher.alpha()
}

// Direction computes the raw NGD direction d = −(G+ρI)⁻¹∇ℒ of the configured method for
// the batch (x, y, n rows) at the current weights, without changing them, and returns a
// view of it (valid until the next call). It treats the method as a black box, which is
// how the isotropy of a method's function-space step is measured; it allocates nothing.
// It panics for a first-order method.
func (t *Trainer) Direction(x, y []float32, n int) ([]float32, bool) {
	if t.fisher == nil {
		panic("core: Direction is for NGD methods")
	}
	t.kept = false
	t.ws.Forward(t.net, x, n)
	t.lossOn(y)
	t.curvature()
	t.ws.Signals(t.net)
	t.prepareDamping()
	ok := t.fisher.direction()
	return t.dir, ok
}

// Plan describes how the method solves its step (the forms chosen per layer, for unit-wise
// and K-FAC); not for the hot path.
func (t *Trainer) Plan() string {
	if t.fisher != nil {
		return t.cfg.Method.String() + ": " + t.fisher.plan()
	}
	return t.cfg.Method.String() + ": " + t.first.plan()
}

// String describes the trainer in one line (not for the hot path).
func (t *Trainer) String() string {
	return fmt.Sprintf("%s widths=%s batch=%d damping=%g slab=%dB", t.cfg.Method, t.spec.WidthsString(), t.cap, t.cfg.Damping, t.bytesPlan)
}
