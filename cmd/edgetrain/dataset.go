package main

import (
	"math"
	"math/rand/v2"
)

// Standardizer maps each column to zero mean and unit standard deviation:
// z = (x − Mean[j]) / Std[j]. Std of a constant column is 1, so such a column
// maps to 0 instead of dividing by zero.
type Standardizer struct{ Mean, Std []float64 }

// FitStandardizer computes the per-column mean and population standard
// deviation (divisor rows) of a rows×cols row-major matrix. With no rows the
// mean is 0 and the deviation 1.
func FitStandardizer(data []float64, rows, cols int) Standardizer {
	if rows < 0 || cols < 0 || len(data) < rows*cols {
		panic("edgetrain: FitStandardizer: data shorter than rows×cols")
	}
	s := Standardizer{Mean: make([]float64, cols), Std: make([]float64, cols)}
	for j := 0; j < cols; j++ {
		s.Std[j] = 1
		if rows == 0 {
			continue
		}
		first, constant := data[j], true
		var sum float64
		for i := 0; i < rows; i++ {
			v := data[i*cols+j]
			sum += v
			constant = constant && v == first
		}
		if constant { // exact, so rounding in the mean cannot fake a tiny spread
			s.Mean[j] = first
			continue
		}
		mean := sum / float64(rows)
		var ss, comp float64 // two-pass with the rounding correction of the mean
		for i := 0; i < rows; i++ {
			d := data[i*cols+j] - mean
			ss += d * d
			comp += d
		}
		mean += comp / float64(rows)
		std := math.Sqrt((ss - comp*comp/float64(rows)) / float64(rows))
		s.Mean[j] = mean
		if std > 0 && !math.IsInf(std, 0) {
			s.Std[j] = std
		}
	}
	return s
}

// Apply writes (src − Mean)/Std of a rows×cols row-major matrix into dst as
// float32, cols = len(s.Mean). dst and src must hold rows×cols values.
func (s Standardizer) Apply(dst []float32, src []float64, rows int) {
	cols := len(s.Mean)
	n := rows * cols
	if rows < 0 || len(dst) < n || len(src) < n || len(s.Std) != cols {
		panic("edgetrain: Standardizer.Apply: bad lengths")
	}
	for i := 0; i < rows; i++ {
		d, x := dst[i*cols:(i+1)*cols], src[i*cols:(i+1)*cols]
		for j, v := range x {
			d[j] = float32((v - s.Mean[j]) / s.Std[j])
		}
	}
}

// Invert maps a standardized value of column col back to the column's units.
func (s Standardizer) Invert(v float64, col int) float64 {
	return v*s.Std[col] + s.Mean[col]
}

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
