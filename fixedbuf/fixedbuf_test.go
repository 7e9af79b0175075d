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

// TestRingHoldsTheLastCapRowsOldestFirst pushes a few hundred rows into rings of several
// shapes and compares Len, Row and CopyTo after every push with a plain slice of all
// rows pushed so far.
func TestRingHoldsTheLastCapRowsOldestFirst(t *testing.T) {
	for _, shape := range [][2]int{{1, 1}, {1, 3}, {2, 1}, {3, 2}, {5, 4}, {7, 3}} {
		capacity, width := shape[0], shape[1]
		var p Planner
		NewRing(&p, capacity, width)
		f32, _ := p.Elems()
		assert.Equal(t, roundUp(capacity*width), f32, "plan of a %dx%d ring", capacity, width)
		s := NewSlab(&p)
		r := NewRing(s, capacity, width)
		s.Seal()
		require.Equal(t, capacity, r.Cap())
		require.Equal(t, width, r.Width())
		require.Zero(t, r.Len())
		require.Zero(t, r.CopyTo(nil))
		var pushed [][]float32
		row := make([]float32, width)
		dst := make([]float32, capacity*width)
		for k := 0; k < 3*capacity+4; k++ {
			for j := range row {
				row[j] = float32(100*k + j)
			}
			r.Push(row)
			row[0] = -1 // Push copied the row: changing the source changes nothing held
			pushed = append(pushed, []float32{})
			for j := 0; j < width; j++ {
				pushed[k] = append(pushed[k], float32(100*k+j))
			}
			held := pushed[max(0, len(pushed)-capacity):]
			require.Equal(t, len(held), r.Len(), "%dx%d after %d pushes", capacity, width, k+1)
			var flat []float32
			for i, want := range held {
				require.Equal(t, want, r.Row(i), "%dx%d after %d pushes: row %d", capacity, width, k+1, i)
				flat = append(flat, want...)
			}
			for i := range dst {
				dst[i] = 7
			}
			require.Equal(t, len(held), r.CopyTo(dst))
			require.Equal(t, flat, dst[:len(flat)])
			for _, v := range dst[len(flat):] {
				require.Equal(t, float32(7), v, "CopyTo wrote past Len()*width")
			}
		}
	}
}

func TestRingRowIsAViewThatCannotReachItsNeighbour(t *testing.T) {
	r := NewRing(slabFor(func(c Carver) { NewRing(c, 3, 2) }), 3, 2)
	r.Push([]float32{1, 2})
	r.Push([]float32{3, 4})
	r.Row(0)[1] = 20 // a view: writes through
	assert.Equal(t, []float32{1, 20}, r.Row(0))
	_ = append(r.Row(0), 99)
	assert.Equal(t, []float32{3, 4}, r.Row(1))
}

func TestRingMisusePanics(t *testing.T) {
	var p Planner
	assert.PanicsWithValue(t, "fixedbuf: ring needs positive capacity and width", func() { NewRing(&p, 0, 2) })
	assert.PanicsWithValue(t, "fixedbuf: ring needs positive capacity and width", func() { NewRing(&p, 2, 0) })
	r := NewRing(slabFor(func(c Carver) { NewRing(c, 2, 3) }), 2, 3)
	assert.PanicsWithValue(t, "fixedbuf: ring row width mismatch", func() { r.Push(make([]float32, 2)) })
	assert.PanicsWithValue(t, "fixedbuf: ring row width mismatch", func() { r.Push(make([]float32, 4)) })
	assert.PanicsWithValue(t, "fixedbuf: ring index out of range", func() { r.Row(0) })
	r.Push(make([]float32, 3))
	assert.PanicsWithValue(t, "fixedbuf: ring index out of range", func() { r.Row(1) })
	assert.PanicsWithValue(t, "fixedbuf: ring index out of range", func() { r.Row(-1) })
	assert.PanicsWithValue(t, "fixedbuf: ring copy destination too short", func() { r.CopyTo(make([]float32, 2)) })
}

func TestRingDoesNotAllocate(t *testing.T) {
	r := NewRing(slabFor(func(c Carver) { NewRing(c, 4, 3) }), 4, 3)
	row, dst := make([]float32, 3), make([]float32, 12)
	allocs := testing.AllocsPerRun(100, func() {
		r.Push(row)
		_ = r.Row(r.Len() - 1)
		r.CopyTo(dst)
	})
	assert.Zero(t, allocs)
}

// slabFor plans layout, builds a slab from the plan and returns it unsealed.
func slabFor(layout func(Carver)) *Slab {
	var p Planner
	layout(&p)
	return NewSlab(&p)
}

func TestRingClearEmptiesAndRefills(t *testing.T) {
	var p Planner
	NewRing(&p, 3, 2)
	r := NewRing(NewSlab(&p), 3, 2)
	for i := 0; i < 5; i++ {
		r.Push([]float32{float32(i), float32(-i)})
	}
	r.Clear()
	assert.Equal(t, 0, r.Len())
	r.Push([]float32{7, 8})
	assert.Equal(t, 1, r.Len())
	assert.Equal(t, []float32{7, 8}, r.Row(0))
}
