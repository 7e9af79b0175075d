package main

import (
	"math"
	"testing"

	"github.com/edgetrain/edgetrain/core"
)

func TestFitLogLogRecoversExactPowerLaw(t *testing.T) {
	// t = 3·s^2.5 exactly: slope 2.5, intercept log 3, R² 1, zero slope error.
	var s, y []float64
	for _, v := range []float64{16, 32, 64, 128, 256} {
		s = append(s, v)
		y = append(y, 3*math.Pow(v, 2.5))
	}
	f := fitLogLog(s, y)
	if math.Abs(f.Slope-2.5) > 1e-12 || math.Abs(f.Intercept-math.Log(3)) > 1e-10 {
		t.Fatalf("fit of 3·s^2.5: slope %v intercept %v", f.Slope, f.Intercept)
	}
	if math.Abs(f.R2-1) > 1e-12 || f.SlopeErr > 1e-12 {
		t.Fatalf("exact data: R² %v, slope error %v", f.R2, f.SlopeErr)
	}
}

func TestFitLineNoisyDataHasErrorAndSkipsBadPoints(t *testing.T) {
	// Least squares through (0,2), (1,2), (2,6), (3,6) has slope 8/5 and leaves residuals,
	// so the slope has a positive standard error and R² < 1; the log-log fit drops the zero
	// time and recovers t = s² from the other three points.
	f := fitLine([]float64{0, 1, 2, 3}, []float64{2, 2, 6, 6})
	if math.Abs(f.Slope-1.6) > 1e-12 || !(f.SlopeErr > 0) || !(f.R2 < 1) {
		t.Fatalf("noisy fit: %+v", f)
	}
	g := fitLogLog([]float64{1, 2, 4, 8}, []float64{0, 4, 16, 64})
	if g.N != 3 || math.Abs(g.Slope-2) > 1e-12 {
		t.Fatalf("log-log fit with a zero time: %+v", g)
	}
	if h := fitLine([]float64{1, 1}, []float64{1, 2}); !math.IsNaN(h.Slope) {
		t.Fatalf("constant x must give NaN slope, got %v", h.Slope)
	}
}

func TestMedianRangeGeoMean(t *testing.T) {
	v := []float64{5, 1, 4, 2}
	if m := median(v); m != 3 {
		t.Fatalf("median %v", m)
	}
	if v[0] != 5 {
		t.Fatal("median reordered its input")
	}
	if m := median([]float64{3, 9, 1}); m != 3 {
		t.Fatalf("odd median %v", m)
	}
	lo, hi := minMax(v)
	if lo != 1 || hi != 5 {
		t.Fatalf("range %v %v", lo, hi)
	}
	if g := geoMean([]float64{1, 4, 16, 0}); math.Abs(g-4) > 1e-12 {
		t.Fatalf("geometric mean %v", g)
	}
}

func TestSymEigenReconstructsMatrix(t *testing.T) {
	// V diag(w) Vᵀ must reproduce the second-difference matrix, whose spectrum is 2−√2, 2, 2+√2.
	a := []float64{
		2, -1, 0,
		-1, 2, -1,
		0, -1, 2,
	}
	w, v := symEigen(a, 3)
	var sum float64
	for _, x := range w {
		sum += x
	}
	if math.Abs(sum-6) > 1e-12 {
		t.Fatalf("trace of eigenvalues %v", sum)
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var r float64
			for k := 0; k < 3; k++ {
				r += v[i*3+k] * w[k] * v[j*3+k]
			}
			if math.Abs(r-a[i*3+j]) > 1e-12 {
				t.Fatalf("V diag(w) Vᵀ [%d,%d] = %v, want %v", i, j, r, a[i*3+j])
			}
		}
	}
	lo, hi := minMax(w)
	if math.Abs(lo-(2-math.Sqrt2)) > 1e-12 || math.Abs(hi-(2+math.Sqrt2)) > 1e-12 {
		t.Fatalf("extreme eigenvalues %v %v", lo, hi)
	}
}

func TestSweepExtendsPastTheBestEndAndBreaksTiesByLoss(t *testing.T) {
	// A validation metric peaked at rate 0.3 (beyond the grid's top, 0.1): the sweep must
	// extend upward to find it and stop once a larger rate is worse.
	metric := func(lr float64) float64 { return 1 - math.Abs(math.Log10(lr/0.3)) }
	var asked []float64
	rs := sweepRates([]float64{0.01, 0.03, 0.1}, func(lr float64) convRun {
		asked = append(asked, lr)
		return convRun{lr: lr, bestVal: metric(lr), valLoss: 1 - metric(lr)}
	})
	best := rs[bestRun(rs)].lr
	if best != 0.3 || len(rs) != 5 || rs[4].lr != 0.9 {
		t.Fatalf("sweep asked %v, chose %v", asked, best)
	}
	// equal metrics: the lower validation loss wins; a failed run (NaN) never does
	tie := []convRun{{lr: 1, bestVal: math.NaN()}, {lr: 2, bestVal: 0.9, valLoss: 0.5}, {lr: 3, bestVal: 0.9, valLoss: 0.4}}
	if i := bestRun(tie); i != 2 {
		t.Fatalf("tie broken to run %d", i)
	}
}

func TestCostModelReachesItsAsymptoticExponents(t *testing.T) {
	// At sizes far beyond the others the model's slope is the dominant term's exponent:
	// exact N³ (N ≫ M), SGD linear in N, SGD M² (M ≫ N), tri-diagonal (LN)³ in L.
	slope := func(m core.Method, pts []scalePoint, size func(scalePoint) int) float64 {
		for i := range pts {
			pts[i].method = m
		}
		return modelFit(pts, m, size, 0).Slope
	}
	n := func(p scalePoint) int { return p.n }
	if k := slope(core.Exact, []scalePoint{{n: 1 << 14, m: 64, layers: 3}, {n: 1 << 15, m: 64, layers: 3}}, n); math.Abs(k-3) > 0.05 {
		t.Fatalf("exact in N: %v", k)
	}
	if k := slope(core.SGD, []scalePoint{{n: 8, m: 64, layers: 3}, {n: 64, m: 64, layers: 3}}, n); math.Abs(k-1) > 1e-9 {
		t.Fatalf("sgd in N: %v", k)
	}
	if k := slope(core.SGD, []scalePoint{{n: 8, m: 1 << 12, layers: 3}, {n: 8, m: 1 << 13, layers: 3}}, func(p scalePoint) int { return p.m }); math.Abs(k-2) > 0.05 {
		t.Fatalf("sgd in M: %v", k)
	}
	if k := slope(core.TriDiag, []scalePoint{{n: 1024, m: 8, layers: 30}, {n: 1024, m: 8, layers: 60}}, func(p scalePoint) int { return p.layers }); math.Abs(k-3) > 0.05 {
		t.Fatalf("tridiag in L: %v", k)
	}
}
