package main

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A network of 10^10 parameters is refused under the default budget with its figure,
// exit code 2, before anything is allocated.
func TestHugeNetworkIsRefusedWithItsFigure(t *testing.T) {
	code, _, stderr := runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--hidden", "100000,100000")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "over the memory budget")
	assert.Contains(t, stderr, "weights 37.3 GiB")
	assert.Contains(t, stderr, "the budget is 1 GiB")
}

// Under --mem the refusal suggests a batch; that batch trains under the same budget and
// one row more is refused.
func TestMemBudgetSuggestionIsTheBoundary(t *testing.T) {
	data := "../../testdata/seattle_hourly_temp_windows.csv"
	code, _, stderr := runCLI("--data", data, "--method", "kfac", "--batch", "256", "--mem", "2MiB", "--steps", "1")
	require.Equal(t, 2, code, stderr)
	m := regexp.MustCompile(`use --batch (\d+)`).FindStringSubmatch(stderr)
	require.NotNil(t, m, stderr)
	fit, _ := strconv.Atoi(m[1])
	code, _, stderr = runCLI("--data", data, "--method", "kfac", "--batch", m[1], "--mem", "2MiB", "--steps", "1", "--epochs", "1")
	assert.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI("--data", data, "--method", "kfac", "--batch", strconv.Itoa(fit+1), "--mem", "2MiB", "--steps", "1")
	assert.Equal(t, 2, code, stderr)
	assert.Contains(t, stderr, "use --batch "+m[1])

	code, _, stderr = runCLI("--data", data, "--mem", "lots")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--mem")
}
