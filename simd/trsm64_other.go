//go:build !amd64 || purego || noasm

package simd

func trsmRowsFwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	trsmRowsFwd64Go(m, n, x, ldx, mt, ldm, t)
}

func trsmRowsBwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	trsmRowsBwd64Go(m, n, x, ldx, mt, ldm, t)
}
