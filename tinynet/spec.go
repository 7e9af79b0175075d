// Package tinynet is a small multilayer perceptron in the NTK parameterization:
// u_l = (σ_w/√M_{l-1}) W_l h_{l-1} + σ_b b_l, h_l = φ(u_l), f = u_L, with
// raw parameters W_l, b_l. It runs a batch forward into preallocated activations,
// computes the per-output backward signals δ, the per-layer Gram pieces of the
// empirical NTK, and the J·d and Jᵀ·v products an optimizer needs. It chooses no optimizer.
package tinynet

import (
	"errors"
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// Loss selects the training loss.
type Loss uint8

// Losses.
const (
	// MSE is ℒ = (1/2N) Σ_n ‖f_n − y_n‖² (Gaussian likelihood, Λ = I).
	MSE Loss = iota
	// SoftmaxCE is ℒ = mean_n −log softmax(f_n)[y_n] (categorical likelihood,
	// Λ_n = diag(p_n) − p_n p_nᵀ).
	SoftmaxCE
)

// String returns the loss's name as stored in checkpoints.
func (l Loss) String() string {
	if l == SoftmaxCE {
		return "classification"
	}
	return "regression"
}

// Spec describes a network: Widths[0] inputs, Widths[len-1] outputs, the rest hidden.
type Spec struct {
	Widths     []int
	Activation simd.Activation
	SigmaW     float32
	SigmaB     float32
}

// ErrBadSpec is returned for an unusable network description.
var ErrBadSpec = errors.New("tinynet: bad network spec")

// Validate reports whether s describes a network this package can build.
func (s Spec) Validate() error {
	if len(s.Widths) < 2 {
		return fmt.Errorf("%w: need at least input and output widths, got %v", ErrBadSpec, s.Widths)
	}
	for i, w := range s.Widths {
		if w <= 0 {
			return fmt.Errorf("%w: width %d is %d", ErrBadSpec, i, w)
		}
	}
	if s.Activation > simd.Sigmoid {
		return fmt.Errorf("%w: unknown activation", ErrBadSpec)
	}
	if !(s.SigmaW > 0) || math.IsInf(float64(s.SigmaW), 0) || s.SigmaB < 0 || math.IsInf(float64(s.SigmaB), 0) || s.SigmaB != s.SigmaB {
		return fmt.Errorf("%w: sigma_w must be positive and sigma_b non-negative", ErrBadSpec)
	}
	return nil
}

// Layers returns L, the number of weight layers.
func (s Spec) Layers() int { return len(s.Widths) - 1 }

// Inputs returns M_0.
func (s Spec) Inputs() int { return s.Widths[0] }

// Outputs returns C = M_L.
func (s Spec) Outputs() int { return s.Widths[len(s.Widths)-1] }

// LayerParams returns M_l·(M_{l-1}+1), the parameters of layer l (1-based).
func (s Spec) LayerParams(l int) int { return s.Widths[l] * (s.Widths[l-1] + 1) }

// Params returns P, the number of raw parameters.
func (s Spec) Params() int {
	p := 0
	for l := 1; l <= s.Layers(); l++ {
		p += s.LayerParams(l)
	}
	return p
}

// LayerOffset returns the offset of layer l's weights in the flat parameter vector.
// Layer l holds W_l (M_l×M_{l-1}, row-major) followed by b_l (M_l).
func (s Spec) LayerOffset(l int) int {
	o := 0
	for k := 1; k < l; k++ {
		o += s.LayerParams(k)
	}
	return o
}

// Scale returns s_l = σ_w/√M_{l-1}, the factor between raw and effective weights of layer l.
func (s Spec) Scale(l int) float32 {
	return s.SigmaW / float32(math.Sqrt(float64(s.Widths[l-1])))
}

// MaxWidth returns the largest width.
func (s Spec) MaxWidth() int {
	m := 0
	for _, w := range s.Widths {
		m = max(m, w)
	}
	return m
}

// WidthsString formats the widths as "8,32,32,1".
func (s Spec) WidthsString() string {
	b := make([]byte, 0, 16)
	for i, w := range s.Widths {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%d", w)
	}
	return string(b)
}
