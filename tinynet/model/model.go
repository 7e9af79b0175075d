package model

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/edgetrain/edgetrain/tinynet"
)

// Model is a trained network and everything needed to use it on new rows: the task, the
// column names, the input and target normalization and the optional Forster map, plus
// where training stands (method, step count, optimizer state). The zero value is not
// usable; a model is built by the caller (Net and Task at least) or returned by Load.
type Model struct {
	Net  *tinynet.Net
	Task tinynet.Loss
	// Features names the input columns in input order (len M_0, or empty when unknown).
	Features []string
	// Targets names the regression target columns (len C) or the one label column of a
	// classifier; empty when unknown.
	Targets []string
	// XNorm standardizes the inputs; nil means the inputs are used as they are.
	XNorm *Norm
	// YNorm standardizes regression targets (the network predicts standardized values);
	// nil for classifiers or raw targets.
	YNorm *Norm
	// Impute holds, per input feature, the value that replaces a missing (NaN) input in
	// the data's units, before XNorm: the training mean of the feature for a model
	// trained with missing values filled in. nil means inputs are never missing.
	Impute []float64
	// Forster is an optional M_0×M_0 row-major map T applied after XNorm: an input row x
	// becomes z = x·T/‖x·T‖ (a row that maps to zero stays zero). Fitting one is the
	// trainer's business; the model only stores and applies it.
	Forster []float64
	// Method names the optimizer that trained the model and Step counts its accepted
	// steps, over every run that continued the model.
	Method string
	Step   int
	// Producer records the program that wrote the checkpoint; when it is empty, Save
	// records DefaultProducer().
	Producer string
	// Optim is opaque optimizer state (moments, factors, counters as float32 tensors),
	// stored as "optim.<Name>" so a trainer can resume exactly where it stopped.
	Optim []Tensor
}

// Tensor is one named float32 array of optimizer state; len(Data) is the product of Shape.
type Tensor struct {
	Name  string
	Shape []int
	Data  []float32
}

// ErrBadModel is wrapped by the errors of Validate, and so of Save for a model that
// cannot be stored faithfully.
var ErrBadModel = errors.New("model: inconsistent model")

// Outputs returns the width of a prediction: C target values or C class probabilities.
func (m *Model) Outputs() int { return m.Net.Spec.Outputs() }

// Inputs returns the number of feature values a prediction takes (M_0).
func (m *Model) Inputs() int { return m.Net.Spec.Inputs() }

// Validate checks that the parts of m agree: the name lists, normalizations and Forster
// map have the network's widths, every stored number is finite, every standard
// deviation is a positive normal float32, and every name is valid UTF-8. Errors name the
// checkpoint entry at fault and wrap ErrBadModel.
func (m *Model) Validate() error {
	if err := m.check(); err != nil {
		return fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	return nil
}

// check is Validate with plain messages, for Validate and the loader to wrap.
func (m *Model) check() error {
	bad := fmt.Errorf
	if m.Net == nil {
		return bad("no network")
	}
	spec := m.Net.Spec
	if err := spec.Validate(); err != nil {
		return bad("%v", err)
	}
	if len(m.Net.Params) != spec.Params() {
		return bad("network holds %d parameters, its spec %d", len(m.Net.Params), spec.Params())
	}
	if m.Task != tinynet.MSE && m.Task != tinynet.SoftmaxCE {
		return bad("unknown task %d", m.Task)
	}
	for l := 1; l <= spec.Layers(); l++ {
		if err := finite(weightName(l), m.Net.W[l-1].Data); err != nil {
			return bad("%v", err)
		}
		if err := finite(biasName(l), m.Net.B[l-1]); err != nil {
			return bad("%v", err)
		}
	}
	if n := len(m.Features); n != 0 && n != spec.Inputs() {
		return bad("%d feature names for %d inputs", n, spec.Inputs())
	}
	switch n := len(m.Targets); {
	case n == 0:
	case m.Task == tinynet.SoftmaxCE && n != 1:
		return bad("a classifier has one label column, not %d", n)
	case m.Task == tinynet.MSE && n != spec.Outputs():
		return bad("%d target names for %d outputs", n, spec.Outputs())
	}
	for _, list := range [][]string{m.Features, m.Targets} {
		for _, name := range list {
			if !utf8.ValidString(name) {
				return bad("column name %q is not valid UTF-8", name)
			}
		}
	}
	if err := m.XNorm.check("norm.x", spec.Inputs()); err != nil {
		return bad("%v", err)
	}
	if m.YNorm != nil && m.Task == tinynet.SoftmaxCE {
		return bad("a classifier has no target normalization")
	}
	if err := m.YNorm.check("norm.y", spec.Outputs()); err != nil {
		return bad("%v", err)
	}
	if m.Impute != nil {
		if len(m.Impute) != spec.Inputs() {
			return bad("%s holds %d values for %d inputs", tensorImpute, len(m.Impute), spec.Inputs())
		}
		if err := finite(tensorImpute, m.Impute); err != nil {
			return bad("%v", err)
		}
	}
	if m.Forster != nil {
		if n := spec.Inputs(); len(m.Forster) != n*n {
			return bad("%s holds %d values, want %d×%d", tensorForster, len(m.Forster), n, n)
		}
		if err := finite(tensorForster, m.Forster); err != nil {
			return bad("%v", err)
		}
	}
	seen := make(map[string]bool, len(m.Optim))
	for _, t := range m.Optim {
		name := optimPrefix + t.Name
		switch {
		case t.Name == "":
			return bad("optimizer state tensor with an empty name")
		case seen[t.Name]:
			return bad("%s appears twice", name)
		}
		seen[t.Name] = true
		n := 1
		for _, d := range t.Shape {
			if d < 0 {
				return bad("%s has a negative dimension in shape %v", name, t.Shape)
			}
			n *= d
		}
		if n != len(t.Data) {
			return bad("%s: shape %v holds %d values, Data has %d", name, t.Shape, n, len(t.Data))
		}
		if err := finite(name, t.Data); err != nil {
			return bad("%v", err)
		}
	}
	return nil
}

// finite reports the first value of v that is NaN or infinite as a float32 (checkpoints
// store float32), naming it.
func finite[T float32 | float64](name string, v []T) error {
	for i, x := range v {
		if f := float64(float32(x)); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%s[%d] is %v, not a finite float32 (every stored value must be)", name, i, float64(x))
		}
	}
	return nil
}
