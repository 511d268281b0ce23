#!/usr/bin/env python3
"""Accuracy report for `make bench`: scores every prediction against its
truth with the shared scorer (../shared/eval/score.py), then prints per-document figures, means by
group (corpus rendering kind, fixtures, samples) and a table of confidence
bands against measured blocks F1 — the check that confidence means something.

Usage: report.py PRED_DIR GROUP=TRUTH_FILE ...
  PRED_DIR holds <stem>.json for each truth file's stem (missing: F1 0).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shared_scorer import score  # noqa: E402  ../shared/eval/score.py

BANDS = [(0.98, 1.01), (0.90, 0.98), (0.80, 0.90), (0.50, 0.80), (0.0, 0.50)]


def main():
    pred_dir = sys.argv[1]
    rows = []
    for arg in sys.argv[2:]:
        group, truth_path = arg.split("=", 1)
        stem = os.path.basename(truth_path)[: -len(".truth.json")]
        pred_path = os.path.join(pred_dir, stem + ".json")
        try:
            pred = score.load(pred_path)
        except (OSError, ValueError):
            pred = {}  # no output: ly extract failed, scored as nothing found
        result = score.score_document(score.load(truth_path), pred)
        confidence = pred.get("confidence") if isinstance(pred, dict) else None
        route = pred.get("route", "error") if isinstance(pred, dict) and pred else "error"
        rows.append((group, stem, result, confidence, route))

    print(f"{'document':46} {'group':10} {'truth':>5} {'pred':>5} {'blocks':>6} {'notes':>6} {'meta':>6} {'conf':>6} route")
    for group, stem, r, conf, route in rows:
        print(f"{stem[:46]:46} {group:10} {r['truth_blocks']:5d} {r['pred_blocks']:5d} "
              f"{score.fmt(r['blocks']['f1']):>6} {score.fmt(r['notes']):>6} {score.fmt(r['metadata']):>6} "
              f"{score.fmt(conf):>6} {route}")

    print()
    print(f"{'group':12} {'documents':>9} {'mean blocks F1':>15} {'mean notes':>11}")
    groups = {}
    for group, _, r, _, _ in rows:
        groups.setdefault(group, []).append(r)
    corpus_all = [r for group, _, r, _, _ in rows if group.startswith("corpus")]
    if corpus_all:
        groups["corpus (all)"] = corpus_all
    for group, results in groups.items():
        f1 = sum(r["blocks"]["f1"] for r in results) / len(results)
        notes = [r["notes"] for r in results if r["notes"] is not None]
        notes_text = f"{sum(notes) / len(notes):11.3f}" if notes else f"{'-':>11}"
        print(f"{group:12} {len(results):9d} {f1:15.3f} {notes_text}")

    print()
    print("confidence band    documents  mean blocks F1  min blocks F1")
    for low, high in BANDS:
        inside = [r["blocks"]["f1"] for _, _, r, c, _ in rows if c is not None and low <= c < high]
        if inside:
            print(f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}    {len(inside):9d}  "
                  f"{sum(inside) / len(inside):14.3f}  {min(inside):13.3f}")
        else:
            print(f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}    {0:9d}  {'-':>14}  {'-':>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
