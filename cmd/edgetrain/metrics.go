package main

import (
	"math"
)

// R2 returns the coefficient of determination 1 − Σ(p−t)²/Σ(t−mean t)² over
// all values. When truth is constant it returns 1 for an exact prediction and
// 0 otherwise (as scikit-learn does); with no values it returns NaN.
func R2(pred, truth []float64) float64 {
	if len(pred) != len(truth) {
		panic("edgetrain: R2: pred and truth differ in length")
	}
	if len(truth) == 0 {
		return math.NaN()
	}
	var mean float64
	for _, t := range truth {
		mean += t
	}
	mean /= float64(len(truth))
	var res, tot float64
	for i, t := range truth {
		e := pred[i] - t
		res += e * e
		d := t - mean
		tot += d * d
	}
	if tot == 0 {
		if res == 0 {
			return 1
		}
		return 0
	}
	return 1 - res/tot
}
