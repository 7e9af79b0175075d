package model

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

func TestSplitRandomIsSeededPartition(t *testing.T) {
	train, valid := Split(10, 0.25, 7, false)
	assert.Len(t, valid, 3) // round(2.5) = 3
	assert.Len(t, train, 7)
	all := slices.Concat(train, valid)
	slices.Sort(all)
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all)

	train2, valid2 := Split(10, 0.25, 7, false)
	assert.Equal(t, train, train2, "same seed, same split")
	assert.Equal(t, valid, valid2)

	different := false
	for seed := uint64(8); seed < 12 && !different; seed++ {
		_, v := Split(10, 0.25, seed, false)
		different = !slices.Equal(v, valid)
	}
	assert.True(t, different, "other seeds give other splits")

	// Shuffled, not file order: sorted iris-like blocks must be mixed.
	tr, _ := Split(150, 0.2, 1, false)
	assert.False(t, slices.IsSorted(tr))
}

func TestSplitChronoKeepsValidationLastInFileOrder(t *testing.T) {
	train, valid := Split(100, 0.2, 3, true)
	require.Len(t, valid, 20)
	require.Len(t, train, 80)
	for i, v := range valid {
		assert.Equal(t, 80+i, v)
	}
	assert.False(t, slices.IsSorted(train), "training rows are shuffled")
	sorted := slices.Clone(train)
	slices.Sort(sorted)
	for i, v := range sorted {
		assert.Equal(t, i, v)
	}
	// Appending to train must not overwrite valid.
	_ = append(train, -1)
	assert.Equal(t, 80, valid[0])

	train2, _ := Split(100, 0.2, 3, true)
	assert.Equal(t, train, train2)
}

func TestSplitEdgeFractions(t *testing.T) {
	tr, va := Split(5, 0, 1, false)
	assert.Len(t, tr, 5)
	assert.Empty(t, va)
	tr, va = Split(5, 1, 1, true)
	assert.Empty(t, tr)
	assert.Equal(t, []int{0, 1, 2, 3, 4}, va)
	tr, va = Split(5, 2, 1, false)
	assert.Empty(t, tr)
	assert.Len(t, va, 5)
	tr, va = Split(5, math.NaN(), 1, false)
	assert.Len(t, tr, 5)
	assert.Empty(t, va)
	tr, va = Split(0, 0.2, 1, false)
	assert.Empty(t, tr)
	assert.Empty(t, va)
	_, va = Split(8753, 0.2, 1, true)
	assert.Len(t, va, 1751) // round(1750.6)
}

func parseTable(t *testing.T, csv string) *table.Table {
	t.Helper()
	tb, err := table.Parse("d.csv", []byte(csv))
	require.NoError(t, err)
	return tb
}

func TestSelectColumnsDefaults(t *testing.T) {
	tb := parseTable(t, "a,target,b\n1,2,3\n")
	c, err := SelectColumns(tb, tinynet.MSE, nil, "", nil)
	require.NoError(t, err)
	assert.Equal(t, Columns{Features: []int{0, 2}, Targets: []int{1}}, c)

	tb = parseTable(t, "target1,x,target0\n1,2,3\n")
	c, err = SelectColumns(tb, tinynet.MSE, nil, "", nil)
	require.NoError(t, err)
	assert.Equal(t, Columns{Features: []int{1}, Targets: []int{2, 0}}, c)

	tb = parseTable(t, "label,x,y\n1,2,3\n")
	c, err = SelectColumns(tb, tinynet.SoftmaxCE, nil, "", nil)
	require.NoError(t, err)
	assert.Equal(t, Columns{Features: []int{1, 2}, Targets: []int{0}}, c)

	_, err = SelectColumns(tb, tinynet.MSE, []string{"nope"}, "", nil)
	var te *table.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, `d.csv:1: no column named "nope" (columns: label, x, y)`, err.Error())
}

func TestSelectColumnsFollowsAPreviousModelsNames(t *testing.T) {
	prev := sampleModel() // features a, b, c; targets y0, y1
	tb := parseTable(t, "y1,c,extra,b,a,y0\n1,2,3,4,5,6\n")
	c, err := SelectColumns(tb, tinynet.MSE, nil, "", prev)
	require.NoError(t, err)
	assert.Equal(t, Columns{Features: []int{4, 3, 1}, Targets: []int{5, 0}}, c)
}

