package simd

// Mixed-precision Gram blocks: the lower triangle of AᵀA for a block of float32 rows, each
// entry summed in float32 over the block (products at the float32 rate) and added into a
// float64 matrix. Summing many blocks this way keeps the rounding error that of one block's
// float32 sum while the total is float64 (the K-FAC statistics of package core).
//
// With the AVX2+FMA kernels (amd64) each tile of the triangle is one register-blocked pass
// over the block's rows whose float32 sums are widened and added into C in place: the
// 16×16 diagonal blocks of sixteen-column strips by 8×8 tiles (gramK8x8), the rest of each
// strip by 6×16 tiles (gramK6x16, gramK6x16Col for a column of them). The tiles read the
// block in place unless its stride would crowd a column strip into a few cache sets; then
// it is copied into the pack with a padded leading dimension (gramLd: zero columns past k,
// and a row length that is an odd number of cache lines). Tiles cut by the diagonal or by
// the edge are stored into a float64 tile on the stack and added element by element.
// Elsewhere the triangle is covered by column panels of float32 GemmTN products (NEON on
// arm64) added into C; so are small ones (gramPackedMin). gramAddLower32Generic is the
// specification.

// gramPanel32 is the panel width of the GemmTN path; up to gramPackedMin columns the GemmTN
// path is faster than the tiles, whose triangle and edge tiles then dominate (measured).
const (
	gramPanel32   = 64
	gramPackedMin = 48
)

// gramLd returns the padded leading dimension of the packed block for k columns: at least
// k+6 (a six-row tile starting at column k−1 reads zeros, not the next row), a multiple of
// sixteen, an odd number of 64-byte lines.
func gramLd(k int) int {
	ld := (k + 6 + 15) &^ 15
	if (ld/16)%2 == 0 {
		ld += 16
	}
	return ld
}

// GramPackLen returns the length of the float32 scratch GramAddLower32 needs for blocks of
// at most kb rows and k columns.
func GramPackLen(kb, k int) int {
	return max(kb*gramLd(k), k*min(k, gramPanel32))
}

// GramAddLower32 adds to the lower triangle of the k×k float64 matrix C (stride ldc; the
// strict upper triangle is neither read nor written) the Gram of the kb×k float32 block A
// (stride lda): c[i*ldc+j] += Σ_{p<kb} a[p*lda+i]·a[p*lda+j] for j ≤ i < k, each sum formed
// in float32. pack is scratch of at least GramPackLen(kb, k) values; C must not overlap A
// or pack. Nothing allocates.
func GramAddLower32(kb, k int, a []float32, lda int, c []float64, ldc int, pack []float32) {
	if kb < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if kb == 0 || k == 0 {
		return
	}
	if lda < k || ldc < k {
		panic("simd: bad leading dimension")
	}
	if len(a) < (kb-1)*lda+k || len(c) < (k-1)*ldc+k {
		panic("simd: matrix slice too short")
	}
	if len(pack) < GramPackLen(kb, k) {
		panic("simd: pack buffer too short")
	}
	gramAddLower32(kb, k, a, lda, c, ldc, pack)
}

// gramAddLower32Generic is the specification of GramAddLower32: each sum in float32 in
// row order, then added in float64.
func gramAddLower32Generic(kb, k int, a []float32, lda int, c []float64, ldc int) {
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			var s float32
			for p := 0; p < kb; p++ {
				s += a[p*lda+i] * a[p*lda+j]
			}
			c[i*ldc+j] += float64(s)
		}
	}
}

// gramPacked is GramAddLower32 through register tiles (gramTile: 6×16, gramTile8: 8×8;
// the assembly kernels when asm, their Go twins otherwise). The tiles read A in place
// (gramInPlace), else the block copied into pack with the padded stride gramLd. Each
// sixteen-column strip j0 of the triangle starts with its 16×16 diagonal block, covered by
// three 8×8 tiles (two cut by the diagonal, one below it: 192 sums for its 136 entries, where
// 6×16 tiles would spend 256), and continues below it with 6×16 tiles, one gramTileCol call
// for those entirely inside C. The rows left over at the bottom (fewer than six) take a tile
// ending at row k, and a strip narrower than sixteen columns (the last one when 16 does not
// divide k) tiles sixteen columns ending at column k, so that no tile reads past column k
// (tiles of a packed block narrower than sixteen columns read its zero padding). Tiles cut by
// the diagonal or moved back from the edge are stored into a float64 tile on the stack and
// only the entries they add are added, one by one. Every entry is the same float32 sum
// whatever tile forms it.
func gramPacked(asm bool, kb, k int, a []float32, lda int, c []float64, ldc int, pack []float32) {
	p, ld := a, lda
	if !gramInPlace(k, lda) {
		ld = gramLd(k)
		p = pack[:kb*ld]
		for r := 0; r < kb; r++ {
			row := p[r*ld : (r+1)*ld]
			copy(row, a[r*lda:r*lda+k])
			clear(row[k:])
		}
	}
	var tile [96]float64
	for j0 := 0; j0 < k; j0 += 16 {
		i0 := j0
		if j0+16 <= k {
			gramTile8Lower(asm, kb, p[j0:], p[j0:], ld, c[j0*ldc+j0:], ldc)
			gramTile8(asm, kb, p[j0+8:], p[j0:], ld, c[(j0+8)*ldc+j0:], ldc, true)
			gramTile8Lower(asm, kb, p[j0+8:], p[j0+8:], ld, c[(j0+8)*ldc+j0+8:], ldc)
			i0 = j0 + 16
			if n := (k - i0) / 6; n > 0 {
				// entirely below the diagonal and inside C
				gramTileCol(asm, kb, n, p[i0:], p[j0:], ld, c[i0*ldc+j0:], ldc)
				i0 += 6 * n
			}
		}
		jt := max(0, min(j0, k-16)) // the tile's first column
		for ; i0 < k; i0 += 6 {
			it := max(0, min(i0, k-6)) // the tile's first row
			gramTile(asm, kb, p[it:], p[jt:], ld, tile[:], 16, false)
			gramAddTile(tile[:], 6, 16, it, jt, i0, j0, k, c, ldc)
		}
	}
}

