package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// columnPlan says which table columns are inputs and which are targets (or the label).
type columnPlan struct {
	features []int
	targets  []int
}

func (c columnPlan) featureNames(t *Table) []string { return names(t, c.features) }
func (c columnPlan) targetNames(t *Table) []string  { return names(t, c.targets) }

func names(t *Table, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = t.Header[j]
	}
	return out
}

func noColumn(path string, t *Table, name string) error {
	return &InputError{File: path, Line: 1, Msg: fmt.Sprintf("no column named %q (columns: %s)", name, strings.Join(t.Header, ", "))}
}

// selectColumns picks targets and features. Regression: --target names, else `target`,
// else target0..target{K}, else the last column (the last C columns when continuing a
// model with C outputs). Classification: --label, else `label`, else the last column.
// Features are the model's feature names when continuing a model that lists them, else
// every other column.
func selectColumns(t *Table, path string, task tinynet.Loss, target, label string, m *model.Model) (columnPlan, error) {
	var plan columnPlan
	lookup := func(name string) (int, error) {
		if j := t.Column(name); j >= 0 {
			return j, nil
		}
		return -1, noColumn(path, t, name)
	}
	if task == tinynet.SoftmaxCE {
		name := label
		if name == "" && target != "" {
			name = target
		}
		if name == "" && m != nil && len(m.Targets) == 1 && t.Column(m.Targets[0]) >= 0 {
			name = m.Targets[0]
		}
		j := t.Cols - 1
		if name != "" {
			var err error
			if j, err = lookup(name); err != nil {
				return plan, err
			}
		} else if k := t.Column("label"); k >= 0 {
			j = k
		}
		plan.targets = []int{j}
	} else {
		switch {
		case target != "":
			for _, name := range strings.Split(target, ",") {
				j, err := lookup(strings.TrimSpace(name))
				if err != nil {
					return plan, err
				}
				plan.targets = append(plan.targets, j)
			}
		case m != nil && len(m.Targets) > 0 && allPresent(t, m.Targets):
			for _, name := range m.Targets {
				plan.targets = append(plan.targets, t.Column(name))
			}
		case t.Column("target") >= 0:
			plan.targets = []int{t.Column("target")}
		case t.Column("target0") >= 0:
			for k := 0; t.Column("target"+strconv.Itoa(k)) >= 0; k++ {
				plan.targets = append(plan.targets, t.Column("target"+strconv.Itoa(k)))
			}
		default:
			c := 1
			if m != nil {
				c = m.Net.Spec.Outputs()
			}
			if c >= t.Cols {
				return plan, &InputError{File: path, Line: 1, Msg: fmt.Sprintf("need %d target columns and at least one feature, the file has %d columns", c, t.Cols)}
			}
			for j := t.Cols - c; j < t.Cols; j++ {
				plan.targets = append(plan.targets, j)
			}
		}
	}
	isTarget := map[int]bool{}
	for _, j := range plan.targets {
		isTarget[j] = true
	}
	if m != nil && len(m.Features) > 0 && allPresent(t, m.Features) {
		for _, name := range m.Features {
			plan.features = append(plan.features, t.Column(name))
		}
	} else {
		for j := 0; j < t.Cols; j++ {
			if !isTarget[j] {
				plan.features = append(plan.features, j)
			}
		}
	}
	if len(plan.features) == 0 {
		return plan, &InputError{File: path, Line: 1, Msg: "no feature columns left besides the target"}
	}
	return plan, nil
}

func allPresent(t *Table, names []string) bool {
	for _, n := range names {
		if t.Column(n) < 0 {
			return false
		}
	}
	return true
}

// checkLabels validates the label column: integers ≥ 0, classes 0..K−1 taken from the
// training rows; a validation row with a class unseen in training is an error with its place.
func checkLabels(t *Table, path string, col int, train, valid []int) (int, error) {
	k := 0
	check := func(r int) (int, error) {
		v := t.Data[r*t.Cols+col]
		if v != math.Trunc(v) || v < 0 || v > 1<<20 {
			return 0, &InputError{File: path, Line: t.Lines[r], Col: col + 1, Msg: fmt.Sprintf("label %v is not a class number (want integers 0..K-1)", v)}
		}
		return int(v), nil
	}
	for _, r := range train {
		c, err := check(r)
		if err != nil {
			return 0, err
		}
		k = max(k, c+1)
	}
	for _, r := range valid {
		c, err := check(r)
		if err != nil {
			return 0, err
		}
		if c >= k {
			return 0, &InputError{File: path, Line: t.Lines[r], Col: col + 1, Msg: fmt.Sprintf("label %d does not occur in the training rows (classes 0..%d)", c, k-1)}
		}
	}
	if k < 2 {
		return 0, &InputError{File: path, Msg: "classification needs at least 2 classes in the training rows"}
	}
	return k, nil
}

// fitColumns standardizes the given columns on the training rows.
func fitColumns(t *Table, cols []int, rows []int) *model.Norm {
	sub := make([]float64, 0, len(rows)*len(cols))
	sorted := append([]int(nil), rows...)
	sort.Ints(sorted)
	for _, r := range sorted {
		for _, j := range cols {
			sub = append(sub, t.Data[r*t.Cols+j])
		}
	}
	return model.FitNorm(sub, len(rows), len(cols))
}

// gather copies the given columns of every row into a dense rows×len(cols) matrix.
func gather(t *Table, cols []int) []float64 {
	out := make([]float64, t.Rows*len(cols))
	for r := 0; r < t.Rows; r++ {
		for i, j := range cols {
			out[r*len(cols)+i] = t.Data[r*t.Cols+j]
		}
	}
	return out
}

// buildDataset turns the table into float32 inputs and targets with the model's normalization.
func buildDataset(t *Table, cols columnPlan, m *model.Model, task tinynet.Loss, classes int) *dataset {
	ds := &dataset{rows: t.Rows, in: len(cols.features), classes: classes}
	ds.x = inputs(t, cols.features, m)
	if task == tinynet.SoftmaxCE {
		ds.out = classes
		if m.Net != nil {
			ds.out = max(classes, m.Net.Spec.Outputs())
		}
		ds.y = make([]float32, t.Rows)
		for r := 0; r < t.Rows; r++ {
			ds.y[r] = float32(t.Data[r*t.Cols+cols.targets[0]])
		}
		return ds
	}
	ds.out = len(cols.targets)
	ds.yRaw = gather(t, cols.targets)
	ds.y = make([]float32, len(ds.yRaw))
	if m.YNorm != nil {
		m.YNorm.Apply(ds.y, ds.yRaw, t.Rows)
	} else {
		for i, v := range ds.yRaw {
			ds.y[i] = float32(v)
		}
	}
	return ds
}

// inputs returns the normalized features, Forster-transformed (x·T, then unit rows) when the
// model has a Forster map.
func inputs(t *Table, features []int, m *model.Model) []float32 {
	raw := gather(t, features)
	x := make([]float32, len(raw))
	m.MapInputs(x, raw, t.Rows, make([]float64, len(features)))
	return x
}
