package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// InvLower4 gives the inverse of a 4×4 lower triangle: X·L = I to rounding.
func TestInvLower4InvertsTheLowerTriangle(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for trial := 0; trial < 100; trial++ {
		var l [4][4]float64
		for r := 0; r < 4; r++ {
			for q := 0; q < r; q++ {
				l[r][q] = rng.NormFloat64()
			}
			l[r][r] = 0.5 + rng.Float64()
		}
		x10, x20, x21, x30, x31, x32 := InvLower4(l[1][0], l[2][0], l[2][1], l[3][0], l[3][1], l[3][2],
			1/l[0][0], 1/l[1][1], 1/l[2][2], 1/l[3][3])
		x := [4][4]float64{
			{1 / l[0][0], 0, 0, 0},
			{x10, 1 / l[1][1], 0, 0},
			{x20, x21, 1 / l[2][2], 0},
			{x30, x31, x32, 1 / l[3][3]},
		}
		for r := 0; r < 4; r++ {
			for c := 0; c < 4; c++ {
				var s float64
				for p := 0; p < 4; p++ {
					s += x[r][p] * l[p][c]
				}
				want := 0.0
				if r == c {
					want = 1
				}
				if math.Abs(s-want) > 1e-12 {
					t.Fatalf("trial %d: (X·L)[%d][%d] = %v, want %v", trial, r, c, s, want)
				}
			}
		}
	}
}
