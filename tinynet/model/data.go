package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// Columns are the table columns that feed a model: Features in input order, and Targets,
// the regression target columns or the one label column of a classifier.
type Columns struct{ Features, Targets []int }

// SelectColumns picks the target and feature columns of t for training a model of task.
//
// Regression targets: the named targets, else prev's targets when t has them all, else a
// column `target`, else target0, target1, …, else the last column (the last C columns
// when prev has C outputs). Classification label: label (or, if empty, a single name in
// targets), else prev's label when t has it, else a column `label`, else the last column.
// Features: prev's features when t has them all, else every column that is not a target.
// prev may be nil (a new model). Errors are *table.Error.
func SelectColumns(t *table.Table, task tinynet.Loss, targets []string, label string, prev *Model) (Columns, error) {
	var c Columns
	lookup := func(name string) (int, error) {
		if j := t.Column(name); j >= 0 {
			return j, nil
		}
		return -1, noColumn(t, name)
	}
	if task == tinynet.SoftmaxCE {
		name := label
		if name == "" && len(targets) == 1 {
			name = targets[0]
		}
		if name == "" && prev != nil && len(prev.Targets) == 1 && t.Column(prev.Targets[0]) >= 0 {
			name = prev.Targets[0]
		}
		j := t.Cols - 1
		if name != "" {
			var err error
			if j, err = lookup(name); err != nil {
				return c, err
			}
		} else if k := t.Column("label"); k >= 0 {
			j = k
		}
		c.Targets = []int{j}
	} else {
		switch {
		case len(targets) > 0:
			for _, name := range targets {
				j, err := lookup(name)
				if err != nil {
					return c, err
				}
				c.Targets = append(c.Targets, j)
			}
		case prev != nil && len(prev.Targets) > 0 && hasAll(t, prev.Targets):
			for _, name := range prev.Targets {
				c.Targets = append(c.Targets, t.Column(name))
			}
		case t.Column("target") >= 0:
			c.Targets = []int{t.Column("target")}
		case t.Column("target0") >= 0:
			for k := 0; t.Column("target"+strconv.Itoa(k)) >= 0; k++ {
				c.Targets = append(c.Targets, t.Column("target"+strconv.Itoa(k)))
			}
		default:
			n := 1
			if prev != nil {
				n = prev.Outputs()
			}
			if n >= t.Cols {
				return c, t.HeaderError("need %d target columns and at least one feature, the file has %d columns", n, t.Cols)
			}
			for j := t.Cols - n; j < t.Cols; j++ {
				c.Targets = append(c.Targets, j)
			}
		}
	}
	if prev != nil && len(prev.Features) > 0 && hasAll(t, prev.Features) {
		for _, name := range prev.Features {
			c.Features = append(c.Features, t.Column(name))
		}
	} else {
		for j := 0; j < t.Cols; j++ {
			if !slices.Contains(c.Targets, j) {
				c.Features = append(c.Features, j)
			}
		}
	}
	if len(c.Features) == 0 {
		return c, t.HeaderError("no feature columns left besides the target")
	}
	return c, nil
}

// InputColumns finds m's feature columns in t, for prediction: the columns named by
// m.Features, or, for a model without names, the first M_0 columns not named `target`,
// `label` or one of m.Targets. Errors are *table.Error.
func (m *Model) InputColumns(t *table.Table) ([]int, error) {
	var cols []int
	if len(m.Features) > 0 {
		for _, name := range m.Features {
			j := t.Column(name)
			if j < 0 {
				return nil, noColumn(t, name)
			}
			cols = append(cols, j)
		}
		return cols, nil
	}
	skip := map[string]bool{"target": true, "label": true}
	for _, n := range m.Targets {
		skip[n] = true
	}
	for j, name := range t.Header {
		if !skip[name] && len(cols) < m.Inputs() {
			cols = append(cols, j)
		}
	}
	if len(cols) != m.Inputs() {
		return nil, t.HeaderError("the model wants %d feature columns, found %d", m.Inputs(), len(cols))
	}
	return cols, nil
}

