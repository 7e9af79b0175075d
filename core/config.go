package core

import (
	"errors"
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/tinynet"
)

// LRMode says how the learning rate η is chosen each step.
type LRMode uint8

// Learning-rate modes.
const (
	LRFixed LRMode = iota // η = Config.LR
	LRAuto                // linearized line search η* = −⟨r̃, Jd⟩ / (Jd)ᵀΛ̃(Jd), capped at Config.LRCap/α, times Config.LR
	LRPaper               // η = 1/α with the method's isotropy constant (Trainer.Alpha)
)

// DampingPolicy says how ρ moves between steps.
type DampingPolicy uint8

// Damping policies.
const (
	DampingFixed DampingPolicy = iota // ρ stays at Config.Damping (raised only after rejected steps)
	DampingLM                         // Levenberg–Marquardt: ρ follows actual/predicted decrease
)

// DampingScale says what Config.Damping is relative to.
type DampingScale uint8

// Damping scales. With a relative scale Config.Damping is a multiplier λ and each step uses
// ρ = λ·s for the scale s of its batch, so one λ keeps its meaning across data sets, input
// scales, widths, depths, batch sizes and the course of training.
const (
	ScaleAbsolute DampingScale = iota // ρ = Damping
	// ScaleFisher: s = tr(F)/C, the Fisher's trace per output on the batch. tr F = tr(Λ̃Θ) is
	// the curvature-weighted mean over samples of the NTK diagonal, so s shrinks with the
	// softmax curvature p(1−p) as a classifier grows confident.
	ScaleFisher
	// ScaleFisherResidual: s = tr(F)/C · Σ_n ω̃_n‖r_n‖²/C, the Fisher's scale times the mean
	// squared residual per output (for MSE on standardized targets about 1 − R² of the
	// batch). The damping is strong while the model is far from fitting the batch — where a
	// Gauss–Newton step would fit its noise — and vanishes as the residual does, which gives
	// back the undamped step's fast convergence on data the network can fit (the classical
	// Levenberg–Marquardt choice of ρ proportional to ‖r‖²).
	ScaleFisherResidual
)

// Config holds the settings of a Trainer. Defaults(method, loss) gives the recommended
// ones; New fills the zero fields listed below from it, so a literal such as
// Config{Method: Adam, LR: 1e-3} trains with Adam's default β1, β2 and ε. Fields whose zero
// value is a setting of its own keep it: Damping (ρ = 0), DampingPolicy (DampingFixed),
// Momentum (plain gradient descent), MaxRelStep (no bound), LRMode (LRFixed), LRCap (no
// cap), DampingScale (ScaleAbsolute), KFACDecay
// (the current batch only), Form (FormAuto) and Diagnostics.
type Config struct {
	Method Method       // the optimizer (zero: Exact)
	Loss   tinynet.Loss // the loss (zero: MSE)

	// LR is the fixed η (LRFixed) or the multiplier of the line-search step (LRAuto; 1 is
	// the full step). Zero takes the default LR of the method when LRMode is the method's
	// default mode (LRAuto for NGD, LRFixed for SGD and Adam); a fixed η for an NGD method
	// must be given. LRPaper ignores it.
	LR     float64
	LRMode LRMode
	// LRCap bounds the line search (LRAuto): η* ≤ LRCap/α with the method's isotropy
	// constant α; 0 is no bound.
	LRCap float64

	Damping       float64 // ρ ≥ 0 added to G in parameter space, or λ with a relative DampingScale
	DampingPolicy DampingPolicy
	// DampingScale makes Damping a multiplier λ of a scale measured on each batch (zero:
	// ScaleAbsolute). The policy (rejections, LM) then moves λ, and MinDamping also floors
	// the resulting ρ.
	DampingScale DampingScale
	MinDamping   float64 // floor for the LM policy and for decay after rejections (0: default)
	MaxDamping   float64 // bound when raising ρ (0: default)

	Momentum float64 // SGD momentum μ; 0 is plain gradient descent
	Beta1    float64 // Adam first-moment decay (0: default)
	Beta2    float64 // Adam second-moment decay (0: default)
	Eps      float64 // Adam ε (0: default)

	// MaxRelStep bounds ‖Δθ_l‖/‖θ_l‖ per layer and step of an NGD method (0 = no bound).
	MaxRelStep float64
	// MaxRejects is the number of consecutive rejected steps after which Step returns
	// ErrTooManyRejections (0: default).
	MaxRejects int
	// Diagnostics computes the isotropy figures every step even with a fixed learning rate
	// (they cost one JVP; LRAuto computes them anyway).
	Diagnostics bool

	// Form forces the primal or the dual (Woodbury) form of the unit-wise and K-FAC solves;
	// FormAuto lets the planner pick the cheaper one from the shapes (see Trainer.Plan).
	Form Form
	// KFACDecay is the weight of the previous K-FAC factors in their exponential moving
	// average, in [0, 1); 0 uses the factors of the current batch only.
	KFACDecay float64
	// KFACRefresh is the number of steps between refreshes of the damped K-FAC inverses
	// (0 or 1 = every step).
	KFACRefresh int
	// KFACStagger spreads the refreshes of the layers over the KFACRefresh steps instead of
	// refreshing every layer at the same step, bounding the worst step's latency (each
	// layer still refreshes once per period; a change of ρ still refreshes all).
	KFACStagger bool
}

