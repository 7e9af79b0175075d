package simd

// Float64 matrix products for the blocked factorizations and solves of package lapack.
//
// Every product here is C += alpha·A·B with general element strides: A(i,p) is
// a[i*ars+p*aps] and B(p,j) is b[p*brs+j*bcs], so the NN, NT and TN forms are one
// routine. gemm64Generic is the specification. The fast form, gemm64Blocked, packs a
// kc×nc block of B into eight-column strips (contiguous eight values per p, zero padded)
// held on the stack, and runs a 6×8 register-blocked micro-kernel over it for six rows
// of A at a time (fewer than six rows are copied, zero padded, next to the pack): AVX2+FMA assembly on amd64, NEON (FMLA .2D) on arm64, micro6x8Go
// elsewhere.
// Edge tiles (fewer than six rows or eight columns, or tiles cut by the diagonal in the
// lower-triangular form) are computed into a 6×8 tile and added element by element.

// gemm64Generic is the reference loop: c[i*ldc+j] += alpha*Σ_p A(i,p)*B(p,j) for i < m,
// j < n (or, when tri, for j ≤ i only).
func gemm64Generic(tri bool, m, n, k int, alpha float64, a []float64, ars, aps int, b []float64, brs, bcs int, c []float64, ldc int) {
	for i := 0; i < m; i++ {
		nj := n
		if tri {
			nj = min(n, i+1)
		}
		for j := 0; j < nj; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += a[i*ars+p*aps] * b[p*brs+j*bcs]
			}
			c[i*ldc+j] += alpha * s
		}
	}
}

// micro6x8Go is the Go micro-kernel: c[r*ldc+j] += alpha*Σ_{p<k} a[r*ars+p*aps]*bp[p*8+j]
// for r < 6, j < 8, in 2×4 register blocks (what fits the sixteen float registers of
// amd64 without spilling; arm64 and ARMv7 run it on their generic paths).
func micro6x8Go(k int, a []float64, ars, aps int, bp []float64, c []float64, ldc int, alpha float64) {
	bp = bp[:k*8]
	for r := 0; r < 6; r += 2 {
		for h := 0; h < 8; h += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			if aps == 1 {
				a0 := a[r*ars : r*ars+k]
				a1 := a[(r+1)*ars : (r+1)*ars+k]
				bq := bp[h:]
				for p, x0 := range a0 {
					x1 := a1[p]
					b4 := bq[p*8 : p*8+4 : p*8+4]
					s00 += x0 * b4[0]
					s01 += x0 * b4[1]
					s02 += x0 * b4[2]
					s03 += x0 * b4[3]
					s10 += x1 * b4[0]
					s11 += x1 * b4[1]
					s12 += x1 * b4[2]
					s13 += x1 * b4[3]
				}
			} else {
				a0 := a[r*ars:]
				a1 := a[(r+1)*ars:]
				for p, q := 0, 0; p < k; p, q = p+1, q+aps {
					x0, x1 := a0[q], a1[q]
					b4 := bp[p*8+h : p*8+h+4 : p*8+h+4]
					s00 += x0 * b4[0]
					s01 += x0 * b4[1]
					s02 += x0 * b4[2]
					s03 += x0 * b4[3]
					s10 += x1 * b4[0]
					s11 += x1 * b4[1]
					s12 += x1 * b4[2]
					s13 += x1 * b4[3]
				}
			}
			c0 := c[r*ldc+h : r*ldc+h+4 : r*ldc+h+4]
			c0[0] += alpha * s00
			c0[1] += alpha * s01
			c0[2] += alpha * s02
			c0[3] += alpha * s03
			c1 := c[(r+1)*ldc+h : (r+1)*ldc+h+4 : (r+1)*ldc+h+4]
			c1[0] += alpha * s10
			c1[1] += alpha * s11
			c1[2] += alpha * s12
			c1[3] += alpha * s13
		}
	}
}

// kcMax bounds the depth of one packed block of B; the pack holds kc×nc values.
const kcMax = 256

