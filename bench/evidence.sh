#!/usr/bin/env bash
# One command for every table and plot in the README that comes from a run:
#   bash bench/evidence.sh [--quick]
# 1. held-out scores with default flags on a seeded random 80/20 split of every real CSV in
#    testdata/ (bench/heldout drives the edgetrain binary built here), written to
#    bench/heldout/RESULTS.md;
# 2. the paper's experiment on real data, step-time scaling and convergence against tuned
#    SGD and Adam (bench/evidence, its own module for gonum plot), written to
#    bench/evidence/RESULTS.md and bench/evidence/plots/.
# --quick (what CI runs) keeps both short: two files and one seed, results in a temporary
# directory instead of the committed files.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
if [ "${1:-}" = "--quick" ]; then
	quick=1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/edgetrain" ./cmd/edgetrain

if [ -n "$quick" ]; then
	heldout_out="$tmp/heldout.md"
	evidence_out="$tmp/evidence"
	go run ./bench/heldout --bin "$tmp/edgetrain" --seeds 1 \
		--data testdata/diabetes.csv,testdata/iris.csv --out "$heldout_out"
	(cd bench/evidence && go run . --quick --out "$evidence_out")
else
	files=""
	for f in seattle_hourly_temp_windows iris wine breast_cancer diabetes airquality_ozone auto_mpg co2_monthly_windows penguins digits; do
		files="$files${files:+,}testdata/$f.csv"
	done
	go run ./bench/heldout --bin "$tmp/edgetrain" --seeds 1,2,3 \
		--methods exact,blockdiag,tridiag,unitwise,kfac,sgd,adam \
		--data "$files" --out bench/heldout/RESULTS.md
	(cd bench/evidence && go run .)
fi
