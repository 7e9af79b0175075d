package model

import (
	"math"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/tinynet"
)

// MapInputs writes the network inputs for rows raw feature rows (row-major rows×M_0, in
// the data's units) into dst (rows×M_0): a missing value (NaN) replaced by the model's
// Impute value when it has them, standardized with XNorm, then mapped by the Forster map.
// It is the one input transform of the model, shared by training and prediction. scratch
// must hold M_0 values when the model has a Forster map.
func (m *Model) MapInputs(dst []float32, raw []float64, rows int, scratch []float64) {
	in := m.Inputs()
	n := rows * in
	if rows < 0 || len(dst) < n || len(raw) < n {
		panic("model: MapInputs: bad lengths")
	}
	switch {
	case m.Impute != nil:
		for i, v := range raw[:n] {
			j := i % in
			if math.IsNaN(v) {
				v = m.Impute[j]
			}
			if m.XNorm != nil {
				v = (v - m.XNorm.Mean[j]) / m.XNorm.Std[j]
			}
			dst[i] = float32(v)
		}
	case m.XNorm != nil:
		m.XNorm.Apply(dst, raw, rows)
	default:
		for i, v := range raw[:n] {
			dst[i] = float32(v)
		}
	}
	if m.Forster != nil {
		if len(scratch) < in {
			panic("model: MapInputs: scratch shorter than the inputs")
		}
		ForsterRows(dst[:n], rows, m.Forster, scratch[:in])
	}
}

// ForsterRows replaces each of the rows rows of x (row-major rows×M) by x·T/‖x·T‖ for the
// M×M Forster matrix t (a row mapping to zero stays zero), with the products in float64.
// scratch must hold M values. It allocates nothing.
func ForsterRows(x []float32, rows int, t []float64, scratch []float64) {
	if rows <= 0 {
		return
	}
	m := len(x) / rows
	if len(x) != rows*m || len(t) != m*m || len(scratch) < m {
		panic("model: ForsterRows: bad lengths")
	}
	for r := 0; r < rows; r++ {
		forsterRow(x[r*m:(r+1)*m], t, scratch[:m])
	}
}

func forsterRow(x []float32, t []float64, s []float64) {
	m := len(x)
	var nrm float64
	for j := 0; j < m; j++ {
		var v float64
		for k, xv := range x {
			v += float64(xv) * t[k*m+j]
		}
		s[j] = v
		nrm += v * v
	}
	inv := float32(1)
	if nrm > 0 {
		inv = float32(1 / math.Sqrt(nrm))
	}
	for j, v := range s {
		x[j] = float32(v) * inv
	}
}

// MapOutputs turns network outputs f (rows×C) into predictions in dst (rows×C): the
// targets in the data's units for regression (YNorm inverted), the class probabilities
// (softmax) for classification.
func (m *Model) MapOutputs(dst []float64, f fixedbuf.Mat32) {
	C := f.Cols
	if len(dst) < f.Rows*C {
		panic("model: MapOutputs: dst too short")
	}
	for i := 0; i < f.Rows; i++ {
		fi, di := f.Row(i), dst[i*C:(i+1)*C]
		if m.Task == tinynet.SoftmaxCE {
			Softmax(di, fi)
			continue
		}
		for c, v := range fi {
			p := float64(v)
			if m.YNorm != nil {
				p = m.YNorm.Invert(p, c)
			}
			di[c] = p
		}
	}
}

// Softmax writes the probabilities of the logits f into prob and returns the most likely
// class and log Σ exp f, computed stably.
func Softmax(prob []float64, f []float32) (arg int, lse float64) {
	mx := math.Inf(-1)
	for c, v := range f {
		if float64(v) > mx {
			mx, arg = float64(v), c
		}
	}
	var z float64
	for c, v := range f {
		prob[c] = math.Exp(float64(v) - mx)
		z += prob[c]
	}
	for c := range f {
		prob[c] /= z
	}
	return arg, mx + math.Log(z)
}

// Predictor predicts with a model using buffers sized for prediction only: the mapped
// inputs of up to Cap rows, a forward-only workspace and a row of scratch. It reads the
// model's weights at every call, so it follows a model that keeps training. A Predictor
// is not safe for concurrent use; give each goroutine its own. No method allocates.
type Predictor struct {
	m       *Model
	fw      *tinynet.ForwardWorkspace
	x       []float32
	scratch []float64
}

// NewPredictor returns a predictor for m that works in chunks of up to capacity rows
// (any number of rows can be predicted; capacity only sets the memory used).
func NewPredictor(m *Model, capacity int) *Predictor {
	if capacity < 1 {
		panic("model: NewPredictor: capacity must be positive")
	}
	return &Predictor{
		m:       m,
		fw:      tinynet.NewForwardWorkspaceAlloc(m.Net.Spec, capacity),
		x:       make([]float32, capacity*m.Inputs()),
		scratch: make([]float64, m.Inputs()),
	}
}

// Cap returns the rows handled per chunk.
func (p *Predictor) Cap() int { return p.fw.Cap() }

// Bytes returns the memory the predictor's buffers take.
func (p *Predictor) Bytes() int { return p.fw.Bytes() + 4*len(p.x) + 8*len(p.scratch) }

// Predict writes the predictions for rows raw feature rows x (rows×M_0, in the order of
// the model's Features) into dst (rows×C): regression targets in the data's units, or
// class probabilities. It panics if x or dst is too short.
func (p *Predictor) Predict(dst, x []float64, rows int) {
	in, C := p.m.Inputs(), p.m.Outputs()
	if rows < 0 || len(x) < rows*in || len(dst) < rows*C {
		panic("model: Predict: x or dst shorter than rows")
	}
	for lo := 0; lo < rows; lo += p.Cap() {
		n := min(p.Cap(), rows-lo)
		p.m.MapInputs(p.x, x[lo*in:(lo+n)*in], n, p.scratch)
		f := p.fw.Forward(p.m.Net, p.x, n)
		p.m.MapOutputs(dst[lo*C:(lo+n)*C], f)
	}
}

// PredictRow is Predict of one row.
func (p *Predictor) PredictRow(dst, x []float64) { p.Predict(dst, x, 1) }

// Forward runs the network on rows ≤ Cap rows of inputs already mapped by MapInputs and
// returns the raw outputs (logits, or standardized targets), a view valid until the next
// call. Evaluation on prepared data uses it.
func (p *Predictor) Forward(x []float32, rows int) fixedbuf.Mat32 {
	return p.fw.Forward(p.m.Net, x, rows)
}
