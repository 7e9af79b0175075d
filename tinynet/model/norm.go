package model

import (
	"fmt"
	"math"
)

// Norm standardizes each column to zero mean and unit standard deviation:
// z = (x − Mean[j]) / Std[j]. Std of a constant column is 1, so such a column maps to 0
// instead of dividing by zero.
type Norm struct{ Mean, Std []float64 }

// minStd is the smallest standard deviation a checkpoint may hold: the smallest normal
// float32. A denormal or zero one would turn every input into ±Inf.
const minStd = 0x1p-126

// FitNorm computes the per-column mean and population standard deviation (divisor rows)
// of a rows×cols row-major matrix. With no rows the mean is 0 and the deviation 1.
func FitNorm(data []float64, rows, cols int) *Norm {
	if rows < 0 || cols < 0 || len(data) < rows*cols {
		panic("model: FitNorm: data shorter than rows×cols")
	}
	s := &Norm{Mean: make([]float64, cols), Std: make([]float64, cols)}
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
		if std >= minStd && !math.IsInf(std, 0) {
			s.Std[j] = std
		}
	}
	return s
}

// Apply writes (src − Mean)/Std of a rows×cols row-major matrix into dst as float32,
// cols = len(Mean). dst and src must hold rows×cols values.
func (s *Norm) Apply(dst []float32, src []float64, rows int) {
	cols := len(s.Mean)
	n := rows * cols
	if rows < 0 || len(dst) < n || len(src) < n || len(s.Std) != cols {
		panic("model: Norm.Apply: bad lengths")
	}
	for i := 0; i < rows; i++ {
		d, x := dst[i*cols:(i+1)*cols], src[i*cols:(i+1)*cols]
		for j, v := range x {
			d[j] = float32((v - s.Mean[j]) / s.Std[j])
		}
	}
}

// Invert maps a standardized value of column col back to the column's units.
func (s *Norm) Invert(v float64, col int) float64 {
	return v*s.Std[col] + s.Mean[col]
}

// check validates a normalization stored as prefix_mean/prefix_std for n columns; nil
// passes.
func (s *Norm) check(prefix string, n int) error {
	if s == nil {
		return nil
	}
	if len(s.Mean) != n || len(s.Std) != n {
		return fmt.Errorf("%s_mean and %s_std must both hold %d values, they hold %d and %d", prefix, prefix, n, len(s.Mean), len(s.Std))
	}
	if err := finite(prefix+"_mean", s.Mean); err != nil {
		return err
	}
	for j, v := range s.Std {
		if !(v >= minStd) || math.IsInf(v, 0) {
			return fmt.Errorf("%s_std[%d] is %v (a standard deviation must be finite and at least %.3g)", prefix, j, v, float64(minStd))
		}
	}
	return nil
}
