package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/edgetrain/edgetrain/simd"
)

// runInfo prints the CPU, its features and the kernel path in use.
//
//	edgetrain info [--cpu-disable LIST]
func runInfo(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("edgetrain info", flag.ContinueOnError)
	var disable string
	addCPUDisableFlag(fs, &disable)
	if err := parseFlags(fs, args, "info [--cpu-disable LIST]", stdout); err != nil {
		return err
	}
	if err := applyCPUDisable(disable); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "arch:      %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "cpu:       %s (%d logical cores)\n", cpuid.CPU.BrandName, runtime.NumCPU())
	fmt.Fprintf(stdout, "features:  %s\n", strings.Join(cpuid.CPU.FeatureSet(), " "))
	if d := simd.DisabledFeatures(); len(d) > 0 {
		fmt.Fprintf(stdout, "disabled:  %s (--cpu-disable or %s)\n", strings.Join(d, " "), simd.DisableEnvVar)
	}
	fmt.Fprintf(stdout, "detected:  %s\n", simd.Detected())
	fmt.Fprintf(stdout, "available: %s\n", strings.Join(simd.Available(), " "))
	fmt.Fprintf(stdout, "selected:  %s (force with %s=PATH or --simd PATH)\n", simd.Path(), simd.EnvVar)
	return nil
}
