package simd

// Mixed-precision Gram blocks: the lower triangle of AᵀA for a block of float32 rows, each
// entry summed in float32 over the block (products at the float32 rate) and added into a
// float64 matrix. Summing many blocks this way keeps the rounding error that of one block's
// float32 sum while the total is float64 (the K-FAC statistics of package core).
//
// With the AVX2+FMA kernel (amd64) the block is first copied into the pack with a padded
// leading dimension (gramLd: zero columns past k, and a row length that is an odd number
// of cache lines, so that a column strip does not fall into a few cache sets the way a
// power-of-two stride does); then each 6×16 tile of the triangle is one register-blocked
// pass over the block's rows (gramK6x16) whose sums are widened and added into C in
// place. Tiles cut by the diagonal or by the edge are stored into a 6×16 float64 tile and
// added element by element. Elsewhere the triangle is covered by column panels of
// float32 GemmTN products (NEON on arm64) added into C; so are small ones (gramPackedMin). gramAddLower32Generic is the
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

// gramPacked is GramAddLower32 through the packed block and 6×16 tiles (gramTile: the
// assembly kernel when asm, gramK6x16Go otherwise).
func gramPacked(asm bool, kb, k int, a []float32, lda int, c []float64, ldc int, pack []float32) {
	ld := gramLd(k)
	p := pack[:kb*ld]
	for r := 0; r < kb; r++ {
		row := p[r*ld : (r+1)*ld]
		copy(row, a[r*lda:r*lda+k])
		clear(row[k:])
	}
	var tile [96]float64
	for j0 := 0; j0 < k; j0 += 16 {
		for i0 := j0; i0 < k; i0 += 6 {
			if i0 >= j0+15 && i0+6 <= k && j0+16 <= k {
				// entirely below the diagonal and inside C
				gramTile(asm, kb, p[i0:], p[j0:], ld, c[i0*ldc+j0:], ldc, true)
				continue
			}
			gramTile(asm, kb, p[i0:], p[j0:], ld, tile[:], 16, false)
			for r := 0; r < 6 && i0+r < k; r++ {
				i := i0 + r
				cr := c[i*ldc+j0 : i*ldc+j0+min(16, i-j0+1, k-j0)]
				for jj := range cr {
					cr[jj] += tile[r*16+jj]
				}
			}
		}
	}
}

// gramK6x16Go is the tile kernel: c[r*ldc+j] += Σ_{p<k} ai[p*ld+r]·aj[p*ld+j] for r < 6,
// j < 16, each sum in float32 (c[r*ldc+j] = … when not add).
func gramK6x16Go(k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	var s [6][16]float32
	for p := 0; p < k; p++ {
		x := ai[p*ld : p*ld+6 : p*ld+6]
		y := aj[p*ld : p*ld+16 : p*ld+16]
		for r, v := range x {
			sr := &s[r]
			for j, w := range y {
				sr[j] += v * w
			}
		}
	}
	for r := range s {
		cr := c[r*ldc : r*ldc+16 : r*ldc+16]
		for j, v := range s[r] {
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
