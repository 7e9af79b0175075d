// Package fixedbuf carves the memory of one trainer out of a single slab.
//
// A component describes its buffers once, as a function of a Carver. Run against a
// *Planner the function only counts elements, so the bytes a configuration needs are
// known before anything is allocated; run against a *Slab built from that plan it
// returns views into the slab. After Seal, carving panics: nothing a training step
// touches can be allocated late.
package fixedbuf

// Mat32 is a row-major float32 matrix view: element (i, j) is Data[i*Stride+j].
type Mat32 struct {
	Data               []float32
	Rows, Cols, Stride int
}

// Mat64 is a row-major float64 matrix view: element (i, j) is Data[i*Stride+j].
type Mat64 struct {
	Data               []float64
	Rows, Cols, Stride int
}

// Row returns row i of m.
func (m Mat32) Row(i int) []float32 { return m.Data[i*m.Stride : i*m.Stride+m.Cols] }

// Row returns row i of m.
func (m Mat64) Row(i int) []float64 { return m.Data[i*m.Stride : i*m.Stride+m.Cols] }

// At returns element (i, j).
func (m Mat32) At(i, j int) float32 { return m.Data[i*m.Stride+j] }

// At returns element (i, j).
func (m Mat64) At(i, j int) float64 { return m.Data[i*m.Stride+j] }

// Carver hands out float32 and float64 buffers. *Planner counts them; *Slab returns them.
type Carver interface {
	F32(n int) []float32
	F64(n int) []float64
	Mat32(rows, cols int) Mat32
	Mat64(rows, cols int) Mat64
}

// align is the element granularity of every carved buffer (64 bytes for float32).
const align = 16

func roundUp(n int) int { return (n + align - 1) / align * align }

// Planner counts the elements a layout needs. The zero value is ready to use.
type Planner struct {
	n32, n64 int
}

// F32 reserves n float32 elements and returns nil.
func (p *Planner) F32(n int) []float32 {
	if n < 0 {
		panic("fixedbuf: negative length")
	}
	p.n32 += roundUp(n)
	return nil
}

// F64 reserves n float64 elements and returns nil.
func (p *Planner) F64(n int) []float64 {
	if n < 0 {
		panic("fixedbuf: negative length")
	}
	p.n64 += roundUp(n)
	return nil
}

// Mat32 reserves a rows×cols float32 matrix and returns a view without data.
func (p *Planner) Mat32(rows, cols int) Mat32 {
	p.F32(rows * cols)
	return Mat32{Rows: rows, Cols: cols, Stride: cols}
}

// Mat64 reserves a rows×cols float64 matrix and returns a view without data.
func (p *Planner) Mat64(rows, cols int) Mat64 {
	p.F64(rows * cols)
	return Mat64{Rows: rows, Cols: cols, Stride: cols}
}

// Elems returns the float32 and float64 element counts reserved so far.
func (p *Planner) Elems() (f32, f64 int) { return p.n32, p.n64 }

// Bytes returns the number of bytes a Slab built from this plan holds.
func (p *Planner) Bytes() int { return 4*p.n32 + 8*p.n64 }

// Slab is the memory of one trainer: one float32 and one float64 region, carved in order.
type Slab struct {
	f32    []float32
	f64    []float64
	o32    int
	o64    int
	sealed bool
}

// NewSlab allocates exactly what p reserved.
func NewSlab(p *Planner) *Slab {
	return &Slab{f32: make([]float32, p.n32), f64: make([]float64, p.n64)}
}

// F32 returns the next n float32 elements, zeroed. It panics when the slab is sealed or full.
func (s *Slab) F32(n int) []float32 {
	if s.sealed {
		panic("fixedbuf: carve after Seal")
	}
	r := roundUp(n)
	if s.o32+r > len(s.f32) {
		panic("fixedbuf: slab exhausted (layout differs from its plan)")
	}
	v := s.f32[s.o32 : s.o32+n : s.o32+n]
	s.o32 += r
	return v
}

// F64 returns the next n float64 elements, zeroed. It panics when the slab is sealed or full.
func (s *Slab) F64(n int) []float64 {
	if s.sealed {
		panic("fixedbuf: carve after Seal")
	}
	r := roundUp(n)
	if s.o64+r > len(s.f64) {
		panic("fixedbuf: slab exhausted (layout differs from its plan)")
	}
	v := s.f64[s.o64 : s.o64+n : s.o64+n]
	s.o64 += r
	return v
}

// Mat32 returns the next rows×cols float32 matrix.
func (s *Slab) Mat32(rows, cols int) Mat32 {
	return Mat32{Data: s.F32(rows * cols), Rows: rows, Cols: cols, Stride: cols}
}

// Mat64 returns the next rows×cols float64 matrix.
func (s *Slab) Mat64(rows, cols int) Mat64 {
	return Mat64{Data: s.F64(rows * cols), Rows: rows, Cols: cols, Stride: cols}
}

// Seal forbids further carving.
func (s *Slab) Seal() { s.sealed = true }

// Bytes returns the slab's size in bytes.
func (s *Slab) Bytes() int { return 4*len(s.f32) + 8*len(s.f64) }

// Used returns the float32 and float64 elements carved so far.
func (s *Slab) Used() (f32, f64 int) { return s.o32, s.o64 }

// Ring is a fixed-capacity ring of samples (rows of equal width) for streaming training:
// the most recent Cap rows pushed, oldest first. Push overwrites the oldest row once
// full. Its memory is carved once (NewRing); Push, Row and CopyTo never allocate.
type Ring struct {
	data        []float32
	width, cap_ int
	head, n     int
}

// NewRing returns a ring of capacity rows of width floats, carved from c.
func NewRing(c Carver, capacity, width int) Ring {
	if capacity <= 0 || width <= 0 {
		panic("fixedbuf: ring needs positive capacity and width")
	}
	return Ring{data: c.F32(capacity * width), width: width, cap_: capacity}
}

// Push copies row (len == width) into the ring.
func (r *Ring) Push(row []float32) {
	if len(row) != r.width {
		panic("fixedbuf: ring row width mismatch")
	}
	i := (r.head + r.n) % r.cap_
	if r.n == r.cap_ {
		i = r.head
		r.head = (r.head + 1) % r.cap_
	} else {
		r.n++
	}
	copy(r.data[i*r.width:(i+1)*r.width], row)
}

// Len returns the number of rows held.
func (r *Ring) Len() int { return r.n }

// Clear empties the ring (its memory stays).
func (r *Ring) Clear() { r.head, r.n = 0, 0 }

// Cap returns the number of rows the ring holds when full.
func (r *Ring) Cap() int { return r.cap_ }

// Width returns the length of every row.
func (r *Ring) Width() int { return r.width }

// Row returns the i-th oldest row held (0 ≤ i < Len): a view into the ring, valid until
// the next Push, whose capacity ends at the row (appending to it cannot reach a neighbour).
func (r *Ring) Row(i int) []float32 {
	if i < 0 || i >= r.n {
		panic("fixedbuf: ring index out of range")
	}
	j := (r.head + i) % r.cap_
	return r.data[j*r.width : (j+1)*r.width : (j+1)*r.width]
}

// CopyTo writes the rows oldest first into dst (at least Len()*width floats) and returns
// Len().
func (r *Ring) CopyTo(dst []float32) int {
	if len(dst) < r.n*r.width {
		panic("fixedbuf: ring copy destination too short")
	}
	for i := 0; i < r.n; i++ {
		copy(dst[i*r.width:(i+1)*r.width], r.Row(i))
	}
	return r.n
}
