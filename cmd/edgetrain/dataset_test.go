package main

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