func TestCountClassesPlacesBadLabels(t *testing.T) {
	tb := parseTable(t, "x,label\n1,0\n2,1\n3,2\n4,1.5\n")
	k, err := CountClasses(tb, 1, []int{0, 1, 2}, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, k)
	_, err = CountClasses(tb, 1, []int{0, 1, 3}, nil)
	assert.EqualError(t, err, "d.csv:5:2: label 1.5 is not a class number (want integers 0..K-1)")
	_, err = CountClasses(tb, 1, []int{0, 1}, []int{2})
	assert.EqualError(t, err, "d.csv:4:2: label 2 does not occur in the training rows (classes 0..1)")
	_, err = CountClasses(tb, 1, []int{0}, nil)
	assert.EqualError(t, err, `d.csv: classification needs at least 2 distinct classes in the training rows; every label in column "label" is 0`)
	_, err = CountClasses(tb, 1, []int{1, 3, 1}, nil) // labels 1 and 1.5
	assert.EqualError(t, err, "d.csv:5:2: label 1.5 is not a class number (want integers 0..K-1)")
	tb = parseTable(t, "x,label\n1,1\n2,1\n3,1e9\n")
	_, err = CountClasses(tb, 1, []int{0, 1}, nil)
	assert.EqualError(t, err, `d.csv: classification needs at least 2 distinct classes in the training rows; every label in column "label" is 1`, "all labels 1 are one class, not classes 0 and 1")
	_, err = CountClasses(tb, 1, []int{0, 1, 2}, nil)
	assert.EqualError(t, err, "d.csv:4:2: label 1e+09 is too large: classes are numbered 0..K-1 with K at most 1024")
}

// The training data and a later prediction go through the same steps: the network inputs
// a trainer sees for a row are the ones a Predictor computes from the raw row.
func TestPrepareAndPredictMapARowTheSameWay(t *testing.T) {
	tb := parseTable(t, "a,b,c,y0,y1\n1,2,3,4,5\n-1,0.5,7,8,9\n2,2,2,1,0\n0,-3,1,2,2\n")
	m := sampleModel()
	cols, err := SelectColumns(tb, tinynet.MSE, nil, "", m)
	require.NoError(t, err)
	m.FitNorm(tb, cols, []int{3, 1, 0})
	d, err := m.Prepare(tb, cols)
	require.NoError(t, err)
	assert.Equal(t, 4, d.Rows)
	assert.Equal(t, tb.Gather(cols.Targets, nil), d.YRaw)

	x := make([]float32, 2*3)
	y := make([]float32, 2*2)
	d.Batch([]int{2, 0}, x, y)
	assert.Equal(t, slices.Concat(d.X[6:9], d.X[0:3]), x)
	assert.Equal(t, slices.Concat(d.Y[4:6], d.Y[0:2]), y)
	for j := range 2 {
		assert.InDelta(t, d.YRaw[4+j], m.YNorm.Invert(float64(y[j]), j), 1e-5)
	}

	ws := tinynet.NewWorkspaceAlloc(m.Net.Spec, 4)
	ws.Forward(m.Net, d.X, 4)
	got := make([]float64, 4*2)
	NewPredictor(m, 4).Predict(got, tb.Gather(cols.Features, nil), 4)
	for i := range 4 {
		for c := range 2 {
			assert.Equal(t, m.YNorm.Invert(float64(ws.Output().At(i, c)), c), got[i*2+c])
		}
	}
}

func TestFitNormUsesOnlyTheTrainingRows(t *testing.T) {
	tb := parseTable(t, "x,target\n1,10\n3,30\n1000,-5\n")
	m := &Model{Task: tinynet.MSE}
	m.FitNorm(tb, Columns{Features: []int{0}, Targets: []int{1}}, []int{1, 0})
	assert.Equal(t, []float64{2}, m.XNorm.Mean)
	assert.Equal(t, []float64{1}, m.XNorm.Std)
	assert.Equal(t, []float64{20}, m.YNorm.Mean)
	assert.Equal(t, []float64{10}, m.YNorm.Std)
}
