package main

import (
	"math"
	"math/rand/v2"
)

// splitStream is the second PCG seed word, fixed so that a split depends on
// the user's seed alone and differs from other streams seeded with it.
const splitStream = 0x73706c6974000001 // "split" + 1

// SplitIndices splits row indices 0..n-1 into training and validation sets;
// the validation set has round(val·n) rows (clamped to 0..n). With chrono false
// the indices are shuffled (math/rand/v2 PCG seeded with seed) and the last
// round(val·n) of the shuffle are validation. With chrono true the last
// round(val·n) rows in file order are validation, in order, and the training
// rows before them are shuffled with the same generator, so no validation row
// precedes a training row in time.
func SplitIndices(n int, val float64, seed uint64, chrono bool) (train, valid []int) {
	if n < 0 {
		panic("edgetrain: SplitIndices: negative n")
	}
	nv := 0
	if val > 0 { // also false for NaN
		nv = int(min(math.Round(val*float64(n)), float64(n)))
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	r := rand.New(rand.NewPCG(seed, splitStream))
	shuffled := idx
	if chrono {
		shuffled = idx[:n-nv]
	}
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	return idx[: n-nv : n-nv], idx[n-nv:]
}

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
