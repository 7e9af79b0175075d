package core

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Need describes what a program will allocate for one network, so the bytes can be known
// (and refused) before anything is allocated.
type Need struct {
	Spec   tinynet.Spec
	Config Config
	// Batch is the number of rows per training step (the trainer's capacity).
	Batch int
	// Window is the number of sample rows an online learner keeps (0: none). A window row
	// holds the M_0 inputs and the target (C values, or one class label).
	Window int
	// Predict is the number of rows per prediction call (0: no predictor).
	Predict int
	// Stage counts the staging of one batch (Batch rows of inputs and targets, float32),
	// which a caller that assembles batches allocates; an online learner always does.
	Stage bool
	// Data is the bytes of resident data the caller counts in (for example a prepared
	// training table), added as it is.
	Data int
}

// Memory is the bytes a Need takes, by part. Each part is what the corresponding
// constructor allocates for its numbers (the slices' backing arrays); the few slice
// headers and structs around them are not counted.
type Memory struct {
	Weights int // the network's parameters: 4·P
	Trainer int // the trainer's slab (Trainer.Bytes): workspace, direction, backup, method buffers
	Window  int // the sample window of an online learner
	Stage   int // the staging of one batch of inputs and targets
	Predict int // the prediction buffers (model.Predictor.Bytes)
	Data    int // Need.Data
}

// Total returns the sum of the parts.
func (m Memory) Total() int { return m.Weights + m.Trainer + m.Window + m.Stage + m.Predict + m.Data }

// String lists the total and the parts in binary units.
func (m Memory) String() string {
	var b strings.Builder
	b.WriteString(FormatBytes(m.Total()))
	b.WriteString(" (")
	sep := ""
	for _, p := range []struct {
		name string
		n    int
	}{{"weights", m.Weights}, {"trainer", m.Trainer}, {"window", m.Window}, {"batch staging", m.Stage}, {"prediction", m.Predict}, {"data", m.Data}} {
		if p.n > 0 {
			fmt.Fprintf(&b, "%s%s %s", sep, p.name, FormatBytes(p.n))
			sep = ", "
		}
	}
	b.WriteString(")")
	return b.String()
}

// ErrBudget is wrapped by the *BudgetError that Need.Fit returns for a configuration over
// its memory budget.
var ErrBudget = errors.New("core: over the memory budget")

// BudgetError reports a configuration over its memory budget: what it needs, and the
// largest batch (or, for an online learner, window) that fits, 0 when none does.
type BudgetError struct {
	Budget int
	// Need is the figure of the refused configuration. When it is too large to plan on
	// this platform it is an estimate and Estimated is set.
	Need      Memory
	Estimated bool
	// About and AboutWeights are the float64 estimates of the total and of the weights
	// when Estimated is set (they may exceed this platform's int).
	About, AboutWeights float64
	// Largest batch, or window with Window > 0, that fits the budget with everything
	// else unchanged; 0 when even one row does not fit.
	Fit int
	// Window tells whether Fit is a window (online learner) rather than a batch.
	Window bool
}

func (e *BudgetError) Error() string {
	var b strings.Builder
	about := ""
	if e.Estimated {
		about = "about "
	}
	if e.Estimated && e.About > 0 {
		fmt.Fprintf(&b, "%v: the configuration needs about %s (weights %s), the budget is %s", ErrBudget,
			formatBytes(e.About), formatBytes(e.AboutWeights), FormatBytes(e.Budget))
	} else {
		fmt.Fprintf(&b, "%v: the configuration needs %s%v, the budget is %s", ErrBudget, about, e.Need, FormatBytes(e.Budget))
	}
	what := "batch"
	if e.Window {
		what = "window"
	}
	if e.Fit > 0 {
		fmt.Fprintf(&b, "; the largest %s that fits is %d rows", what, e.Fit)
	} else {
		fmt.Fprintf(&b, "; not even a %s of 1 row fits: use a smaller network, less data or a larger budget", what)
	}
	return b.String()
}

func (e *BudgetError) Unwrap() error { return ErrBudget }

