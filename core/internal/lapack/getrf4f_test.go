package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDgetrfSmallSolvesLikeTheUnblockedLoop factors random matrices of every order from 1
// to 100 with DgetrfSmall and with dgetrfGeneric and compares A⁻¹b through both; the pivots
// agree (random matrices have no near ties to order differently), and a zero column is
// rejected.
func TestDgetrfSmallSolvesLikeTheUnblockedLoop(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(99, 100))
		for n := 1; n <= 100; n++ {
			ld := n + n%3
			a := randomGeneral(rng, n, ld, 0)
			got, want := append([]float64(nil), a...), append([]float64(nil), a...)
			pg, pw := make([]float64, n), make([]float64, n)
			require.True(t, DgetrfSmall(n, got, ld, pg), "n=%d", n)
			require.True(t, dgetrfGeneric(n, want, ld, pw), "n=%d", n)
			b := randomRows(rng, 1, n, n)
			xg, xw := append([]float64(nil), b...), append([]float64(nil), b...)
			Dgetrs(n, got, ld, pg, xg)
			dgetrsGeneric(n, want, ld, pw, xw)
			var scale float64
			for _, v := range xw {
				scale = max(scale, math.Abs(v))
			}
			for i := range xw {
				require.InDelta(t, xw[i], xg[i], 1e-9*(1+scale), "n=%d element %d", n, i)
			}
			require.Equal(t, pw, pg, "n=%d pivots", n)

			z := append([]float64(nil), a...)
			c := rng.IntN(n)
			for i := 0; i < n; i++ {
				z[i*ld+c] = 0
			}
			require.False(t, DgetrfSmall(n, z, ld, pg), "n=%d zero column %d", n, c)
		}
	})
}

// BenchmarkDgetrfSmall times the four-column LU at the order of the smallest tri-diagonal
// pivot blocks.
func BenchmarkDgetrfSmall(b *testing.B) {
	const n = 32
	a := randomGeneral(rand.New(rand.NewPCG(5, n)), n, n, 0)
	l, piv := make([]float64, len(a)), make([]float64, n)
	for b.Loop() {
		copy(l, a)
		if !DgetrfSmall(n, l, n, piv) {
			b.Fatal("singular")
		}
	}
}

// DgetrfStatic solves like DgetrfSmall where partial pivoting would swap nothing, and
// refuses a matrix that needs an interchange (a small leading pivot: multiplier 1e8).
func TestDgetrfStaticSolvesLikeThePivotedLUOrRefuses(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(101, 102))
		for n := 1; n <= 64; n++ {
			ld := n + n%3
			a := randomGeneral(rng, n, ld, 0)
			for i := 0; i < n; i++ {
				a[i*ld+i] += 2 * float64(n)
			}
			got, want := append([]float64(nil), a...), append([]float64(nil), a...)
			pg, pw := make([]float64, n), make([]float64, n)
			ig, iw := make([]float64, Diag4Len(n)), make([]float64, Diag4Len(n))
			require.True(t, DgetrfStatic(n, got, ld, pg, 1, ig), "n=%d", n)
			require.True(t, DgetrfSmall(n, want, ld, pw), "n=%d", n)
			require.Equal(t, pw, pg, "n=%d pivots", n)
			// the cache is GetrfDiag4T's of the factors, bit for bit
			GetrfDiag4T(n, got, ld, iw)
			require.Equal(t, iw, ig, "n=%d cache", n)
			b := randomRows(rng, 1, n, n)
			xg, xw := append([]float64(nil), b...), append([]float64(nil), b...)
			Dgetrs(n, got, ld, pg, xg)
			Dgetrs(n, want, ld, pw, xw)
			for i := range xw {
				require.InDelta(t, xw[i], xg[i], 1e-12*(1+math.Abs(xw[i])), "n=%d element %d", n, i)
			}
			if n > 1 {
				s := append([]float64(nil), a...)
				s[0] = 1e-8 * s[ld]
				require.False(t, DgetrfStatic(n, s, ld, pg, 10, ig), "n=%d small leading pivot", n)
				require.True(t, DgetrfSmall(n, s, ld, pg), "n=%d", n)
			}
		}
	})
}

// BenchmarkDgetrfStatic times the LU without row interchanges at the order of the
// smallest tri-diagonal pivot blocks (BenchmarkDgetrfSmall is the pivoted one).
func BenchmarkDgetrfStatic(b *testing.B) {
	const n = 32
	a := randomGeneral(rand.New(rand.NewPCG(5, n)), n, n, 0)
	for i := 0; i < n; i++ {
		a[i*n+i] += n
	}
	l, piv, inv := make([]float64, len(a)), make([]float64, n), make([]float64, Diag4Len(n))
	for b.Loop() {
		copy(l, a)
		if !DgetrfStatic(n, l, n, piv, 8, inv) {
			b.Fatal("refused")
		}
	}
}
