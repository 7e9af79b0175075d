package fixedbuf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func layout(c Carver) (Mat32, []float64, Mat64, []float32) {
	a := c.Mat32(3, 5)
	b := c.F64(7)
	m := c.Mat64(4, 4)
	v := c.F32(1)
	return a, b, m, v
}

func TestPlannerReportsBytesBeforeAllocation(t *testing.T) {
	var p Planner
	layout(&p)
	f32, f64 := p.Elems()
	assert.Equal(t, 16+16, f32) // 15 and 1 rounded to 16
	assert.Equal(t, 16+16, f64) // 7 and 16
	assert.Equal(t, 4*32+8*32, p.Bytes())

	s := NewSlab(&p)
	a, b, m, v := layout(s)
	s.Seal()
	assert.Equal(t, p.Bytes(), s.Bytes())
	u32, u64 := s.Used()
	assert.Equal(t, f32, u32)
	assert.Equal(t, f64, u64)
	require.Len(t, a.Data, 15)
	assert.Equal(t, 5, a.Stride)
	assert.Len(t, b, 7)
	assert.Len(t, m.Data, 16)
	assert.Len(t, v, 1)
}

func TestViewsDoNotOverlap(t *testing.T) {
	var p Planner
	layout(&p)
	s := NewSlab(&p)
	a, _, _, v := layout(s)
	for i := range a.Data {
		a.Data[i] = 1
	}
	assert.Equal(t, float32(0), v[0])
	// appending to a view must not write into its neighbour
	_ = append(a.Data, 9)
	assert.Equal(t, float32(0), v[0])
}

func TestCarveAfterSealPanics(t *testing.T) {
	var p Planner
	p.F32(4)
	s := NewSlab(&p)
	s.F32(4)
	s.Seal()
	assert.PanicsWithValue(t, "fixedbuf: carve after Seal", func() { s.F32(1) })
	assert.PanicsWithValue(t, "fixedbuf: carve after Seal", func() { s.Mat64(1, 1) })
}

func TestCarveBeyondPlanPanics(t *testing.T) {
	var p Planner
	p.F64(3)
	s := NewSlab(&p)
	s.F64(3)
	assert.Panics(t, func() { s.F64(1) })
}

func TestRingKeepsNewestRows(t *testing.T) {
	var p Planner
	NewRing(&p, 3, 2)
	s := NewSlab(&p)
	r := NewRing(s, 3, 2)
	for i := 0; i < 5; i++ {
		r.Push([]float32{float32(i), float32(-i)})
	}
	require.Equal(t, 3, r.Len())
	assert.Equal(t, []float32{2, -2}, r.Row(0))
	assert.Equal(t, []float32{4, -4}, r.Row(2))
	dst := make([]float32, 6)
	assert.Equal(t, 3, r.CopyTo(dst))
	assert.Equal(t, []float32{2, -2, 3, -3, 4, -4}, dst)
	allocs := testing.AllocsPerRun(100, func() { r.Push([]float32{1, 2}[:]) })
	assert.Zero(t, allocs)
}