func noColumn(t *table.Table, name string) error {
	const show = 20 // names listed; a wide file's header would drown the message
	names := make([]string, 0, min(len(t.Header), show))
	for _, h := range t.Header[:min(len(t.Header), show)] {
		names = append(names, table.Clip(h))
	}
	list := strings.Join(names, ", ")
	if len(t.Header) > show {
		list += fmt.Sprintf(", … (%d columns)", len(t.Header))
	}
	return t.HeaderError("no column named %q (columns: %s)", table.Clip(name), list)
}

func hasAll(t *table.Table, names []string) bool {
	for _, n := range names {
		if t.Column(n) < 0 {
			return false
		}
	}
	return true
}

// SetColumns records the names of the selected columns of t as m's Features and Targets.
func (m *Model) SetColumns(t *table.Table, c Columns) {
	names := func(idx []int) []string {
		out := make([]string, len(idx))
		for i, j := range idx {
			out[i] = t.Header[j]
		}
		return out
	}
	m.Features, m.Targets = names(c.Features), names(c.Targets)
}

// splitStream is the second PCG seed word, fixed so that a split depends on the user's
// seed alone and differs from other streams seeded with it.
const splitStream = 0x73706c6974000001 // "split" + 1

// Split splits row indices 0..n-1 into training and validation sets; the validation set
// has round(val·n) rows (clamped to 0..n). With chrono false the indices are shuffled
// (math/rand/v2 PCG seeded with seed) and the last round(val·n) of the shuffle are
// validation. With chrono true the last round(val·n) rows in file order are validation,
// in order, and the training rows before them are shuffled with the same generator, so no
// validation row precedes a training row in time.
func Split(n int, val float64, seed uint64, chrono bool) (train, valid []int) {
	if n < 0 {
		panic("model: Split: negative n")
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

// MaxClasses bounds the number of classes of a classifier. A class number is also an
// output width, and a stray large label (a sensor reading in the label column, say)
// would otherwise size a network and a Fisher of terabytes.
const MaxClasses = 1024

// CountClasses checks the label column col of a classification table and returns K, the
// number of classes: labels are integers 0..K−1 with K taken from the training rows and
// at most MaxClasses; a validation row with a class the training rows lack is an error at
// its place, and so is a label that is not a class number or is too large. The training
// rows must hold at least 2 distinct classes (a column whose labels are all equal has
// nothing to tell apart). Errors are *table.Error.
func CountClasses(t *table.Table, col int, train, valid []int) (int, error) {
	k := 0
	check := func(r int) (int, error) {
		v := t.Data[r*t.Cols+col]
		if v != math.Trunc(v) || v < 0 {
			return 0, t.RowError(r, col, "label %v is not a class number (want integers 0..K-1)", v)
		}
		if v >= MaxClasses {
			return 0, t.RowError(r, col, "label %v is too large: classes are numbered 0..K-1 with K at most %d", v, MaxClasses)
		}
		return int(v), nil
	}
	seen := make([]bool, MaxClasses)
	distinct := 0
	for _, r := range train {
		c, err := check(r)
		if err != nil {
			return 0, err
		}
		if !seen[c] {
			seen[c] = true
			distinct++
		}
		k = max(k, c+1)
	}
	for _, r := range valid {
		c, err := check(r)
		if err != nil {
			return 0, err
		}
		if c >= k {
			return 0, t.RowError(r, col, "label %d does not occur in the training rows (classes 0..%d)", c, k-1)
		}
	}
	if distinct < 2 {
		if len(train) > 0 {
			return 0, t.FileError("classification needs at least 2 distinct classes in the training rows; every label in column %q is %d", t.Header[col], k-1)
		}
		return 0, t.FileError("classification needs at least 2 distinct classes in the training rows")
	}
	return k, nil
}

// FitNorm fits m's input standardization (and, for regression, the target
// standardization) on the given training rows of t.
func (m *Model) FitNorm(t *table.Table, c Columns, train []int) {
	rows := slices.Sorted(slices.Values(train)) // the same statistics whatever the shuffle
	buf := make([]float64, len(rows))           // one column at a time: a copy of the table would double its memory
	fit := func(cols []int) *Norm {
		n := &Norm{Mean: make([]float64, len(cols)), Std: make([]float64, len(cols))}
		for i, j := range cols {
			for k, r := range rows {
				buf[k] = t.Data[r*t.Cols+j]
			}
			s := FitNorm(buf, len(rows), 1)
			n.Mean[i], n.Std[i] = s.Mean[0], s.Std[0]
		}
		return n
	}
	m.XNorm = fit(c.Features)
	m.YNorm = nil
	if m.Task == tinynet.MSE {
		m.YNorm = fit(c.Targets)
	}
}

// Data is a table prepared for a model's network: every row's inputs mapped by the model
// (MapInputs) and its targets standardized (regression) or its class number
// (classification).
type Data struct {
	Rows    int
	In, Out int       // input and output widths of the network
	X       []float32 // Rows×In network inputs
	Y       []float32 // Rows×Out standardized targets, or Rows class numbers
	YRaw    []float64 // regression: Rows×Out targets in the data's units
	Labels  bool      // Y holds class numbers
}

// YWidth returns the values per row in Y: Out, or 1 for class numbers.
func (d *Data) YWidth() int {
	if d.Labels {
		return 1
	}
	return d.Out
}

// Prepare maps every row of t to network inputs and targets with m (whose Net must be
// set). It fails if the columns do not fit the network.
func (m *Model) Prepare(t *table.Table, c Columns) (*Data, error) {
	in, out := m.Inputs(), m.Outputs()
	if len(c.Features) != in {
		return nil, fmt.Errorf("%w: %d feature columns for a network with %d inputs", ErrBadModel, len(c.Features), in)
	}
	d := &Data{Rows: t.Rows, In: in, Out: out, Labels: m.Task == tinynet.SoftmaxCE}
	d.X = make([]float32, t.Rows*in)
	const chunk = 1024 // rows mapped at a time, so no float64 copy of the whole table is made
	raw := make([]float64, min(chunk, t.Rows)*in)
	scratch := make([]float64, in)
	for lo := 0; lo < t.Rows; lo += chunk {
		n := min(chunk, t.Rows-lo)
		for r := 0; r < n; r++ {
			row := t.Data[(lo+r)*t.Cols:]
			for i, j := range c.Features {
				raw[r*in+i] = row[j]
			}
		}
		m.MapInputs(d.X[lo*in:(lo+n)*in], raw[:n*in], n, scratch)
	}
	if d.Labels {
		if len(c.Targets) != 1 {
			return nil, fmt.Errorf("%w: a classifier has one label column, not %d", ErrBadModel, len(c.Targets))
		}
		d.Y = make([]float32, t.Rows)
		for r := range d.Y {
			d.Y[r] = float32(t.Data[r*t.Cols+c.Targets[0]])
		}
		return d, nil
	}
	if len(c.Targets) != out {
		return nil, fmt.Errorf("%w: %d target columns for a network with %d outputs", ErrBadModel, len(c.Targets), out)
	}
	d.YRaw = t.Gather(c.Targets, nil)
	d.Y = make([]float32, len(d.YRaw))
	if m.YNorm != nil {
		m.YNorm.Apply(d.Y, d.YRaw, t.Rows)
	} else {
		for i, v := range d.YRaw {
			d.Y[i] = float32(v)
		}
	}
	return d, nil
}

// Batch copies the inputs and targets of the given rows into x (len(rows)×In) and y
// (len(rows)×YWidth). It does not allocate.
func (d *Data) Batch(rows []int, x, y []float32) {
	in, yw := d.In, d.YWidth()
	for i, r := range rows {
		copy(x[i*in:(i+1)*in], d.X[r*in:(r+1)*in])
		copy(y[i*yw:(i+1)*yw], d.Y[r*yw:(r+1)*yw])
	}
}

// Inputs returns the network inputs of the given rows, len(rows)×In.
func (d *Data) Inputs(rows []int) []float32 {
	x := make([]float32, 0, len(rows)*d.In)
	for _, r := range rows {
		x = append(x, d.X[r*d.In:(r+1)*d.In]...)
	}
	return x
}
