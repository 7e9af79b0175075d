package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/tinynet"
)

func TestPredictEqualsTheTrainingForwardOnMappedInputs(t *testing.T) {
	for _, task := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
		t.Run(task.String(), func(t *testing.T) {
			m := sampleModel()
			if task == tinynet.SoftmaxCE {
				m.Task, m.YNorm, m.Targets = task, nil, []string{"label"}
			}
			const rows = 23 // more than the predictor's capacity: predicted in chunks
			raw := randomRows(rows, 3, 9)

			x := make([]float32, rows*3)
			m.MapInputs(x, raw, rows, make([]float64, 3))
			ws := tinynet.NewWorkspaceAlloc(m.Net.Spec, rows)
			ws.Forward(m.Net, x, rows)
			f := ws.Output()

			got := make([]float64, rows*2)
			NewPredictor(m, 8).Predict(got, raw, rows)
			for i := 0; i < rows; i++ {
				if task == tinynet.MSE {
					for c := 0; c < 2; c++ {
						want := float64(f.At(i, c))*m.YNorm.Std[c] + m.YNorm.Mean[c]
						assert.Equal(t, want, got[i*2+c], "row %d output %d", i, c)
					}
					continue
				}
				z0, z1 := float64(f.At(i, 0)), float64(f.At(i, 1))
				p1 := 1 / (1 + math.Exp(z0-z1))
				assert.InDelta(t, 1-p1, got[i*2], 1e-12, "row %d", i)
				assert.InDelta(t, p1, got[i*2+1], 1e-12, "row %d", i)
			}
		})
	}
}

func TestMapInputsStandardizesThenAppliesTheForsterMap(t *testing.T) {
	m := sampleModel()
	raw := []float64{2, 4, 9, 1, 2, 3} // the second row is the mean: it maps to zero
	x := make([]float32, 6)
	m.MapInputs(x, raw, 2, make([]float64, 3))
	s := []float64{(2 - 1) / 0.5, (4 - 2) / 1.0, (9 - 3) / 2.0}
	var z [3]float64
	var nrm float64
	for j := range 3 {
		for k := range 3 {
			z[j] += s[k] * m.Forster[k*3+j]
		}
		nrm += z[j] * z[j]
	}
	for j := range 3 {
		assert.InDelta(t, z[j]/math.Sqrt(nrm), float64(x[j]), 1e-6)
	}
	assert.Equal(t, []float32{0, 0, 0}, x[3:])
}

func TestPredictDoesNotAllocate(t *testing.T) {
	m := sampleModel()
	p := NewPredictor(m, 4)
	x := randomRows(10, 3, 1)
	dst := make([]float64, 20)
	assert.Zero(t, testing.AllocsPerRun(20, func() { p.PredictRow(dst[:2], x[:3]) }))
	assert.Zero(t, testing.AllocsPerRun(20, func() { p.Predict(dst, x, 10) }))
	m.Task, m.YNorm, m.Targets = tinynet.SoftmaxCE, nil, nil
	assert.Zero(t, testing.AllocsPerRun(20, func() { p.Predict(dst, x, 10) }))
}

func TestPredictorIsSizedForPredictionOnly(t *testing.T) {
	spec := tinynet.Spec{Widths: []int{64, 256, 256, 10}, SigmaW: 1}
	p := NewPredictor(&Model{Net: tinynet.New(spec)}, 512)
	var plan fixedbuf.Planner
	tinynet.NewWorkspace(&plan, spec, 512)
	// two 512×256 activation buffers, the 512×64 mapped inputs and a row of scratch
	assert.Equal(t, 2*512*256*4+512*64*4+64*8, p.Bytes())
	assert.Less(t, 10*p.Bytes(), plan.Bytes(), "a training workspace is %d bytes", plan.Bytes())
}

func TestPredictPanicsOnShortBuffers(t *testing.T) {
	p := NewPredictor(sampleModel(), 4)
	require.Panics(t, func() { p.Predict(make([]float64, 4), make([]float64, 5), 2) })
	require.Panics(t, func() { p.Predict(make([]float64, 3), make([]float64, 6), 2) })
}