// Memory returns the bytes n needs, computed without allocating them: the trainer's slab is
// planned exactly as New carves it. It returns an ErrConfig error for an unusable
// configuration, and an ErrBudget error when the sizes overflow this platform's int.
func (n Need) Memory() (Memory, error) {
	if err := n.Spec.Validate(); err != nil {
		return Memory{}, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if n.Batch < 1 || n.Window < 0 || n.Predict < 0 || n.Data < 0 {
		return Memory{}, fmt.Errorf("%w: batch must be positive and window, prediction rows and data ≥ 0", ErrConfig)
	}
	if est := n.estimate(); est > math.MaxInt/4 {
		return Memory{}, &BudgetError{Budget: math.MaxInt, Need: Memory{Trainer: int(math.Min(est, math.MaxInt/2))}, Estimated: true,
			About: est, AboutWeights: 4 * paramsFloat(n.Spec)}
	}
	var m Memory
	m.Weights = 4 * n.Spec.Params()
	t, err := newTrainer(n.Spec, n.Batch, n.Config)
	if err != nil {
		return Memory{}, err
	}
	var p fixedbuf.Planner
	t.carve(&p)
	m.Trainer = p.Bytes()
	if n.Window > 0 {
		var w fixedbuf.Planner
		planWindow(&w, n.Spec, n.Config.Loss, n.Window)
		m.Window = w.Bytes()
	}
	if n.Stage || n.Window > 0 {
		var b fixedbuf.Planner
		planStage(&b, n.Spec, n.Config.Loss, n.Batch)
		m.Stage = b.Bytes()
	}
	if n.Predict > 0 {
		var f fixedbuf.Planner
		tinynet.NewForwardWorkspace(&f, n.Spec, n.Predict)
		// the predictor's mapped inputs (float32) and one row of float64 scratch
		m.Predict = f.Bytes() + 4*n.Predict*n.Spec.Inputs() + 8*n.Spec.Inputs()
	}
	m.Data = n.Data
	return m, nil
}

// yWidth is the width of one target row: C values for regression, one label for
// classification.
func yWidth(spec tinynet.Spec, loss tinynet.Loss) int {
	if loss == tinynet.SoftmaxCE {
		return 1
	}
	return spec.Outputs()
}

// planStage carves the staging of one batch: its inputs and its targets.
func planStage(c fixedbuf.Carver, spec tinynet.Spec, loss tinynet.Loss, batch int) (x, y []float32) {
	return c.F32(batch * spec.Inputs()), c.F32(batch * yWidth(spec, loss))
}

// paramsFloat is the parameter count of s in float64 (it may exceed a 32-bit int).
func paramsFloat(s tinynet.Spec) float64 {
	var p float64
	for l := 1; l <= s.Layers(); l++ {
		p += float64(s.Widths[l]) * float64(s.Widths[l-1]+1)
	}
	return p
}

// estimate is a float64 figure of the largest terms of the plan, used to refuse sizes
// whose exact plan would overflow int (32-bit platforms) before computing it.
func (n Need) estimate() float64 {
	s := n.Spec
	N, C := float64(n.Batch), float64(s.Outputs())
	var P, sumW, sq float64
	for l := 1; l <= s.Layers(); l++ {
		in, out := float64(s.Widths[l-1]), float64(s.Widths[l])
		P += out * (in + 1)
		sumW += out
		sq += (in+1)*(in+1) + out*out
	}
	L := float64(s.Layers())
	dual := (N * C) * (N * C)
	return 20*P + 4*N*(C+5)*(sumW+float64(s.Inputs())) + 8*(3+L*L)*dual + 16*sq +
		4*float64(n.Window)*(float64(s.Inputs())+C) + 8*float64(n.Predict)*(sumW+float64(s.Inputs())) + float64(n.Data)
}

// Fit returns the bytes n needs, or a *BudgetError (wrapping ErrBudget) when they exceed
// budget bytes, with the largest batch (or window, when n.Window > 0; the batch then
// shrinks with it when it would exceed it) that fits. The suggestion is exact: it fits,
// and one row more does not.
func (n Need) Fit(budget int) (Memory, error) {
	if budget < 0 {
		return Memory{}, fmt.Errorf("%w: negative memory budget", ErrConfig)
	}
	m, err := n.Memory()
	var be *BudgetError
	if errors.As(err, &be) {
		be.Budget = budget
		be.Window = n.Window > 0
		be.Fit = n.largestFit(budget)
		return Memory{}, be
	}
	if err != nil {
		return Memory{}, err
	}
	if m.Total() <= budget {
		return m, nil
	}
	return Memory{}, &BudgetError{Budget: budget, Need: m, Fit: n.largestFit(budget), Window: n.Window > 0}
}

// resized is n with batch (or window) k.
func (n Need) resized(k int) Need {
	if n.Window > 0 {
		n.Window = k
		n.Batch = min(n.Batch, k)
		return n
	}
	n.Batch = k
	return n
}

// fits reports whether n resized to k is within budget.
func (n Need) fits(k, budget int) bool {
	m, err := n.resized(k).Memory()
	return err == nil && m.Total() <= budget
}

// largestFit returns a k with fits(k) and !fits(k+1), k < the current size, found by
// bisection (0 when one row does not fit).
func (n Need) largestFit(budget int) int {
	hi := n.Batch
	if n.Window > 0 {
		hi = n.Window
	}
	if !n.fits(1, budget) {
		return 0
	}
	lo := 1
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if n.fits(mid, budget) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// FormatBytes writes n in the largest binary unit (B, KiB, MiB, GiB, TiB) that keeps the
// value ≥ 1, with up to one decimal.
func FormatBytes(n int) string { return formatBytes(float64(n)) }

func formatBytes(v float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	n := v
	u := 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%.0f B", n)
	}
	return strings.Replace(fmt.Sprintf("%.1f %s", v, units[u]), ".0 ", " ", 1)
}

// ParseBytes reads a size such as 512KiB, 1.5 MiB, 64B or 4096 (bytes): a non-negative
// number followed by B, KiB, MiB or GiB (binary units, case-insensitive; no unit means
// bytes). The result must fit an int.
func ParseBytes(s string) (int, error) {
	t := strings.TrimSpace(s)
	mult := 1.0
	lower := strings.ToLower(t)
	for _, u := range []struct {
		suffix string
		m      float64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(lower, u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.m
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q: want a number with unit B, KiB, MiB or GiB, like 512KiB", s)
	}
	b := v * mult
	if !(b >= 0) || b >= float64(math.MaxInt) {
		return 0, fmt.Errorf("size %q: must be ≥ 0 and below %s", s, FormatBytes(math.MaxInt))
	}
	return int(b), nil
}
