#!/usr/bin/env bash
# Convergence comparison: for every method, same network (hidden 32,32 tanh), same seed and
# split, the steps and training wall-clock until the validation metric first reaches a
# stated level (checked at the end of each epoch), on real datasets from testdata/.
#
#   bash bench/convergence.sh            # prints a Markdown table
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/edgetrain
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/edgetrain

# dataset, metric column in the progress line, threshold, epochs, split
runs=(
	"seattle_hourly_temp_windows val_r2 0.98 30 chrono"
	"wine val_acc 0.95 60 random"
	"breast_cancer val_acc 0.95 60 random"
)
methods="exact blockdiag tridiag unitwise kfac sgd adam"

echo "| dataset | target | method | steps | seconds | best |"
echo "|---|---|---|---|---|---|"
for run in "${runs[@]}"; do
	read -r data metric threshold epochs split <<<"$run"
	for m in $methods; do
		"$bin" --data "testdata/$data.csv" --method "$m" --epochs "$epochs" --split "$split" --seed 1 2>/dev/null |
			awk -v metric="$metric" -v thr="$threshold" -v data="$data" -v m="$m" '
			/^epoch/ {
				for (i = 1; i < NF; i++) v[$i] = $(i + 1)
				steps = v["step"] - prev; prev = v["step"]
				if (v["steps/s"] > 0) secs += steps / v["steps/s"]
				x = v[metric] + 0
				if (x > best) best = x
				if (!hit && x >= thr) { hit = 1; hs = v["step"]; ht = secs }
			}
			END {
				if (hit) printf "| %s | %s ≥ %s | %s | %d | %.3f | %.4f |\n", data, metric, thr, m, hs, ht, best
				else printf "| %s | %s ≥ %s | %s | not reached | – | %.4f |\n", data, metric, thr, m, best
			}'
	done
done
