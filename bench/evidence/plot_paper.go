package main

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/edgetrain/edgetrain/simd"
)

// plotPaper draws one activation: a row per step fraction f, a column per width.
func plotPaper(path string, runs []paperRun, act simd.Activation, o paperOpts) error {
	var grid [][]*plot.Plot
	for fi, frac := range o.fracs {
		var row []*plot.Plot
		for wi, M := range o.widths {
			var ss []series
			for _, r := range runs {
				if r.act != act || r.width != M || r.frac != frac {
					continue
				}
				steps := make([]float64, len(r.loss))
				for i := range steps {
					steps[i] = float64(i)
				}
				c := methodColor(r.method)
				ss = append(ss, series{name: r.method, x: steps, y: r.loss, color: c, points: true})
				if r.theory != nil && (frac != 1 || r.method == "gd") {
					tx := make([]float64, len(r.theory))
					for i := range tx {
						tx[i] = float64(i)
					}
					ss = append(ss, series{x: tx, y: r.theory, color: c, dashed: true})
				}
			}
			title := fmt.Sprintf("%s, M = %d, η = %s", act, M, fracName(frac))
			p, err := panel(title, "step", "training loss", false, true, fi == 0 && wi == 0, ss)
			if err != nil {
				return err
			}
			p.X.Tick.Marker = intTicks{}
			row = append(row, p)
		}
		grid = append(grid, row)
	}
	return saveGrid(path, grid, 11*vg.Centimeter, 9*vg.Centimeter)
}
