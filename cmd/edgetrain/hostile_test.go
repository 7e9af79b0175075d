package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

// writeFile writes body to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

// One training row, or columns that never vary, leave nothing to fit after
// standardization: every step has zero residual. Training is then a run of no-op steps
// that succeeds and saves a model predicting the constant target.
func TestZeroResidualTrainingSucceedsAndSaves(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"one-row":  "a,b,target\n1,2,3\n",
		"constant": "a,b,target\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n",
	} {
		for _, method := range []string{"exact", "kfac", "adam"} {
			t.Run(name+"/"+method, func(t *testing.T) {
				data := writeFile(t, dir, name+".csv", body)
				out := filepath.Join(dir, name+"-"+method+".safetensors")
				args := []string{"--data", data, "--save", out, "--method", method}
				if method == "adam" {
					args = append(args, "--lr", "0.01")
				}
				code, stdout, stderr := runCLI(args...)
				require.Equal(t, 0, code, stderr)
				assert.Contains(t, stdout, "(0 rejected)")
				m, err := model.Load(out)
				require.NoError(t, err)
				code, pred, stderr := runCLI("predict", "--model", out, "--data", data)
				require.Equal(t, 0, code, stderr)
				assert.Equal(t, "3", strings.Split(pred, "\n")[1], "model %v", m.Step)
			})
		}
	}
}
