#!/usr/bin/env bash
# `make bench-llm` (also run by `make bench`): the LLM step's own cost, the provider excluded — per call with the
# page's scaling and PNG encoding (target ≤ 5 ms) and on a cache hit (target ≤ 1 ms) — then what the LLM would
# cost: the share of documents in the LLM band (BUILD_DIR/bench-results.json, written by `make bench`), the
# tokens of Example 1.1's verify request, and the month at 1,000 documents a day. Reports, never asserts.
# Usage: bench/llm.sh BUILD_DIR
set -uo pipefail
build=${1:-build}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$build/bench/llm_benchmark" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null | tee "$out" |
    grep -E "_median|example_1_1"
python3 - "$build/bench-results.json" "$out" <<'PY'
import json, os, sys
results, bench = sys.argv[1], open(sys.argv[2]).read().split("\n")
tokens = dict(line.split()[:2] for line in bench if line.startswith(("verify_input_tokens", "draft_blocks")))
if not os.path.exists(results):
    sys.exit(f"\n(no {results}: run `make bench` first for the LLM band's share)")
docs = json.load(open(results))
band = [d for d in docs if d["route"] == "llm"]
verify = [d for d in band if d["confidence"] >= 0.90]  # --llm-verify-at
share = len(band) / len(docs)
# Claude Sonnet list prices; verify answers a few edits (~150 tokens), extract the whole week (~25 a block).
price_in, price_out = 3.0, 15.0
verify_in = int(tokens.get("verify_input_tokens", 3800))
blocks = int(tokens.get("draft_blocks", 59))
verify_cost = (verify_in * price_in + 150 * price_out) / 1e6
extract_cost = ((verify_in + 1000) * price_in + 25 * blocks * price_out) / 1e6  # the grid's text instead of the draft
per_llm_doc = (len(verify) * verify_cost + (len(band) - len(verify)) * extract_cost) / max(1, len(band))
month = 30 * 1000
print(f"\nLLM band: {len(band)} of {len(docs)} documents ({share:.1%}); {len(verify)} verify, {len(band) - len(verify)} extract")
print(f"per call: verify ≈ {verify_in} input + 150 output tokens = ${verify_cost:.4f}; "
      f"extract ≈ {verify_in + 1000} + {25 * blocks} = ${extract_cost:.4f} (Claude Sonnet $3/$15 per Mtok)")
print(f"per document in the band ${per_llm_doc:.4f}; over all documents ${share * per_llm_doc:.4f} "
      f"(seed: $0.0073 all costs, of which Claude $0.0003)")
print(f"1,000 documents/day: {month * share:.0f} LLM calls a month ≈ ${month * share * per_llm_doc:.2f}/month "
      f"(seed: 3,000 × $0.003 = $9.00)")
PY