// gramInPlace reports whether gramPacked's tiles read the block in place: for sixteen
// columns or more (no tile then reads past column k), unless the stride is a multiple of
// 512 values (2 KiB), whose rows fall into so few cache sets that a strip of them is
// evicted before it is used again (such blocks are copied to the stride gramLd). Reading
// the K-FAC signals (stride 256) in place costs about 1% more in the tiles than reading
// the packed copy, and saves the copy (about 3.5% of the Gram).
func gramInPlace(k, lda int) bool { return k >= 16 && lda%512 != 0 }

// gramAddTile adds, from the m×n tile t (stride n) of sums for rows i0… and columns j0…, the
// entries of C's lower triangle in rows from ilo and columns from jlo: c[i,j] += t[i-i0,
// j-j0] for ilo ≤ i < k and jlo ≤ j ≤ i.
func gramAddTile(t []float64, m, n, i0, j0, ilo, jlo, k int, c []float64, ldc int) {
	lo := max(j0, jlo)
	for i := max(i0, ilo); i < min(i0+m, k); i++ {
		hi := min(j0+n, i+1, k)
		if hi <= lo {
			continue
		}
		cr := c[i*ldc+lo : i*ldc+hi]
		tr := t[(i-i0)*n+lo-j0:]
		tr = tr[:len(cr)]
		for jj, v := range tr {
			cr[jj] += v
		}
	}
}

// gramK6x16Go is the 6×16 tile kernel: c[r*ldc+j] += Σ_{p<k} ai[p*ld+r]·aj[p*ld+j] for
// r < 6, j < 16, each sum in float32 (c[r*ldc+j] = … when not add).
func gramK6x16Go(k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	gramKGo(6, 16, k, ai, aj, ld, c, ldc, add)
}

// gramK8x8Go is the 8×8 tile kernel: gramK6x16Go for r < 8, j < 8.
func gramK8x8Go(k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	gramKGo(8, 8, k, ai, aj, ld, c, ldc, add)
}

// gramK8x8LowerGo is gramK8x8Go adding only the lower triangle, j ≤ r; the rest of c is
// not touched.
func gramK8x8LowerGo(k int, ai, aj []float32, ld int, c []float64, ldc int) {
	var t [64]float64
	gramKGo(8, 8, k, ai, aj, ld, t[:], 8, false)
	gramAddTile(t[:], 8, 8, 0, 0, 0, 0, 8, c, ldc)
}

// gramKGo is the m×n tile kernel (m ≤ 8, n ≤ 16): c[r*ldc+j] += Σ_{p<k} ai[p*ld+r]·aj[p*ld+j]
// for r < m, j < n, each sum in float32 in row order (c[r*ldc+j] = … when not add).
func gramKGo(m, n, k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	var s [8][16]float32
	for p := 0; p < k; p++ {
		x := ai[p*ld : p*ld+m]
		y := aj[p*ld : p*ld+n]
		for r, v := range x {
			sr := s[r][:n]
			for j, w := range y {
				sr[j] += v * w
			}
		}
	}
	for r := 0; r < m; r++ {
		cr := c[r*ldc : r*ldc+n]
		for j, v := range s[r][:n] {
			if add {
				cr[j] += float64(v)
			} else {
				cr[j] = float64(v)
			}
		}
	}
}

// gramPanels is GramAddLower32 through column panels of float32 GemmTN products into
// pack, added into C.
func gramPanels(kb, k int, a []float32, lda int, c []float64, ldc int, pack []float32) {
	for j0 := 0; j0 < k; j0 += gramPanel32 {
		jw, m := min(gramPanel32, k-j0), k-j0
		t := pack[:m*jw]
		p := a[j0:]
		gemmTN(m, jw, kb, 1, p, lda, p, lda, 0, t, jw)
		for i := 0; i < m; i++ {
			row := c[(j0+i)*ldc+j0 : (j0+i)*ldc+j0+min(jw, i+1)]
			for j, v := range t[i*jw : i*jw+len(row)] {
				row[j] += float64(v)
			}
		}
	}
}
