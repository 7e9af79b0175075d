package main

import (
	"math"
	"slices"
)

// Fit is a least-squares line y = Intercept + Slope·x with the standard error of the slope
// and the coefficient of determination.
type Fit struct {
	Slope, Intercept float64
	SlopeErr         float64
	R2               float64
	N                int
}

// fitLine fits y = a + b·x by ordinary least squares. With fewer than two distinct x it
// returns a fit with NaN slope.
func fitLine(x, y []float64) Fit {
	n := len(x)
	f := Fit{N: n, Slope: math.NaN(), Intercept: math.NaN(), SlopeErr: math.NaN(), R2: math.NaN()}
	if n < 2 || len(y) != n {
		return f
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxx, sxy, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 {
		return f
	}
	f.Slope = sxy / sxx
	f.Intercept = my - f.Slope*mx
	var sse float64
	for i := range x {
		r := y[i] - f.Intercept - f.Slope*x[i]
		sse += r * r
	}
	if syy > 0 {
		f.R2 = 1 - sse/syy
	} else {
		f.R2 = 1
	}
	if n > 2 {
		f.SlopeErr = math.Sqrt(sse / float64(n-2) / sxx)
	} else {
		f.SlopeErr = 0
	}
	return f
}

// fitLogLog fits log t = c + k·log s, the exponent k of a power law t ∝ s^k. Points with a
// non-positive coordinate are skipped.
func fitLogLog(s, t []float64) Fit {
	var lx, ly []float64
	for i := range s {
		if s[i] > 0 && t[i] > 0 {
			lx = append(lx, math.Log(s[i]))
			ly = append(ly, math.Log(t[i]))
		}
	}
	return fitLine(lx, ly)
}

// median returns the median of v (NaN for an empty slice); v is not modified.
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// minMax returns the smallest and largest value of v (NaN, NaN when empty).
func minMax(v []float64) (lo, hi float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	lo, hi = v[0], v[0]
	for _, x := range v[1:] {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// geoMean returns the geometric mean of the positive values of v (NaN if there are none).
func geoMean(v []float64) float64 {
	var s float64
	k := 0
	for _, x := range v {
		if x > 0 {
			s += math.Log(x)
			k++
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return math.Exp(s / float64(k))
}
