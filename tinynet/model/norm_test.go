package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormGivesZeroMeanUnitVariance(t *testing.T) {
	// 4 rows × 3 columns; column 2 is constant at a value whose mean rounds.
	data := []float64{
		1, 100, 0.1,
		2, 300, 0.1,
		3, 500, 0.1,
		4, 700, 0.1,
	}
	s := FitNorm(data, 4, 3)
	assert.InDeltaSlice(t, []float64{2.5, 400, 0.1}, s.Mean, 1e-12)
	assert.InDeltaSlice(t, []float64{math.Sqrt(1.25), math.Sqrt(50000), 1}, s.Std, 1e-12)
	assert.Equal(t, 0.1, s.Mean[2], "constant column keeps its exact value")

	z := make([]float32, len(data))
	s.Apply(z, data, 4)
	for j := 0; j < 3; j++ {
		var m, v float64
		for i := 0; i < 4; i++ {
			m += float64(z[i*3+j]) / 4
		}
		for i := 0; i < 4; i++ {
			d := float64(z[i*3+j]) - m
			v += d * d / 4
		}
		assert.InDelta(t, 0, m, 1e-6, "column %d mean", j)
		if j < 2 {
			assert.InDelta(t, 1, v, 1e-6, "column %d variance", j)
		} else {
			assert.Equal(t, []float32{0, 0, 0, 0}, []float32{z[2], z[5], z[8], z[11]}, "constant column maps to 0")
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 3; j++ {
			assert.InDelta(t, data[i*3+j], s.Invert(float64(z[i*3+j]), j), 1e-4*math.Max(1, math.Abs(data[i*3+j])))
		}
	}
}

func TestNormIsAccurateForLargeOffsets(t *testing.T) {
	// Pressure-like data: a large mean and a small spread, where a
	// one-pass E[x²]−E[x]² formula would lose most digits.
	const n = 1000
	data := make([]float64, n)
	for i := range data {
		data[i] = 1e8 + float64(i%2) // std exactly 0.5
	}
	s := FitNorm(data, n, 1)
	assert.InDelta(t, 1e8+0.5, s.Mean[0], 1e-7)
	assert.InDelta(t, 0.5, s.Std[0], 1e-9)
}

func TestNormWithNoRows(t *testing.T) {
	s := FitNorm(nil, 0, 2)
	assert.Equal(t, []float64{0, 0}, s.Mean)
	assert.Equal(t, []float64{1, 1}, s.Std)
}

func TestNormApplyPanicsOnShortSlices(t *testing.T) {
	s := &Norm{Mean: []float64{0, 0}, Std: []float64{1, 1}}
	assert.Panics(t, func() { s.Apply(make([]float32, 3), make([]float64, 4), 2) })
	assert.Panics(t, func() { s.Apply(make([]float32, 4), make([]float64, 3), 2) })
	assert.Panics(t, func() { FitNorm(make([]float64, 5), 2, 3) })
}
