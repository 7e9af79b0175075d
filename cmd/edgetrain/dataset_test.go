package main

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStandardizerGivesZeroMeanUnitVariance(t *testing.T) {
	// 4 rows × 3 columns; column 2 is constant at a value whose mean rounds.
	data := []float64{
		1, 100, 0.1,
		2, 300, 0.1,
		3, 500, 0.1,
		4, 700, 0.1,
	}
	s := FitStandardizer(data, 4, 3)
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

func TestStandardizerIsAccurateForLargeOffsets(t *testing.T) {
	// Pressure-like data: a large mean and a small spread, where a
	// one-pass E[x²]−E[x]² formula would lose most digits.
	const n = 1000
	data := make([]float64, n)
	for i := range data {
		data[i] = 1e8 + float64(i%2) // std exactly 0.5
	}
	s := FitStandardizer(data, n, 1)
	assert.InDelta(t, 1e8+0.5, s.Mean[0], 1e-7)
	assert.InDelta(t, 0.5, s.Std[0], 1e-9)
}

func TestStandardizerWithNoRows(t *testing.T) {
	s := FitStandardizer(nil, 0, 2)
	assert.Equal(t, []float64{0, 0}, s.Mean)
	assert.Equal(t, []float64{1, 1}, s.Std)
}

func TestStandardizerApplyPanicsOnShortSlices(t *testing.T) {
	s := Standardizer{Mean: []float64{0, 0}, Std: []float64{1, 1}}
	assert.Panics(t, func() { s.Apply(make([]float32, 3), make([]float64, 4), 2) })
	assert.Panics(t, func() { s.Apply(make([]float32, 4), make([]float64, 3), 2) })
	assert.Panics(t, func() { FitStandardizer(make([]float64, 5), 2, 3) })
}

func TestSplitIndicesRandomIsSeededPartition(t *testing.T) {
	train, valid := SplitIndices(10, 0.25, 7, false)
	assert.Len(t, valid, 3) // round(2.5) = 3
	assert.Len(t, train, 7)
	all := slices.Concat(train, valid)
	slices.Sort(all)
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all)

	train2, valid2 := SplitIndices(10, 0.25, 7, false)
	assert.Equal(t, train, train2, "same seed, same split")
	assert.Equal(t, valid, valid2)

	different := false
	for seed := uint64(8); seed < 12 && !different; seed++ {
		_, v := SplitIndices(10, 0.25, seed, false)
		different = !slices.Equal(v, valid)
	}
	assert.True(t, different, "other seeds give other splits")

	// Shuffled, not file order: sorted iris-like blocks must be mixed.
	tr, _ := SplitIndices(150, 0.2, 1, false)
	assert.False(t, slices.IsSorted(tr))
}

func TestSplitIndicesChronoKeepsValidationLastInFileOrder(t *testing.T) {
	train, valid := SplitIndices(100, 0.2, 3, true)
	require.Len(t, valid, 20)
	require.Len(t, train, 80)
	for i, v := range valid {
		assert.Equal(t, 80+i, v)
	}
	assert.False(t, slices.IsSorted(train), "training rows are shuffled")
	sorted := slices.Clone(train)
	slices.Sort(sorted)
	for i, v := range sorted {
		assert.Equal(t, i, v)
	}
	// Appending to train must not overwrite valid.
	_ = append(train, -1)
	assert.Equal(t, 80, valid[0])

	train2, _ := SplitIndices(100, 0.2, 3, true)
	assert.Equal(t, train, train2)
}

func TestSplitIndicesEdgeFractions(t *testing.T) {
	tr, va := SplitIndices(5, 0, 1, false)
	assert.Len(t, tr, 5)
	assert.Empty(t, va)
	tr, va = SplitIndices(5, 1, 1, true)
	assert.Empty(t, tr)
	assert.Equal(t, []int{0, 1, 2, 3, 4}, va)
	tr, va = SplitIndices(5, 2, 1, false)
	assert.Empty(t, tr)
	assert.Len(t, va, 5)
	tr, va = SplitIndices(5, math.NaN(), 1, false)
	assert.Len(t, tr, 5)
	assert.Empty(t, va)
	tr, va = SplitIndices(0, 0.2, 1, false)
	assert.Empty(t, tr)
	assert.Empty(t, va)
	_, va = SplitIndices(8753, 0.2, 1, true)
	assert.Len(t, va, 1751) // round(1750.6)
}

func TestR2(t *testing.T) {
	truth := []float64{1, 2, 3, 4}
	assert.Equal(t, 1.0, R2(truth, truth))
	assert.InDelta(t, 0, R2([]float64{2.5, 2.5, 2.5, 2.5}, truth), 1e-15, "predicting the mean scores 0")
	// res = 0.25·4 = 1, tot = 5.
	assert.InDelta(t, 0.8, R2([]float64{1.5, 2.5, 3.5, 4.5}, truth), 1e-15)
	assert.Less(t, R2([]float64{4, 3, 2, 1}, truth), 0.0, "worse than the mean is negative")
	assert.Equal(t, 1.0, R2([]float64{7, 7}, []float64{7, 7}))
	assert.Equal(t, 0.0, R2([]float64{7, 8}, []float64{7, 7}))
	assert.True(t, math.IsNaN(R2(nil, nil)))
	assert.Panics(t, func() { R2([]float64{1}, nil) })
}
