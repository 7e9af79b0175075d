package main

import (
	"math"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// checkScale finds a column whose standardization overflowed (a mean or spread that is
// not finite, as values near 1e308 make it) and names its largest cell: the place to fix.
func checkScale(tbl *table.Table, cols model.Columns, m *model.Model) error {
	check := func(n *model.Norm, idx []int) error {
		if n == nil {
			return nil
		}
		for i, j := range idx {
			// FitNorm falls back to a spread of 1 when the true one overflows; values that
			// large and unequal have a spread far above 1, so that is the overflow.
			if finite(n.Mean[i]) && finite(n.Std[i]) && !(n.Std[i] == 1 && largest(tbl, j) > 1e150 && !constant(tbl, j)) {
				continue
			}
			r := argLargest(tbl, j)
			return tbl.RowError(r, j, "value %g is too large to standardize column %q (its mean or spread overflows); rescale the column",
				tbl.Data[r*tbl.Cols+j], table.Clip(tbl.Header[j]))
		}
		return nil
	}
	if err := check(m.XNorm, cols.Features); err != nil {
		return err
	}
	if m.Task == tinynet.MSE {
		return check(m.YNorm, cols.Targets)
	}
	return nil
}

// checkPrepared finds a network input or target that is not a finite float32 once
// prepared (a value beyond ±3.4e38 without --normalize, say) and names its cell; after
// a Forster map, which mixes the inputs, it names the row's largest input cell.
func checkPrepared(tbl *table.Table, cols model.Columns, m *model.Model, d *model.Data) error {
	for r := 0; r < d.Rows; r++ {
		for i, v := range d.X[r*d.In : (r+1)*d.In] {
			if finite(float64(v)) {
				continue
			}
			j := cols.Features[i]
			if m.Forster != nil {
				j = cols.Features[0]
				for _, k := range cols.Features {
					if math.Abs(tbl.Data[r*tbl.Cols+k]) > math.Abs(tbl.Data[r*tbl.Cols+j]) {
						j = k
					}
				}
			}
			return tbl.RowError(r, j, "value %g does not fit a float32 network input once prepared (|x| must stay below 3.4e38); rescale the column or use --normalize",
				tbl.Data[r*tbl.Cols+j])
		}
		if d.Labels {
			continue
		}
		for c, v := range d.Y[r*d.Out : (r+1)*d.Out] {
			if !finite(float64(v)) {
				j := cols.Targets[c]
				return tbl.RowError(r, j, "target %g does not fit a float32 once prepared (|y| must stay below 3.4e38); rescale the column or use --normalize",
					tbl.Data[r*tbl.Cols+j])
			}
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// largest returns the largest magnitude in column j.
func largest(tbl *table.Table, j int) float64 {
	return math.Abs(tbl.Data[argLargest(tbl, j)*tbl.Cols+j])
}

// argLargest returns the row of the largest magnitude in column j.
func argLargest(tbl *table.Table, j int) int {
	best := 0
	for r := 1; r < tbl.Rows; r++ {
		if math.Abs(tbl.Data[r*tbl.Cols+j]) > math.Abs(tbl.Data[best*tbl.Cols+j]) {
			best = r
		}
	}
	return best
}

// constant reports whether column j holds one value.
func constant(tbl *table.Table, j int) bool {
	for r := 1; r < tbl.Rows; r++ {
		if tbl.Data[r*tbl.Cols+j] != tbl.Data[j] {
			return false
		}
	}
	return true
}
