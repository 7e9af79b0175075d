package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

// fastPathFeatures names the features whose absence leaves only the generic path.
func fastPathFeatures(t *testing.T) string {
	switch {
	case runtime.GOARCH == "amd64" && simd.Detected() != simd.PathGeneric:
		return "avx2,fma3"
	case runtime.GOARCH == "arm64" && simd.Detected() != simd.PathGeneric:
		return "asimd"
	}
	t.Skip("no fast kernel path to disable here")
	return ""
}

// TestInfoCPUDisableSelectsGeneric runs `edgetrain info --cpu-disable avx2,fma3` in a
// child process (disabling is process-wide and final) and reads the selected path.
func TestInfoCPUDisableSelectsGeneric(t *testing.T) {
	if list := os.Getenv("EDGETRAIN_TEST_INFO_DISABLE"); list != "" {
		code, stdout, stderr := runCLI("info", "--cpu-disable", list)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, stdout, "selected:  generic")
		assert.Contains(t, stdout, "detected:  generic")
		assert.Contains(t, stdout, "disabled:  ")
		return
	}
	list := fastPathFeatures(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestInfoCPUDisableSelectsGeneric$", "-test.v")
	cmd.Env = append(os.Environ(), "EDGETRAIN_TEST_INFO_DISABLE="+list)
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(err.Error(), "exec format error") {
		t.Skip("cannot re-execute the test binary here (qemu-user without binfmt)")
	}
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "--- PASS")
}

func TestCPUDisableUnknownFeatureIsUsageError(t *testing.T) {
	code, _, stderr := runCLI("info", "--cpu-disable", "avx2,warpdrive")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "warpdrive")
	assert.NoError(t, applyCPUDisable(" "))
	code, _, _ = runCLI("info", "extra")
	assert.Equal(t, exitUsage, code)
}
