package model

import (
	"math"
	"slices"

	"github.com/edgetrain/edgetrain/tinynet/table"
)

// CompleteRows returns the rows of t (in order) with a value in every one of cols, and
// for each of cols the number of rows that lack it. A row lacking several counts once in
// each. Missing values are the NaN cells of a table read with table.Options.Missing.
func CompleteRows(t *table.Table, cols []int) (rows []int, missing []int) {
	missing = make([]int, len(cols))
	for r := 0; r < t.Rows; r++ {
		ok := true
		for i, j := range cols {
			if math.IsNaN(t.Data[r*t.Cols+j]) {
				missing[i]++
				ok = false
			}
		}
		if ok {
			rows = append(rows, r)
		}
	}
	return rows, missing
}

// FitImpute returns, for each feature column of c, the mean of its values over the given
// training rows of t, skipping missing ones: the values that fill in missing inputs
// (Model.Impute). A feature with no value in any training row is an error at its header.
func FitImpute(t *table.Table, c Columns, train []int) ([]float64, error) {
	rows := slices.Sorted(slices.Values(train)) // the same sums whatever the shuffle
	means := make([]float64, len(c.Features))
	for i, j := range c.Features {
		var sum float64
		n := 0
		for _, r := range rows {
			if v := t.Data[r*t.Cols+j]; !math.IsNaN(v) {
				sum += v
				n++
			}
		}
		if n == 0 {
			return nil, t.HeaderError("column %q has no value in any training row, so it has no mean to fill in", table.Clip(t.Header[j]))
		}
		means[i] = sum / float64(n)
		if math.IsInf(means[i], 0) {
			means[i] = 0
			for _, r := range rows { // the sum overflowed: average the scaled values
				if v := t.Data[r*t.Cols+j]; !math.IsNaN(v) {
					means[i] += v / float64(n)
				}
			}
		}
	}
	return means, nil
}

// Impute fills the missing feature values of t (NaN cells of c.Features) with means, in
// place, so the table can be standardized and prepared as a complete one.
func Impute(t *table.Table, c Columns, means []float64) {
	for r := 0; r < t.Rows; r++ {
		for i, j := range c.Features {
			if p := &t.Data[r*t.Cols+j]; math.IsNaN(*p) {
				*p = means[i]
			}
		}
	}
}