// Defaults returns the recommended configuration of method m for loss: the single source of
// numeric policy (the package documentation has the table and the measurements behind it).
//
//   - NGD methods choose η by the line search (LRAuto). For MSE the NGD methods damp
//     relative to the Fisher's scale and the residual (ScaleFisherResidual): λ = 2 for
//     exact, block-diagonal and tri-diagonal NGD, λ = 0.1 for unit-wise NGD, whose many
//     small blocks each hold a small share of tr F; K-FAC keeps ρ = 1e-3 (it refactors its
//     inverses whenever ρ changes). The line search is capped at 1/α (4/α
//     for unit-wise NGD and K-FAC, whose large α made 1/α steps tiny). For softmax
//     cross-entropy every NGD method takes 0.3 of the line-search step capped at 1/α (a
//     full Gauss–Newton step fits each small batch of a classifier exactly and the
//     validation accuracy swings; near a perfect fit Λ → 0 and η* grows without bound),
//     with ρ = 1e-3 for exact and block-diagonal NGD, 1e-2 for tri-diagonal NGD (whose G is
//     indefinite), and the relative λ = 1 for unit-wise NGD and K-FAC. Unit-wise NGD and
//     K-FAC bound every layer's relative step by 0.1, since their steps can leave the lazy
//     regime on small networks (set MaxRelStep to 0 for the exact step −η(G+ρI)⁻¹∇ℒ, as
//     with a fixed η one usually wants).
//   - SGD: η = 0.05 with momentum 0.9. Adam: η = 3e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8.
//   - Every method: MinDamping 1e-8, MaxDamping 1e4, MaxRejects 8, K-FAC refresh every step.
//
// For a value that names no method it returns the common settings; New rejects them.
func Defaults(m Method, loss tinynet.Loss) Config {
	c := Config{Method: m, Loss: loss, LR: 1, LRMode: LRAuto, LRCap: 1, Damping: 1e-3,
		MinDamping: 1e-8, MaxDamping: 1e4, Momentum: 0.9, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		MaxRejects: 8, KFACRefresh: 1}
	row := m.row()
	if row == nil {
		return c
	}
	if row.fisher == nil {
		c.LR, c.LRMode, c.LRCap = row.lr, LRFixed, 0
		return c
	}
	p := row.mse
	if loss == tinynet.SoftmaxCE {
		p = row.ce
	}
	c.Damping, c.DampingScale, c.LR, c.LRCap, c.MaxRelStep = p.damping, p.scale, p.lr, p.lrCap, p.maxRelStep
	return c
}

