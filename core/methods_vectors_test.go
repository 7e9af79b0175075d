package core

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// rvEntry is one record of testdata/vectors/index.json (see the README there).
type rvEntry struct {
	Case       string  `json:"case"`
	Widths     string  `json:"widths"`
	Activation string  `json:"activation"`
	SigmaW     float64 `json:"sigma_w"`
	SigmaB     float64 `json:"sigma_b"`
	Loss       string  `json:"loss"`
	N          int     `json:"N"`
	Method     string  `json:"method"`
	LR         float64 `json:"lr"`
	Damping    float64 `json:"damping"`
	Data       string  `json:"data"`
	Init       string  `json:"init"`
	Delta      string  `json:"delta"`
}

const rvDir = "../testdata/vectors"

func rvTensors(t *testing.T, name string) map[string][]float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(rvDir, name))
	require.NoError(t, err)
	ts, _, err := tinynet.ReadSafetensors(b)
	require.NoError(t, err)
	m := make(map[string][]float64, len(ts))
	for _, x := range ts {
		m[x.Name] = x.Data
	}
	return m
}

// rvLoad builds the network at the reference init and reads the batch.
func rvLoad(t *testing.T, e rvEntry) (*tinynet.Net, []float32, []float32, tinynet.Loss) {
	t.Helper()
	var widths []int
	for _, w := range strings.Split(e.Widths, ",") {
		v, err := strconv.Atoi(w)
		require.NoError(t, err)
		widths = append(widths, v)
	}
	act, ok := simd.ParseActivation(e.Activation)
	require.True(t, ok, e.Activation)
	net := tinynet.New(tinynet.Spec{Widths: widths, Activation: act, SigmaW: float32(e.SigmaW), SigmaB: float32(e.SigmaB)})
	init := rvTensors(t, e.Init)
	for l := 1; l <= net.Spec.Layers(); l++ {
		k := "layers." + strconv.Itoa(l-1)
		net.SetEffectiveWeights(l, init[k+".weight"], init[k+".bias"])
	}
	f, err := os.Open(filepath.Join(rvDir, e.Data))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, e.N+1)
	m0 := widths[0]
	loss := tinynet.MSE
	if e.Loss != "mse" {
		loss = tinynet.SoftmaxCE
	}
	var x, y []float32
	for _, r := range rows[1:] {
		for j, cell := range r {
			v, err := strconv.ParseFloat(cell, 64)
			require.NoError(t, err)
			if j < m0 {
				x = append(x, float32(v))
			} else {
				y = append(y, float32(v))
			}
		}
	}
	return net, x, y, loss
}

// TestFisherMethodsMatchReferenceVectors checks every approximation against the independent
// float64 reference steps of testdata/vectors (effective coordinates: s_l·ΔW_raw, σ_b·Δb_raw).
// The inputs are rounded to float32 here and the network runs in float32, so agreement is
// limited to ~1e-6 relative; 1e-4 leaves room and still fails on any convention error (a
// wrong damping scale, a missing bias, a 1/N, or K-FAC without π-damping all move these
// steps by more than 1e-2).
func TestFisherMethodsMatchReferenceVectors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(rvDir, "index.json"))
	require.NoError(t, err)
	var index []rvEntry
	require.NoError(t, json.Unmarshal(b, &index))
	methods := map[string]Method{"blockdiag": BlockDiag, "tridiag": TriDiag, "unitwise": UnitWise, "kfac": KFAC}
	seen := 0
	for _, e := range index {
		m, ok := methods[e.Method]
		if !ok {
			continue
		}
		seen++
		forms := []Form{FormAuto}
		if m == UnitWise || m == KFAC {
			forms = []Form{FormPrimal, FormDual}
		}
		for _, form := range forms {
			t.Run(e.Case+"/"+e.Method+"/"+form.String(), func(t *testing.T) {
				net, x, y, loss := rvLoad(t, e)
				want := rvTensors(t, e.Delta)
				cfg := Defaults(m, tinynet.MSE)
				cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
				cfg.Loss, cfg.LR, cfg.LRMode, cfg.Damping, cfg.Form = loss, e.LR, LRFixed, e.Damping, form
				cfg.DampingScale = ScaleAbsolute
				tr, err := New(net, e.N, cfg)
				require.NoError(t, err)
				d, ok := tr.Direction(x, y, e.N)
				require.True(t, ok)
				s := net.Spec
				var num, den float64
				for l := 1; l <= s.Layers(); l++ {
					k := "layers." + strconv.Itoa(l-1)
					sc, sb := float64(s.Scale(l)), float64(s.SigmaB)
					for i, v := range s.LayerW(d, l).Data {
						g := e.LR * sc * float64(v)
						w := want[k+".weight"][i]
						num += (g - w) * (g - w)
						den += w * w
					}
					for i, v := range s.LayerB(d, l) {
						g := e.LR * sb * float64(v)
						w := want[k+".bias"][i]
						num += (g - w) * (g - w)
						den += w * w
					}
				}
				rel := math.Sqrt(num / den)
				t.Logf("relative error %.2g", rel)
				assert.Less(t, rel, 1e-4)
			})
		}
	}
	assert.Equal(t, 20, seen)
}
