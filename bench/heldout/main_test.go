package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The test binary doubles as a fake edgetrain when HELDOUT_FAKE_EDGETRAIN is set: training
// writes the method's name as the "model"; predict answers with the truth (exact), the truth
// with an error on every fourth row (adam, blockdiag), or a constant (sgd); training with
// kfac fails with exit 1.
func TestMain(m *testing.M) {
	if os.Getenv("HELDOUT_FAKE_EDGETRAIN") == "1" {
		os.Exit(fakeEdgetrain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func argValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func fakeEdgetrain(args []string) int {
	if len(args) > 0 && args[0] == "predict" {
		method, err := os.ReadFile(argValue(args, "--model"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		t, err := readTable(argValue(args, "--data"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		classify := t.column("label") >= 0
		if classify {
			fmt.Println("class,p_0,p_1")
		} else {
			fmt.Println("prediction")
		}
		j := len(t.header) - 1
		for i := range t.rows {
			y, _ := t.cell(i, j)
			switch string(method) {
			case "exact":
			case "sgd":
				y = 0
			default:
				if i%4 == 0 {
					if classify {
						y = 1 - y
					} else {
						y += 3
					}
				}
			}
			if classify {
				fmt.Printf("%d,0.5,0.5\n", int(y))
			} else {
				fmt.Println(strconv.FormatFloat(y, 'g', 7, 64))
			}
		}
		return 0
	}
	method := argValue(args, "--method")
	if method == "kfac" {
		fmt.Fprintln(os.Stderr, "edgetrain: training diverged")
		return 1
	}
	if err := os.WriteFile(argValue(args, "--save"), []byte(method), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func TestSplitIsASeededPartitionWithTwentyPercentHeldOut(t *testing.T) {
	train, test := split(111, 0.2, 1)
	if len(test) != 22 || len(train) != 89 {
		t.Fatalf("split of 111 rows: %d train, %d test; want 89 and 22", len(train), len(test))
	}
	all := append(slices.Clone(train), test...)
	slices.Sort(all)
	for i, v := range all {
		if v != i {
			t.Fatalf("train ∪ test is not 0..110: position %d holds %d", i, v)
		}
	}
	train2, test2 := split(111, 0.2, 1)
	if !slices.Equal(train, train2) || !slices.Equal(test, test2) {
		t.Fatal("the same seed gave a different split")
	}
	_, test3 := split(111, 0.2, 2)
	if slices.Equal(test, test3) {
		t.Fatal("seeds 1 and 2 gave the same test rows")
	}
}

func TestR2IsOneForExactPredictionsAndZeroForTheMean(t *testing.T) {
	y := []float64{1, 2, 3, 4}
	if got := r2(y, y); got != 1 {
		t.Fatalf("R² of exact predictions = %v, want 1", got)
	}
	if got := r2(y, []float64{2.5, 2.5, 2.5, 2.5}); got != 0 {
		t.Fatalf("R² of the mean = %v, want 0", got)
	}
	// residuals 1, 0, 0, −1 → Σ = 2; Σ(y−ȳ)² = 5 → R² = 0.6
	if got := r2(y, []float64{2, 2, 3, 3}); math.Abs(got-0.6) > 1e-12 {
		t.Fatalf("R² = %v, want 0.6", got)
	}
}

func TestJudgeAppliesTheAcceptanceRule(t *testing.T) {
	fr := fileResult{byMethod: map[string]*result{
		"exact":     {scores: []float64{0.50}},
		"blockdiag": {scores: []float64{0.44}},
		"tridiag":   {scores: []float64{0.47}},
		"adam":      {scores: []float64{0.48}},
	}}
	v := judge(fr, []string{"exact", "blockdiag", "tridiag", "adam"})
	if !v.ok || v.allClose || !v.beats || math.Abs(v.margin-0.02) > 1e-12 {
		t.Fatalf("blockdiag 0.04 below adam, exact 0.02 above: got %+v, want allClose false, beats true, margin +0.02", v)
	}
	fr.byMethod["blockdiag"].scores = []float64{0.465}
	if v := judge(fr, []string{"exact", "blockdiag", "tridiag", "adam"}); !v.allClose {
		t.Fatalf("every NGD method within 0.02 of adam: got %+v", v)
	}
	fr.byMethod["tridiag"] = &result{failure: "train: exit status 1"}
	if v := judge(fr, []string{"exact", "blockdiag", "tridiag", "adam"}); v.allClose || !slices.Equal(v.failed, []string{"tridiag"}) {
		t.Fatalf("a failed NGD method must fail the rule: got %+v", v)
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHarnessScoresEachMethodAndReportsAFailedRunInTheTable(t *testing.T) {
	if testing.Short() {
		// The test re-executes its own binary as a fake edgetrain; under qemu-user (where
		// CI runs the ARM test binaries with -test.short) a child process is not emulated.
		t.Skip("re-executes the test binary; skipped in -short mode")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HELDOUT_FAKE_EDGETRAIN", "1")
	dir := t.TempDir()
	var reg, cls strings.Builder
	reg.WriteString("x,target\n")
	cls.WriteString("x,label\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&reg, "%d,%d\n", i, i)
		fmt.Fprintf(&cls, "%d,%d\n", i, i%2)
	}
	regPath := writeFile(t, dir, "reg.csv", reg.String())
	clsPath := writeFile(t, dir, "cls.csv", cls.String())
	outPath := filepath.Join(dir, "table.md")
	csvPath := filepath.Join(dir, "runs.csv")
	var stdout, stderr bytes.Buffer
	err = run([]string{"--bin", self, "--data", regPath + "," + clsPath, "--methods", "exact,blockdiag,kfac,sgd,adam", "--out", outPath, "--csv", csvPath}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	md := stdout.String()
	// exact is perfect; kfac fails; so the rule fails on both files while exact beats adam.
	for _, want := range []string{
		"| reg | 40 | R² | 1.000 |",
		"| cls | 40 | acc | 1.000 |",
		"| failed |",
		"| FAIL | pass |",
		"- reg kfac: train: exit status 1: edgetrain: training diverged",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
	// On the 8 test rows, adam's fake misses the rows at positions 0 and 4: accuracy 0.75.
	if !strings.Contains(md, " 0.750 |") {
		t.Errorf("adam's accuracy should be 0.750:\n%s", md)
	}
	file, err := os.ReadFile(outPath)
	if err != nil || string(file) != md {
		t.Fatalf("--out file differs from stdout (err %v)", err)
	}
	runs, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"file,method,seed,metric,score,seconds,error\n",
		"reg,exact,1,R²,1.000000,",
		"cls,adam,1,acc,0.750000,",
		"reg,kfac,1,R²,,,train: exit status 1: edgetrain: training diverged\n",
	} {
		if !strings.Contains(string(runs), want) {
			t.Errorf("--csv lacks %q:\n%s", want, runs)
		}
	}
	if n := strings.Count(string(runs), "\n"); n != 1+2*5 {
		t.Errorf("--csv has %d lines, want a header and 10 runs", n)
	}
}

func TestBestEpochIsTheFirstEpochOfLeastValidationLoss(t *testing.T) {
	progress := []byte(`epoch   1  step     45  train_loss 0.52  val_loss 0.31  val_acc 0.90
epoch   2  step     90  train_loss 0.10  val_loss 0.12  val_acc 0.96
epoch   3  step    135  train_loss 0.05  val_loss 0.12  val_acc 0.97
epoch   4  step    180  train_loss 0.01  val_loss 0.19  val_acc 0.95
done: exact, 180 steps in 1.0s, validation accuracy 0.95
`)
	if best, last := bestEpoch(progress); best != 2 || last != 4 {
		t.Fatalf("bestEpoch = %d of %d, want 2 of 4", best, last)
	}
	if best, last := bestEpoch([]byte("epoch 1 step 10 train_loss 0.5\n")); best != 0 || last != 0 {
		t.Fatalf("without validation: bestEpoch = %d of %d, want 0 of 0", best, last)
	}
}
