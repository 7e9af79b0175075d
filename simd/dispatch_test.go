package simd

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/cpuid/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDisableFeaturesRejectsUnknownNames(t *testing.T) {
	before := len(disabled)
	assert.ErrorIs(t, DisableFeatures([]string{"avx2", "nosuchfeature"}), ErrUnknownFeature)
	assert.Len(t, disabled, before, "an unknown name must change nothing")
	require.NoError(t, DisableFeatures([]string{" ", ""}))
}

// TestCPUDisableEnvSelectsGeneric re-runs the test binary with EDGETRAIN_CPU_DISABLE
// naming the feature the fast path needs: start-up must then detect the generic path.
func TestCPUDisableEnvSelectsGeneric(t *testing.T) {
	if os.Getenv("EDGETRAIN_TEST_CHILD") == "1" {
		assert.Equal(t, PathGeneric, Detected())
		assert.Equal(t, PathGeneric, Path())
		assert.Equal(t, []string{PathGeneric}, Available())
		return
	}
	var list string
	switch {
	case runtime.GOARCH == "amd64" && Detected() != PathGeneric:
		list = "AVX2, fma3"
	case runtime.GOARCH == "arm64" && Detected() != PathGeneric:
		list = "asimd"
	default:
		t.Skip("no fast path to disable here")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCPUDisableEnvSelectsGeneric$", "-test.v")
	cmd.Env = append(os.Environ(), "EDGETRAIN_TEST_CHILD=1", DisableEnvVar+"="+list+",bogus")
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(err.Error(), "exec format error") {
		t.Skip("cannot re-execute the test binary here (qemu-user without binfmt)")
	}
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "--- PASS")
}

// TestDisableFeaturesRedetects disables the fast path's features in this process and
// restores cpuid afterwards.
func TestDisableFeaturesRedetects(t *testing.T) {
	var names []string
	var ids []cpuid.FeatureID
	switch {
	case runtime.GOARCH == "amd64" && Detected() == PathAVX512:
		names, ids = []string{"avx512f"}, []cpuid.FeatureID{cpuid.AVX512F}
	case runtime.GOARCH == "amd64" && Detected() == PathAVX2:
		names, ids = []string{"avx2"}, []cpuid.FeatureID{cpuid.AVX2}
	case runtime.GOARCH == "arm64" && Detected() == PathNEON:
		names, ids = []string{"ASIMD"}, []cpuid.FeatureID{cpuid.ASIMD}
	default:
		t.Skip("no fast path to disable here")
	}
	saved, savedDisabled := cpuid.CPU, append([]cpuid.FeatureID(nil), disabled...)
	defer func() {
		cpuid.CPU, disabled = saved, savedDisabled
		Redetect()
		require.NoError(t, Force("auto"))
	}()
	was := Detected()
	require.NoError(t, Force(was))
	require.NoError(t, DisableFeatures(names))
	assert.NotEqual(t, was, Detected())
	assert.NotContains(t, Available(), was)
	assert.Equal(t, Detected(), Path(), "a forced path that disappears falls back to the detected one")
	for _, id := range ids {
		assert.False(t, cpuid.CPU.Supports(id))
	}
	if was == PathAVX512 {
		assert.Equal(t, PathAVX2, Detected())
	}
}
