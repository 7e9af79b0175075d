package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
)

// table is a numeric CSV file: a header, then rows of numbers whose last column is the
// target (regression) or the class label (classification).
type table struct {
	name   string
	header []string
	x      [][]float64 // features, one slice per row
	y      []float64   // last column
}

// readTable reads a headed, all-numeric CSV file.
func readTable(path string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: reading the header: %w", path, err)
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("%s:1: need at least one feature and a target column", path)
	}
	t := &table{name: path, header: header}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		row := make([]float64, len(rec))
		for j, cell := range rec {
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s:%d:%d: %q is not a finite number", path, line, j+1, cell)
			}
			row[j] = v
		}
		t.x = append(t.x, row[:len(row)-1])
		t.y = append(t.y, row[len(row)-1])
	}
	if len(t.x) == 0 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	return t, nil
}

// features returns the number of feature columns.
func (t *table) features() int { return len(t.header) - 1 }

// twoClassSubset returns n rows of classes a and b in a seeded random order, with targets
// +0.5 for class a and −0.5 for class b. It fails when there are fewer than n such rows.
func (t *table) twoClassSubset(a, b float64, n int, seed uint64) (x [][]float64, y []float64, err error) {
	var idx []int
	for i, v := range t.y {
		if v == a || v == b {
			idx = append(idx, i)
		}
	}
	if len(idx) < n {
		return nil, nil, fmt.Errorf("%s: only %d rows of classes %g and %g, need %d", t.name, len(idx), a, b, n)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	for _, i := range idx[:n] {
		x = append(x, t.x[i])
		if t.y[i] == a {
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
