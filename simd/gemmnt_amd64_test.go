//go:build !purego && !noasm

package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTransposeIntoIsTheTranspose checks the copy GemmNT's short-k path multiplies with,
// for every shape up to 27×27 (whole 8×8 blocks, edges and both) and a stride with a gap:
// t[p·n+j] = b[j·ldb+p], bit for bit, nothing written past k·n.
func TestTransposeIntoIsTheTranspose(t *testing.T) {
	if !cpuAVX2 {
		t.Skip("transposeInto runs AVX2 assembly")
	}
	rng := rand.New(rand.NewPCG(45, 46))
	for n := 1; n <= 27; n++ {
		for k := 1; k <= 27; k++ {
			ldb := k + n%3
			b := newMat32(rng, n, k, ldb, 0, false)
			got := make([]float32, n*k+3)
			for i := range got {
				got[i] = nan32
			}
			transposeInto(got[:n*k], n, k, b.s(), ldb)
			for j := 0; j < n; j++ {
				for p := 0; p < k; p++ {
					if got[p*n+j] != float32(b.at(j, p)) {
						t.Fatalf("%s: t[%d,%d] = %v, want %v", fmt.Sprintf("%d×%d", n, k), p, j, got[p*n+j], b.at(j, p))
					}
				}
			}
			for _, v := range got[n*k:] {
				if v == v {
					t.Fatalf("%d×%d: wrote past the transpose", n, k)
				}
			}
		}
	}
}

// TestGemmTNNarrowIsTheDirectProduct checks that GemmTN with eight columns, which runs as
// Cᵀ = Bᵀ·A and a transpose where the shape suits (tnNarrow), gives the direct kernels'
// result bit for bit, for row counts around the bounds and strides with gaps.
func TestGemmTNNarrowIsTheDirectProduct(t *testing.T) {
	if !cpuAVX2 {
		t.Skip("the path is AVX2 assembly")
	}
	rng := rand.New(rand.NewPCG(73, 74))
	taken := 0
	for _, m := range []int{8, 16, 24, 32, 40, 64, 72} {
		for _, k := range []int{8, 15, 16, 33} {
			lda, ldb, ldc := m+1, 8+3, 8+2
			a, b := make([]float32, k*lda), make([]float32, k*ldb)
			for i := range a {
				a[i] = float32(rng.NormFloat64())
			}
			for i := range b {
				b[i] = float32(rng.NormFloat64())
			}
			want := make([]float32, m*ldc)
			for i := range want {
				want[i] = nan32
			}
			got := append([]float32(nil), want...)
			nnDrive(m, 8, k, -0.5, a, 1, lda, b, ldb, 0, want, ldc)
			if tnNarrow(m, 8, k, -0.5, a, lda, b, ldb, 0, got, ldc) {
				taken++
			} else {
				GemmTN(m, 8, k, -0.5, a, lda, b, ldb, 0, got, ldc)
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("m=%d k=%d: element %d = %v, direct %v", m, k, i, got[i], want[i])
				}
			}
		}
	}
	if taken == 0 {
		t.Fatal("no shape took the narrow path")
	}
}

// TestMultiBlockKernelsAreTheirBlocks checks that nnS6x16, nnS6x8 and nnS6xM compute, for
// one to six blocks of six rows, what the single-block kernels compute block by block, bit
// for bit (GemmNN and GemmTN strides, with and without C loaded), and write nothing else.
func TestMultiBlockKernelsAreTheirBlocks(t *testing.T) {
	if !cpuAVX2 {
		t.Skip("the kernels are AVX2 assembly")
	}
	rng := rand.New(rand.NewPCG(71, 72))
	for _, w := range []int{16, 8, 5} {
		for nb := 1; nb <= 6; nb++ {
			for _, k := range []int{1, 7, 32} {
				for _, tn := range []bool{false, true} {
					for loadC := 0; loadC <= 1; loadC++ {
						m := 6 * nb
						lda := k + 3
						ars, aps := lda, 1
						if tn {
							lda = m + 3
							ars, aps = 1, lda
						}
						a := make([]float32, (max(m, k)+1)*(lda+1))
						b := make([]float32, k*(w+4))
						for i := range a {
							a[i] = float32(rng.NormFloat64())
						}
						for i := range b {
							b[i] = float32(rng.NormFloat64())
						}
						ldc := w + 2
						want := make([]float32, m*ldc+5)
						for i := range want {
							want[i] = float32(rng.NormFloat64())
						}
						got := append([]float32(nil), want...)
						mask := maskFor(w % 8)
						for blk := 0; blk < nb; blk++ {
							ab, cb := &a[6*blk*ars], &want[6*blk*ldc]
							switch w {
							case 16:
								nnK6x16(k, ab, ars, aps, &b[0], w+4, cb, ldc, nil, nil, loadC, 0.75, 0.5)
							case 8:
								nnK6x8(k, ab, ars, aps, &b[0], w+4, cb, ldc, nil, nil, loadC, 0.75, 0.5)
							default:
								nnK6xM(k, ab, ars, aps, &b[0], w+4, cb, ldc, mask, nil, loadC, 0.75, 0.5)
							}
						}
						switch w {
						case 16:
							nnS6x16(k, &a[0], ars, aps, &b[0], w+4, &got[0], ldc, nil, nil, loadC, 0.75, 0.5, nb)
						case 8:
							nnS6x8(k, &a[0], ars, aps, &b[0], w+4, &got[0], ldc, nil, nil, loadC, 0.75, 0.5, nb)
						default:
							nnS6xM(k, &a[0], ars, aps, &b[0], w+4, &got[0], ldc, mask, nil, loadC, 0.75, 0.5, nb)
						}
						for i := range got {
							if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
								t.Fatalf("w=%d blocks=%d k=%d tn=%v loadC=%d: element %d = %v, block by block %v", w, nb, k, tn, loadC, i, got[i], want[i])
							}
						}
					}
				}
			}
		}
	}
}

// TestGemmNTBiasFusesShortSummations checks that the shapes of small dense layers take
// GemmNTBias's fused path on AVX2 (so that the comparison with GemmNT and BiasAct in
// TestGemmNTBiasIsGemmNTThenBiasAct covers the kernels' bias epilogue).
func TestGemmNTBiasFusesShortSummations(t *testing.T) {
	if !cpuAVX2 {
		t.Skip("the fused path is AVX2 assembly")
	}
	require.NoError(t, Force(PathAVX2))
	defer func() { _ = Force("auto") }()
	a, b, bias, c := make([]float32, 33*32), make([]float32, 512*32), make([]float32, 512), make([]float32, 33*512)
	for _, sh := range [][3]int{{32, 32, 8}, {32, 32, 32}, {33, 20, 13}, {16, 512, 32}} {
		m, n, k := sh[0], sh[1], sh[2]
		assert.True(t, ntBias(m, n, k, 1, a, k, b[:n*k], k, 0.5, bias, c, nil), "%v", sh)
	}
}
