package model

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

func TestImputeMeansRoundTripAndFillMissingInputs(t *testing.T) {
	m := sampleModel()
	m.Forster = nil
	m.Impute = []float64{1.5, -2, 7}
	got := saveLoad(t, m)
	assert.Equal(t, m.Impute, got.Impute)

	// A missing input maps as its imputed value does: row 0 (NaN, 4, NaN) like (1.5, 4, 7).
	nan := math.NaN()
	dst := make([]float32, 6)
	got.MapInputs(dst, []float64{nan, 4, nan, 1.5, 4, 7}, 2, nil)
	assert.Equal(t, dst[3:], dst[:3])
	assert.False(t, math.IsNaN(float64(dst[0])))

	m.Impute = []float64{1, nan, 2}
	assert.ErrorContains(t, m.Validate(), "impute.x[1] is NaN")
	m.Impute = []float64{1, 2}
	assert.ErrorContains(t, m.Validate(), "impute.x holds 2 values for 3 inputs")
}

func TestCompleteRowsAndFitImpute(t *testing.T) {
	tb, err := table.Options{Missing: true}.Parse("d.csv", []byte("a,b,y\n1,NA,3\n,5,6\n4,8,\n7,11,12\n"))
	require.NoError(t, err)
	rows, missing := CompleteRows(tb, []int{0, 1, 2})
	assert.Equal(t, []int{3}, rows)
	assert.Equal(t, []int{1, 1, 1}, missing)
	rows, missing = CompleteRows(tb, []int{2})
	assert.Equal(t, []int{0, 1, 3}, rows)
	assert.Equal(t, []int{1}, missing)

	c := Columns{Features: []int{0, 1}, Targets: []int{2}}
	means, err := FitImpute(tb, c, []int{3, 0, 1})
	require.NoError(t, err)
	assert.Equal(t, []float64{4, 8}, means) // a: (1+7)/2; b: (5+11)/2
	Impute(tb, c, means)
	assert.Equal(t, []float64{1, 8, 3, 4, 5, 6}, tb.Data[:6])
	assert.True(t, math.IsNaN(tb.Data[8]), "targets are not filled in")

	tb, err = table.Options{Missing: true}.Parse("d.csv", []byte("a,b,y\nNA,1,3\nNA,5,6\n"))
	require.NoError(t, err)
	_, err = FitImpute(tb, c, []int{0, 1})
	assert.EqualError(t, err, `d.csv:1: column "a" has no value in any training row, so it has no mean to fill in`)
}

// A missing column is named with the file's columns, but a wide header is cut short.
func TestNoColumnMessageStaysShort(t *testing.T) {
	var hdr, row []string
	for i := 0; i < 500; i++ {
		hdr = append(hdr, fmt.Sprintf("column_with_a_long_name_%03d", i))
		row = append(row, "1")
	}
	tb, err := table.Parse("w.csv", []byte(strings.Join(hdr, ",")+"\n"+strings.Join(row, ",")+"\n"))
	require.NoError(t, err)
	_, err = SelectColumns(tb, tinynet.MSE, []string{"nope"}, "", nil)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 800)
	assert.Contains(t, err.Error(), `no column named "nope" (columns: column_with_a_long_name_000,`)
	assert.Contains(t, err.Error(), "… (500 columns)")
}
