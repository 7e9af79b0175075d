package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet"
)

// rvDiag holds the function-space figures of a reference vector (testdata/vectors/README).
type rvDiag struct {
	rvEntry
	Cos      *float64 `json:"cos_df_minus_e"`
	Ratio    *float64 `json:"ratio_df_e"`
	Alpha    *float64 `json:"alpha"`
	EtaStar  *float64 `json:"eta_star"`
	CosLam   *float64 `json:"cos_lam_df_minus_r"`
	EtaQuad  *float64 `json:"eta_star_quadratic"`
	LossPrev float64  `json:"loss_before"`
	LossNext float64  `json:"loss_after"`
}

// TestStepDiagnosticsMatchReferenceVectors checks the isotropy figures every NGD step reports
// (cos(Δf, −e), ‖Δf‖/‖e‖, α and the line-search η*; for cross-entropy the Λ-weighted cosine and
// the quadratic η*) and the losses before and after, against the independent float64 values.
func TestStepDiagnosticsMatchReferenceVectors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(rvDir, "index.json"))
	require.NoError(t, err)
	var index []rvDiag
	require.NoError(t, json.Unmarshal(b, &index))
	methods := map[string]Method{"exact": Exact, "blockdiag": BlockDiag, "tridiag": TriDiag, "unitwise": UnitWise, "kfac": KFAC}
	for _, e := range index {
		m, ok := methods[e.Method]
		if !ok {
			continue
		}
		t.Run(e.Case+"/"+e.Method, func(t *testing.T) {
			net, x, y, loss := rvLoad(t, e.rvEntry)
			cfg := Defaults(m, tinynet.MSE)
			cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
			cfg.Loss, cfg.LR, cfg.LRMode, cfg.Damping, cfg.Diagnostics = loss, e.LR, LRFixed, e.Damping, true
			cfg.DampingScale = ScaleAbsolute
			tr, err := New(net, e.N, cfg)
			require.NoError(t, err)
			info, err := tr.Step(x, y, e.N)
			require.NoError(t, err)
			require.True(t, info.HaveDiag)
			const tol = 1e-4
			assert.InEpsilon(t, e.LossPrev, info.Loss, tol, "loss before")
			assert.InEpsilon(t, e.LossNext, info.LossAfter, tol, "loss after")
			if loss == tinynet.MSE {
				assert.InEpsilon(t, *e.Cos, info.Cos, tol, "cos")
				assert.InEpsilon(t, *e.Ratio, info.Ratio, tol, "ratio")
				assert.InEpsilon(t, *e.Alpha, info.Alpha, tol, "alpha")
				assert.InEpsilon(t, *e.EtaStar, info.EtaStar, tol, "eta*")
			} else {
				assert.InEpsilon(t, *e.CosLam, info.Cos, tol, "cos with Λ")
				assert.InEpsilon(t, *e.EtaQuad, info.EtaStar, tol, "quadratic eta*")
			}
		})
	}
}
