//go:build !purego && !noasm

package simd

// transpose4x4AVX2 transposes the rb×cb blocks of 4×4 at the top left of A into B
// (transpose64_amd64.s); rb, cb ≥ 1.
//
//go:noescape
func transpose4x4AVX2(a *float64, lda int, b *float64, ldb int, rb, cb int)

// transposeTileCols and transposeTileRows bound the tiles of A that transpose64 hands to
// the kernel: eight columns of A are eight rows of B, a cache line each, so a tile's
// writes stay in a few lines even when B's stride is a power of two that maps its rows
// to a few cache sets (sweeping whole rows of A instead wrote one line per column of A and
// lost each before it was filled: 256×128 into stride 256 took 18 µs, by tiles 6.5 µs;
// 128×256 13 → 5.7, 256×256 43 → 20; measured). Narrow strides (below 64) and up to 16
// columns of A go in one call.
const (
	transposeTileCols = 8
	transposeTileRows = 32
)

func transpose64(r, c int, a []float64, lda int, b []float64, ldb int) {
	r0, c0 := r&^3, c&^3
	if !useAVX2 || r0 == 0 || c0 == 0 {
		transpose64Generic(r, c, a, lda, b, ldb)
		return
	}
	if ldb < 64 || c0 <= 2*transposeTileCols {
		// B's rows close together (a packed strip) or few of them: nothing to lose
		transpose4x4AVX2(&a[0], lda, &b[0], ldb, r0/4, c0/4)
		transpose64Edges(r, c, r0, c0, a, lda, b, ldb)
		return
	}
	for i := 0; i < r0; i += transposeTileRows {
		rb := min(transposeTileRows, r0-i) / 4
		for j := 0; j < c0; j += transposeTileCols {
			cb := min(transposeTileCols, c0-j) / 4
			transpose4x4AVX2(&a[i*lda+j], lda, &b[j*ldb+i], ldb, rb, cb)
		}
	}
	transpose64Edges(r, c, r0, c0, a, lda, b, ldb)
}
