#!/usr/bin/env python3
"""Reliability of block confidence: for every predicted block of the corpus,
whether the scorer counts it right (name and times), binned by the block's
confidence. Usage: calibrate.py PRED_DIR [TRUTH_DIR=corpus/out]"""
import json, os, sys, glob
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shared_scorer import score  # noqa: E402  ../shared/eval/score.py
pairs=[]
for t in glob.glob(os.path.join(sys.argv[2] if len(sys.argv) > 2 else 'corpus/out', '*.truth.json')):
    s=os.path.basename(t)[:-11]
    try: pred=json.load(open(os.path.join(sys.argv[1], s + '.json')))
    except Exception: continue
    truth=json.load(open(t))
    by={}
    for tb in truth['timeblocks']: by.setdefault(tb['day'],[]).append(tb)
    for p in pred['timeblocks']:
        ok=False
        for tb in by.get(p['day'],[]):
            if score.name_match(p['name'], tb['names'])>=0.8 and score.times_ok(p,tb): ok=True;break
        pairs.append((p['confidence'],ok))
pairs.sort()
bins=[0,0.5,0.6,0.7,0.8,0.85,0.9,0.93,0.95,0.97,1.01]
for lo,hi in zip(bins,bins[1:]):
    xs=[ok for c,ok in pairs if lo<=c<hi]
    if xs: print(f"[{lo:.2f},{hi:.2f}) n={len(xs):4d} correct={sum(xs)/len(xs):.3f}")
