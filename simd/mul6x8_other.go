//go:build purego || noasm || !amd64

package simd

func mul6x8(t []float64, trs, tps int, x []float64) { mul6x8Go(t, trs, tps, x) }
