package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonLines decodes every line of a --json run.
func jsonLines(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		out = append(out, m)
	}
	return out
}

// Every --json line carries its type and the schema version; figures that do not apply
// are null (not 0), and the keys of each type are the documented ones.
func TestJSONLinesFollowTheSchema(t *testing.T) {
	evalKeys := []string{"type", "schema", "epoch", "step", "seconds", "train_loss", "val_loss", "val_r2", "val_accuracy",
		"val_balanced_accuracy", "steps_per_s", "lr", "damping", "cos_df_minus_e", "ratio_df_e", "alpha", "rejected", "best"}
	summaryKeys := []string{"type", "schema", "steps", "rejected", "train_loss", "val_loss", "val_r2", "val_accuracy",
		"val_balanced_accuracy", "best_step", "best_epoch", "restored_best", "stopped", "seconds", "method", "kernels", "saved"}
	keys := func(m map[string]any) []string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		return k
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "m.safetensors")

	// A classifier with validation: val_r2 is null, accuracies are numbers.
	code, stdout, stderr := runCLI("--data", "../../testdata/iris.csv", "--json", "--steps", "4", "--eval-every", "2", "--save", out, "--save-every", "3")
	require.Equal(t, 0, code, stderr)
	lines := jsonLines(t, stdout)
	var types []string
	for _, l := range lines {
		types = append(types, l["type"].(string))
		assert.Equal(t, 1.0, l["schema"])
		switch l["type"] {
		case "eval":
			assert.ElementsMatch(t, evalKeys, keys(l))
			assert.Nil(t, l["val_r2"])
			assert.IsType(t, 0.0, l["val_accuracy"])
			assert.IsType(t, 0.0, l["damping"])
		case "saved":
			assert.Equal(t, out, l["path"])
			assert.Equal(t, 3.0, l["step"])
		}
	}
	assert.Equal(t, []string{"eval", "saved", "eval", "summary"}, types)
	sum := lines[len(lines)-1]
	assert.ElementsMatch(t, summaryKeys, keys(sum))
	assert.Equal(t, out, sum["saved"])
	assert.Nil(t, sum["val_r2"])

	// Regression without validation, first-order: every validation figure, the damping and
	// the NGD diagnostics are null; nothing saved.
	code, stdout, stderr = runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--json", "--steps", "2", "--val", "0", "--method", "adam", "--lr", "0.001")
	require.Equal(t, 0, code, stderr)
	lines = jsonLines(t, stdout)
	for _, l := range lines[:len(lines)-1] {
		assert.Equal(t, "eval", l["type"])
		for _, k := range []string{"val_loss", "val_r2", "val_accuracy", "val_balanced_accuracy", "damping", "cos_df_minus_e", "alpha"} {
			assert.Nil(t, l[k], k)
		}
		assert.IsType(t, 0.0, l["train_loss"])
	}
	assert.Nil(t, lines[len(lines)-1]["saved"])

	// Steps that are all rejected: train_loss and lr are null (no accepted step), and the
	// failed run ends with an error line.
	code, stdout, _ = runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--json", "--lr", "1e300", "--eval-every", "1", "--patience", "0")
	assert.Equal(t, 1, code)
	lines = jsonLines(t, stdout)
	require.GreaterOrEqual(t, len(lines), 2)
	first := lines[0]
	assert.Equal(t, "eval", first["type"])
	assert.Equal(t, 1.0, first["rejected"])
	assert.Nil(t, first["train_loss"])
	assert.Nil(t, first["lr"])
	last := lines[len(lines)-1]
	assert.Equal(t, "error", last["type"])
	assert.Contains(t, last["error"], "training stopped")
}
