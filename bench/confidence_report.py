#!/usr/bin/env python3
"""Why a document's confidence is what it is: for each document, blocks
predicted / in truth / right, per-day counts, and the lowest block
confidences; sorted by document confidence, so wrong documents that are
sure of themselves stand out. Usage: confidence_report.py PRED_DIR TRUTH..."""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shared_scorer import score  # noqa: E402  ../shared/eval/score.py

rows = []
for truth_path in sys.argv[2:]:
    stem = os.path.basename(truth_path)[:-len('.truth.json')]
    try:
        pred = json.load(open(os.path.join(sys.argv[1], stem + '.json')))
    except (OSError, ValueError):
        continue
    truth = json.load(open(truth_path))
    doc = score.score_document(truth, pred)
    by_day = {}
    for t in truth['timeblocks']:
        by_day.setdefault(t['day'], []).append(t)
    right = 0
    for p in pred['timeblocks']:
        if any(score.name_match(p['name'], t['names']) >= 0.8 and score.times_ok(p, t) for t in by_day.get(p['day'], [])):
            right += 1
    days_t = {d: len(v) for d, v in by_day.items()}
    days_p = {}
    for p in pred['timeblocks']:
        days_p[p['day']] = days_p.get(p['day'], 0) + 1
    day_counts = ' '.join(f"{d[:2]}{days_p.get(d, 0)}/{n}" for d, n in days_t.items())
    confs = sorted(p['confidence'] for p in pred['timeblocks'])
    rows.append((pred['confidence'], stem, doc['blocks']['f1'], len(truth['timeblocks']), len(pred['timeblocks']), right,
                 day_counts, confs[:3]))
rows.sort(reverse=True)
print(f"{'conf':>6} {'F1':>6} {'truth':>5} {'pred':>5} {'right':>5}  document / per day pred/truth / lowest blocks")
for conf, stem, f1, nt, np_, right, days, low in rows:
    print(f"{conf:6.3f} {f1:6.3f} {nt:5d} {np_:5d} {right:5d}  {stem}  {days}  {[round(c, 2) for c in low]}")
