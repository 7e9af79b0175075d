package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

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