// Errors returned by New, PlanBytes and Trainer.Step; test them with errors.Is.
var (
	// ErrConfig reports an unusable configuration (returned by New, wrapped with details).
	ErrConfig = errors.New("core: bad trainer configuration")
	// ErrNonFinite: the loss of the current weights on this batch is not finite; nothing changed.
	ErrNonFinite = errors.New("core: loss is not finite")
	// ErrTooManyRejections: MaxRejects consecutive steps were rejected; the weights are the last good ones.
	ErrTooManyRejections = errors.New("core: too many consecutive rejected steps")
)

// validate checks c and fills its zero fields from Defaults (see Config).
func (c *Config) validate(spec tinynet.Spec, batch int) error {
	if c.Method.row() == nil {
		return fmt.Errorf("%w: unknown method", ErrConfig)
	}
	d := Defaults(c.Method, c.Loss)
	if c.LR == 0 && c.LRMode == d.LRMode {
		c.LR = d.LR
	}
	fill(&c.MinDamping, d.MinDamping)
	fill(&c.MaxDamping, d.MaxDamping)
	fill(&c.Beta1, d.Beta1)
	fill(&c.Beta2, d.Beta2)
	fill(&c.Eps, d.Eps)
	if c.MaxRejects == 0 {
		c.MaxRejects = d.MaxRejects
	}
	if c.KFACRefresh == 0 {
		c.KFACRefresh = d.KFACRefresh
	}
	switch {
	case batch < 1:
		return fmt.Errorf("%w: batch must be positive", ErrConfig)
	case !(c.Damping >= 0) || math.IsInf(c.Damping, 0):
		return fmt.Errorf("%w: damping must be a finite number ≥ 0", ErrConfig)
	case c.LRMode > LRPaper:
		return fmt.Errorf("%w: unknown learning-rate mode", ErrConfig)
	case c.LRMode != LRPaper && (!(c.LR > 0) || math.IsInf(c.LR, 0)):
		return fmt.Errorf("%w: learning rate must be a finite number > 0", ErrConfig)
	case c.Loss == tinynet.SoftmaxCE && spec.Outputs() < 2:
		return fmt.Errorf("%w: softmax cross-entropy needs at least 2 outputs", ErrConfig)
	case !c.Method.IsNGD() && c.LRMode != LRFixed:
		return fmt.Errorf("%w: %s needs a fixed learning rate", ErrConfig, c.Method)
	case c.Form > FormPrimal:
		return fmt.Errorf("%w: unknown form", ErrConfig)
	case c.DampingPolicy > DampingLM:
		return fmt.Errorf("%w: unknown damping policy", ErrConfig)
	case c.DampingScale > ScaleFisherResidual:
		return fmt.Errorf("%w: unknown damping scale", ErrConfig)
	case !(c.LRCap >= 0) || math.IsInf(c.LRCap, 0):
		return fmt.Errorf("%w: LRCap must be a finite number ≥ 0", ErrConfig)
	case !(c.MinDamping > 0) || !(c.MaxDamping >= c.MinDamping) || math.IsInf(c.MaxDamping, 0):
		return fmt.Errorf("%w: damping bounds must satisfy 0 < MinDamping ≤ MaxDamping < ∞", ErrConfig)
	case c.MaxRejects < 0 || c.KFACRefresh < 0:
		return fmt.Errorf("%w: MaxRejects and KFACRefresh must be ≥ 0", ErrConfig)
	case !(c.MaxRelStep >= 0) || math.IsInf(c.MaxRelStep, 0):
		return fmt.Errorf("%w: MaxRelStep must be a finite number ≥ 0", ErrConfig)
	}
	return nil
}

// fill sets *v to d when *v is zero.
func fill(v *float64, d float64) {
	if *v == 0 {
		*v = d
	}
}