// gemm64Blocked computes what gemm64Generic does, through packed blocks of B and the
// micro-kernel of the active path.
func gemm64Blocked(tri bool, m, n, k int, alpha float64, a []float64, ars, aps int, b []float64, brs, bcs int, c []float64, ldc int) {
	if m <= 0 || n <= 0 || k <= 0 {
		return
	}
	if m < 6 && !microAsm() {
		// The Go micro-kernel on zero-padded rows loses to the plain loop.
		gemm64Generic(tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
		return
	}
	// Stack buffers are zeroed on entry, so the pack is as small as the problem allows.
	kc := min(k, kcMax)
	need := kc * ((n + 7) &^ 7)
	if m < 6 {
		need += 6 * kc // the padded copy of A's rows
	}
	switch {
	case need <= 1024:
		var pack [1024]float64
		gemm64Body(pack[:], tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
	case need <= 4096:
		var pack [4096]float64
		gemm64Body(pack[:], tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
	default:
		var pack [8192]float64
		gemm64Body(pack[:], tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
	}
}

func gemm64Body(pack []float64, tri bool, m, n, k int, alpha float64, a []float64, ars, aps int, b []float64, brs, bcs int, c []float64, ldc int) {
	var tile [48]float64
	kc := min(k, kcMax)
	// With fewer than six rows, A's rows are copied into the last 6·kc values of the
	// pack, zero padded to six, and the kernel reads them there.
	var apad []float64
	if m < 6 {
		apad = pack[len(pack)-6*kc:]
		pack = pack[:len(pack)-6*kc]
	}
	nc := max((len(pack)/kc)&^7, 8)
	for p0 := 0; p0 < k; p0 += kc {
		kb := min(kc, k-p0)
		if apad != nil {
			for r := 0; r < 6; r++ {
				row := apad[r*kb : (r+1)*kb]
				if r >= m {
					clear(row)
					continue
				}
				for p := range row {
					row[p] = a[r*ars+(p0+p)*aps]
				}
			}
		}
		for j0 := 0; j0 < n; j0 += nc {
			jb := min(nc, n-j0)
			ns := (jb + 7) / 8
			for s := 0; s < ns; s++ {
				st := pack[s*kb*8 : (s+1)*kb*8]
				w := min(8, jb-8*s)
				for p := 0; p < kb; p++ {
					row := st[p*8 : p*8+8 : p*8+8]
					bo := (p0+p)*brs + (j0+8*s)*bcs
					if bcs == 1 && w == 8 {
						// eight element moves, not a copy call per row of the strip
						br := b[bo : bo+8 : bo+8]
						row[0], row[1], row[2], row[3] = br[0], br[1], br[2], br[3]
						row[4], row[5], row[6], row[7] = br[4], br[5], br[6], br[7]
						continue
					}
					for jj := 0; jj < w; jj++ {
						row[jj] = b[bo+jj*bcs]
					}
					for jj := w; jj < 8; jj++ {
						row[jj] = 0
					}
				}
			}
			i0 := 0
			if tri {
				i0 = j0 // rows above the block have no element on or below the diagonal in it
			}
			for i := i0; i < m; i += 6 {
				mr := min(6, m-i)
				it := i // first row the kernel reads; a short last block reads six rows ending at m
				if mr < 6 {
					it = m - 6
				}
				kars, kaps := ars, aps
				var ap []float64
				if apad != nil {
					it, ap, kars, kaps = 0, apad, kb, 1
				} else {
					ap = a[it*ars+p0*aps:]
				}
				for s := 0; s < ns; s++ {
					j := j0 + 8*s
					w := min(8, jb-8*s)
					if tri && j > i+mr-1 {
						break // this strip and those right of it lie above the diagonal
					}
					st := pack[s*kb*8 : (s+1)*kb*8]
					if mr == 6 && w == 8 && (!tri || j+7 <= i) {
						micro6x8(kb, ap, kars, kaps, st, c[i*ldc+j:], ldc, alpha)
						continue
					}
					tile = [48]float64{}
					micro6x8(kb, ap, kars, kaps, st, tile[:], 8, alpha)
					for r := i - it; r < 6 && it+r < m; r++ {
						row := it + r
						wr := w
						if tri {
							wr = min(w, row-j+1)
						}
						cr := c[row*ldc+j:]
						for jj := 0; jj < wr; jj++ {
							cr[jj] += tile[r*8+jj]
						}
					}
				}
			}
		}
	}
}

// checkGemm64 panics unless the slices hold the matrices the strides describe.
func checkGemm64(m, n, k, lda, ldb, ldc, arows, acols, brows, bcols int, a, b, c []float64) {
	if m < 0 || n < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if lda < max(acols, 1) || ldb < max(bcols, 1) || ldc < max(n, 1) {
		panic("simd: bad leading dimension")
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if len(a) < (arows-1)*lda+acols || len(b) < (brows-1)*ldb+bcols || len(c) < (m-1)*ldc+n {
		panic("simd: matrix slice too short")
	}
}

// GemmNN64 computes C += alpha·A·B in float64 with A m×k, B k×n and C m×n, all
// row-major with leading dimensions lda, ldb, ldc. C must not overlap A or B.
func GemmNN64(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	checkGemm64(m, n, k, lda, ldb, ldc, m, k, k, n, a, b, c)
	gemm64(false, m, n, k, alpha, a, lda, 1, b, ldb, 1, c, ldc)
}

// GemmNT64 computes C += alpha·A·Bᵀ in float64 with A m×k, B n×k and C m×n.
// C must not overlap A or B.
func GemmNT64(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	checkGemm64(m, n, k, lda, ldb, ldc, m, k, n, k, a, b, c)
	gemm64(false, m, n, k, alpha, a, lda, 1, b, 1, ldb, c, ldc)
}

// GemmTN64 computes C += alpha·Aᵀ·B in float64 with A k×m, B k×n and C m×n.
// C must not overlap A or B.
func GemmTN64(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	checkGemm64(m, n, k, lda, ldb, ldc, k, m, k, n, a, b, c)
	gemm64(false, m, n, k, alpha, a, 1, lda, b, ldb, 1, c, ldc)
}

// MinPack64 is the least length of the pack buffer GemmPacked64 accepts (one strip of B
// and six padded rows of A); PackLen64 is a length that lets it pack blocks of B up to
// kc×128 values (72 KiB).
const (
	MinPack64 = 14 * kcMax
	PackLen64 = 8192 + 6*kcMax
)

// GemmPacked64 computes C += alpha·A·B in float64 with general element strides:
// A(i,p) = a[i*ars+p*aps] for i < m, p < k; B(p,j) = b[p*brs+j*bcs] for j < n; C row-major
// m×n with leading dimension ldc. When tri is set only the elements with j ≤ i are
// updated (the strict upper triangle is neither read nor written). pack is scratch of at
// least MinPack64 values (PackLen64 is a good size) that the caller keeps, so that a
// sequence of products does not clear a fresh stack buffer per call. C must not overlap
// A, B or pack.
func GemmPacked64(pack []float64, tri bool, m, n, k int, alpha float64, a []float64, ars, aps int, b []float64, brs, bcs int, c []float64, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if ldc < max(n, 1) {
		panic("simd: bad leading dimension")
	}
	if len(pack) < MinPack64 {
		panic("simd: pack buffer too short")
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if ars < 0 || aps < 0 || brs < 0 || bcs < 0 {
		panic("simd: negative stride")
	}
	if len(a) <= (m-1)*ars+(k-1)*aps || len(b) <= (k-1)*brs+(n-1)*bcs || len(c) < (m-1)*ldc+n {
		panic("simd: matrix slice too short")
	}
	if m < 6 && !microAsm() {
		gemm64Generic(tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
		return
	}
	gemm64Body(pack, tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
}

// gemm64 routes to the blocked form on every path (its micro-kernel is chosen by the
// path); gemm64Generic stays the specification the tests compare against.
func gemm64(tri bool, m, n, k int, alpha float64, a []float64, ars, aps int, b []float64, brs, bcs int, c []float64, ldc int) {
	gemm64Blocked(tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
}
