package main

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// series is one line of a panel.
type series struct {
	name   string
	x, y   []float64
	color  int  // index into the palette
	dashed bool // theory lines
	points bool
}

var methodOrder = []string{"gd", "sgd", "adam", "exact", "blockdiag", "tridiag", "kfac", "kfac+forster", "unitwise"}

// methodColor gives each method one colour across all plots (gradient descent and SGD,
// never in the same plot, share black).
func methodColor(m string) int {
	if m == "sgd" {
		return 0
	}
	for i, n := range methodOrder {
		if n == m {
			return i
		}
	}
	return len(methodOrder)
}

// palette holds distinguishable colours (Okabe–Ito, then a few darker ones), one per method.
var palette = []color.RGBA{
	{0, 0, 0, 255},       // black
	{230, 159, 0, 255},   // orange
	{86, 180, 233, 255},  // sky blue
	{0, 158, 115, 255},   // bluish green
	{213, 94, 0, 255},    // vermillion
	{0, 114, 178, 255},   // blue
	{204, 121, 167, 255}, // reddish purple
	{120, 60, 160, 255},  // purple
	{140, 140, 20, 255},  // olive
	{128, 128, 128, 255}, // grey
}

func paletteColor(i int) color.Color { return palette[i%len(palette)] }

// decadeTicks labels powers of ten (every k-th decade so that at most 8 carry a label)
// and marks the other decades as minor ticks.
type decadeTicks struct{}

func (decadeTicks) Ticks(lo, hi float64) []plot.Tick {
	a, b := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	k := max(1, (b-a+7)/8)
	var ts []plot.Tick
	for e := a; e <= b; e++ {
		v := math.Pow(10, float64(e))
		if v < lo*0.999 || v > hi*1.001 {
			continue
		}
		t := plot.Tick{Value: v}
		if e%k == 0 {
			t.Label = fmt.Sprintf("1e%d", e)
			if e >= -2 && e <= 3 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		ts = append(ts, t)
	}
	if len(ts) < 2 { // about a decade or less: label 1, 2 and 5 times powers of ten
		ts = ts[:0]
		for e := a - 1; e <= b; e++ {
			for _, m := range []float64{1, 2, 5} {
				v := m * math.Pow(10, float64(e))
				if v >= lo*0.999 && v <= hi*1.001 {
					ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 3, 64)})
				}
			}
		}
	}
	return ts
}

// valueTicks labels exactly the given values (the sizes of a sweep).
type valueTicks []float64

func (v valueTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, x := range v {
		if x >= lo && x <= hi {
			ts = append(ts, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', -1, 64)})
		}
	}
	return ts
}

// intTicks labels integers (steps) with at most about 8 labels.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	span := math.Ceil(hi) - math.Floor(lo)
	k := math.Max(1, math.Ceil(span/8))
	var ts []plot.Tick
	for v := math.Ceil(lo/k) * k; v <= hi; v += k {
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ts
}

// panel builds one plot. Points that a log axis cannot show (≤ 0, NaN) are dropped.
func panel(title, xlabel, ylabel string, logX, logY, legend bool, ss []series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Title.TextStyle.Font.Size = vg.Points(10)
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = decadeTicks{}
	}
	if logX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = decadeTicks{}
	}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(7)
	for _, s := range ss {
		var pts plotter.XYs
		for i := range s.x {
			x, y := s.x[i], s.y[i]
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(y, 0) || (logY && y <= 0) || (logX && x <= 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("plot %q: %w", title, err)
		}
		l.Color = paletteColor(s.color)
		l.Width = vg.Points(1.2)
		if s.dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			l.Width = vg.Points(0.9)
		}
		p.Add(l)
		if s.points {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.Color = l.Color
			sc.Radius = vg.Points(1.8)
			p.Add(sc)
		}
		if legend && s.name != "" {
			p.Legend.Add(s.name, l)
		}
	}
	return p, nil
}

// saveGrid draws plots (rows × cols, nil entries left blank) into one SVG file, or PNG when
// the path ends in .png.
func saveGrid(path string, plots [][]*plot.Plot, cellW, cellH vg.Length) error {
	rows := len(plots)
	cols := 0
	for _, r := range plots {
		cols = max(cols, len(r))
	}
	w, h := cellW*vg.Length(cols), cellH*vg.Length(rows)
	var c vg.CanvasWriterTo
	if strings.HasSuffix(path, ".png") {
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110))}
	} else {
		c = vgsvg.New(w, h)
	}
	dc := draw.New(c)
	t := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 3, PadY: vg.Millimeter * 3,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	// Align needs a full rectangle
	full := make([][]*plot.Plot, rows)
	for i := range full {
		full[i] = make([]*plot.Plot, cols)
		copy(full[i], plots[i])
	}
	canvases := plot.Align(full, t, dc)
	for i := range full {
		for j := range full[i] {
			if full[i][j] != nil {
				full[i][j].Draw(canvases[i][j])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := c.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
