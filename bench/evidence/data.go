package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/edgetrain/edgetrain/tinynet/table"
)

// twoClassSubset returns n rows of classes a and b (last column of t) in a seeded random
// order, their features, and targets +0.5 for class a and −0.5 for class b. It fails when
// there are fewer than n such rows.
func twoClassSubset(t *table.Table, a, b float64, n int, seed uint64) (x [][]float64, y []float64, err error) {
	lab := t.Cols - 1
	var idx []int
	for i := 0; i < t.Rows; i++ {
		if v := t.Data[i*t.Cols+lab]; v == a || v == b {
			idx = append(idx, i)
		}
	}
	if len(idx) < n {
		return nil, nil, fmt.Errorf("%s: only %d rows of classes %g and %g, need %d", t.File, len(idx), a, b, n)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	for _, i := range idx[:n] {
		x = append(x, t.Data[i*t.Cols:i*t.Cols+lab])
		if t.Data[i*t.Cols+lab] == a {
			y = append(y, 0.5)
		} else {
			y = append(y, -0.5)
		}
	}
	return x, y, nil
}

// dropConstantColumns removes the columns that take one value on every row of x (digits'
// border pixels): they carry no information and, all equal after a global standardization,
// would make the inputs rank-deficient. It returns the new rows and the kept column count.
func dropConstantColumns(x [][]float64) ([][]float64, int) {
	var keep []int
	for j := range x[0] {
		for _, r := range x[1:] {
			if r[j] != x[0][j] {
				keep = append(keep, j)
				break
			}
		}
	}
	out := make([][]float64, len(x))
	for i, r := range x {
		out[i] = make([]float64, len(keep))
		for k, j := range keep {
			out[i][k] = r[j]
		}
	}
	return out, len(keep)
}

// paperInputs applies the paper's preprocessing: subtract the mean and divide by the
// standard deviation of all entries of the array together (one scalar each), then scale
// every row to unit Euclidean norm. It returns the rows flattened row-major in float32.
func paperInputs(x [][]float64) []float32 {
	var sum, sq float64
	cnt := 0
	for _, r := range x {
		for _, v := range r {
			sum += v
			cnt++
		}
	}
	mean := sum / float64(cnt)
	for _, r := range x {
		for _, v := range r {
			sq += (v - mean) * (v - mean)
		}
	}
	sd := math.Sqrt(sq / float64(cnt))
	if sd == 0 {
		sd = 1
	}
	m := len(x[0])
	out := make([]float32, 0, len(x)*m)
	z := make([]float64, m)
	for _, r := range x {
		var nrm float64
		for j, v := range r {
			z[j] = (v - mean) / sd
			nrm += z[j] * z[j]
		}
		nrm = math.Sqrt(nrm)
		if nrm == 0 {
			nrm = 1
		}
		for _, v := range z {
			out = append(out, float32(v/nrm))
		}
	}
	return out
}
