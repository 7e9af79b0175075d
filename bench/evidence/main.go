// Command evidence regenerates every table and plot of edgetrain's README: the paper's
// experiment on real data, step-time scaling with the fitted complexity of each method, and
// convergence on real datasets against tuned SGD and Adam. It writes SVG plots into
// OUT/plots and the tables into OUT/RESULTS.md. Run it from this directory:
//
//	go run . [--quick] [--only paper,scaling,convergence] [--out DIR]
//
// --quick is the bounded CI mode (under a minute per section on 2 cores). --only reruns
// some sections and replaces just their part of an existing RESULTS.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/cpuid/v2"
)

// plotExt is the file extension of the plots (--format).
var plotExt = ".svg"

var sectionOrder = []string{"paper", "scaling", "convergence"}

func main() {
	// Every measurement runs on this goroutine, pinned to one thread so that the thread's
	// CPU clock times exactly the measured work.
	runtime.LockOSThread()
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "evidence:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("evidence", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "bounded CI mode: fewer widths, sizes, seeds and datasets")
	only := fs.String("only", "", "comma-separated sections to run: paper, scaling, convergence (default all)")
	out := fs.String("out", ".", "output directory for RESULTS.md and plots/")
	testdata := fs.String("testdata", "../../testdata", "directory of the repository's datasets")
	paperData := fs.String("paper-data", "", "CSV for the paper experiment (default: digits.csv if present, else breast_cancer.csv)")
	paperClasses := fs.String("paper-classes", "0,1", "the two class labels of the paper experiment")
	paperN := fs.Int("paper-n", 100, "rows of the paper experiment")
	paperSteps := fs.Int("paper-steps", 5, "steps per method in the paper experiment")
	paperRho := fs.Float64("paper-rho", 0, "damping ρ of the paper experiment (exact, blockdiag, tridiag, kfac)")
	paperRhoUW := fs.Float64("paper-rho-unitwise", 1e-8, "damping ρ of unit-wise in the paper experiment (ReLU makes its unit blocks singular)")
	convSeeds := fs.Int("seeds", 0, "seeds of the convergence runs (default 5, quick 1)")
	format := fs.String("format", "svg", "plot format: svg or png")
	seed := fs.Uint64("seed", 1, "seed of the paper experiment's subset and initialization")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sections := map[string]bool{}
	if *only == "" {
		for _, s := range sectionOrder {
			sections[s] = true
		}
	} else {
		for _, s := range strings.Split(*only, ",") {
			s = strings.TrimSpace(s)
			if !contains(sectionOrder, s) {
				return fmt.Errorf("--only: unknown section %q (want %s)", s, strings.Join(sectionOrder, ", "))
			}
			sections[s] = true
		}
	}
	if *format != "svg" && *format != "png" {
		return fmt.Errorf("--format: want svg or png, got %q", *format)
	}
	plotExt = "." + *format
	plotsDir := filepath.Join(*out, "plots")
	if err := os.MkdirAll(plotsDir, 0o755); err != nil {
		return err
	}
	logf := func(format string, a ...any) { fmt.Fprintf(os.Stderr, format+"\n", a...) }
	results := filepath.Join(*out, "RESULTS.md")
	for _, name := range sectionOrder {
		if !sections[name] {
			continue
		}
		t0 := time.Now()
		var md string
		var err error
		switch name {
		case "paper":
			o := paperOpts{data: *paperData, n: *paperN, steps: *paperSteps, rho: *paperRho, rhoUW: *paperRhoUW, seed: *seed,
				fracs: []float64{1, 0.5}, plotsDir: plotsDir, widths: []int{256, 1024, 4096}}
			if o.data == "" {
				o.data = filepath.Join(*testdata, "digits.csv")
				if _, err := os.Stat(o.data); err != nil {
					o.data = filepath.Join(*testdata, "breast_cancer.csv")
				}
			}
			if o.classA, o.classB, err = parseClasses(*paperClasses); err != nil {
				return err
			}
			if *quick {
				o.widths = []int{256}
			}
			md, err = paperSection(o, *quick, logf)
		case "scaling":
			md, err = scalingSection(scalingOpts{quick: *quick, plotsDir: plotsDir}, logf)
		case "convergence":
			md, err = convergenceSection(convOpts{quick: *quick, plotsDir: plotsDir, testdata: *testdata, seeds: *convSeeds}, logf)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := replaceSection(results, name, md); err != nil {
			return err
		}
		logf("%s: done in %.1f s, written to %s", name, time.Since(t0).Seconds(), results)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func parseClasses(s string) (float64, float64, error) {
	p := strings.Split(s, ",")
	if len(p) != 2 {
		return 0, 0, fmt.Errorf("--paper-classes: want two labels like 0,1, got %q", s)
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(p[0]), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(p[1]), 64)
	if err1 != nil || err2 != nil || a == b {
		return 0, 0, fmt.Errorf("--paper-classes: want two different numeric labels, got %q", s)
	}
	return a, b, nil
}

// replaceSection writes md between the section's markers in the results file. A missing
// file is created with its header and every section's markers in order; a section missing
// from an existing file gets its markers after the sections that precede it.
func replaceSection(path, name, md string) error {
	markers := func(s string) (string, string) {
		return "<!-- evidence:" + s + " begin -->", "<!-- evidence:" + s + " end -->"
	}
	placeholder := func(s string) string {
		b, e := markers(s)
		return fmt.Sprintf("%s\n(not generated yet: `go run . --only %s`)\n%s\n", b, s, e)
	}
	old, err := os.ReadFile(path)
	doc := string(old)
	if err != nil || !strings.HasPrefix(doc, "# ") {
		var b strings.Builder
		b.WriteString(resultsHeader())
		for _, s := range sectionOrder {
			b.WriteString(placeholder(s) + "\n")
		}
		doc = b.String()
	}
	begin, end := markers(name)
	if !strings.Contains(doc, begin) || !strings.Contains(doc, end) {
		at := len(doc)
		for _, s := range sectionOrder {
			if s == name {
				break
			}
			if _, e := markers(s); strings.Contains(doc, e) {
				at = strings.Index(doc, e) + len(e) + 1
			}
		}
		if at > len(doc) {
			at = len(doc)
		}
		doc = doc[:at] + "\n" + placeholder(name) + doc[at:]
	}
	i := strings.Index(doc, begin) + len(begin)
	j := strings.Index(doc, end)
	doc = doc[:i] + "\n" + strings.TrimRight(md, "\n") + "\n" + doc[j:]
	return os.WriteFile(path, []byte(doc), 0o644)
}

func resultsHeader() string {
	return `# edgetrain: evidence

Every table and plot below is written by one command, run from bench/evidence:

    go run .            # everything (full mode)
    go run . --quick    # the bounded mode CI runs
    go run . --only paper,scaling,convergence

Each section ends with the machine and the time it took.

`
}

// machine describes where the numbers were measured, with the 1-minute load average when
// the system reports it (timings on a shared machine are only as good as its load allows).
func machine() string {
	s := fmt.Sprintf("%s, %d logical cores, GOARCH=%s, %s", cpuid.CPU.BrandName, runtime.NumCPU(), runtime.GOARCH, runtime.Version())
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			s += ", load average " + f[0] + " at the end"
		}
	}
	return s
}
