#!/usr/bin/env python3
"""Accuracy report for `make bench`: scores every prediction against its truth
with the shared scorer (../shared/eval/score.py), then prints per-document
figures; the corpus by dev and check family (bench/families.json), by family
and by channel; fixtures and samples; confidence bands against measured blocks
F1 over everything, with the documents that are sure of themselves and wrong
named; and per family what caution costs (right reads below 0.98 confidence).

Usage: report.py [--json OUT.json] PRED_DIR GROUP=TRUTH_FILE ...
  PRED_DIR holds <stem>.json for each truth file's stem (missing: F1 0).
  A corpus stem is cNNN_FAMILY_CHANNEL; OUT.json gets one record per document.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shared_scorer import score  # noqa: E402  ../shared/eval/score.py

BANDS = [(0.98, 1.01), (0.90, 0.98), (0.80, 0.90), (0.50, 0.80), (0.0, 0.50)]
RIGHT = 0.98            # a read counts as right at blocks F1 >= 0.98; a sure one at confidence >= 0.98
WATCHED = {"screen-routine": "photo of a screen (family)", "handwritten": "handwriting (family)"}


def load_families():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "families.json")
    with open(path) as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


def stem_parts(stem):
    """cNNN_FAMILY_CHANNEL -> (FAMILY, CHANNEL); other stems -> (None, None)."""
    parts = stem.split("_")
    if len(parts) == 3 and parts[0][:1] == "c" and parts[0][1:].isdigit():
        return parts[1], parts[2]
    return None, None


def mean(values):
    return sum(values) / len(values) if values else None


def f3(x):
    return "-" if x is None else f"{x:.3f}"


def table(title, keyed, key_name, extra=None):
    """keyed: name -> list of rows; prints documents, mean and min blocks F1."""
    print()
    head = f"{key_name:26} " + (f"{'split':6} " if extra else "") + f"{'docs':>5} {'mean F1':>8} {'min F1':>7}"
    print(title)
    print(head)
    for name, rows in keyed.items():
        f1s = [r["f1"] for r in rows]
        split = f"{extra(name):6} " if extra else ""
        print(f"{name:26} {split}{len(rows):5d} {f3(mean(f1s)):>8} {f3(min(f1s)):>7}")


def main():
    args = sys.argv[1:]
    json_out = None
    if args and args[0] == "--json":
        json_out, args = args[1], args[2:]
    pred_dir = args[0]
    families = load_families()
    rows = []
    for arg in args[1:]:
        group, truth_path = arg.split("=", 1)
        stem = os.path.basename(truth_path)[: -len(".truth.json")]
        pred_path = os.path.join(pred_dir, stem + ".json")
        try:
            pred = score.load(pred_path)
        except (OSError, ValueError):
            pred = {}  # no output: ly extract failed, scored as nothing found
        result = score.score_document(score.load(truth_path), pred)
        ok = isinstance(pred, dict) and pred
        family, channel = stem_parts(stem) if group == "corpus" else (None, None)
        split = families.get(family, {}).get("split", "unlisted") if family else None
        rows.append({"stem": stem, "group": group, "family": family, "channel": channel, "split": split,
                     "f1": result["blocks"]["f1"], "notes": result["notes"], "metadata": result["metadata"],
                     "truth_blocks": result["truth_blocks"], "pred_blocks": result["pred_blocks"],
                     "confidence": pred.get("confidence") if ok else None,
                     "route": pred.get("route", "error") if ok else "error"})

    print(f"{'document':52} {'group':8} {'truth':>5} {'pred':>5} {'blocks':>6} {'notes':>6} {'meta':>6} {'conf':>6} route")
    for r in rows:
        print(f"{r['stem'][:52]:52} {(r['split'] or r['group'])[:8]:8} {r['truth_blocks']:5d} {r['pred_blocks']:5d} "
              f"{score.fmt(r['f1']):>6} {score.fmt(r['notes']):>6} {score.fmt(r['metadata']):>6} "
              f"{score.fmt(r['confidence']):>6} {r['route']}")

    corpus = [r for r in rows if r["group"] == "corpus"]
    groups = {}
    for split in ("dev", "check", "unlisted"):
        inside = [r for r in corpus if r["split"] == split]
        if inside:
            groups[f"corpus {split}"] = inside
    if corpus:
        groups["corpus (all)"] = corpus
    for r in rows:
        if r["group"] != "corpus":
            groups.setdefault(r["group"], []).append(r)
    print()
    print("generalisation: dev families are looked at and fixed, check families only scored (bench/README.md)")
    print(f"{'group':16} {'documents':>9} {'mean blocks F1':>15} {'min':>6} {'mean notes':>11}")
    for group, inside in groups.items():
        notes = [r["notes"] for r in inside if r["notes"] is not None]
        print(f"{group:16} {len(inside):9d} {mean([r['f1'] for r in inside]):15.3f} "
              f"{min(r['f1'] for r in inside):6.3f} {f3(mean(notes)):>11}")

    if corpus:
        by_family = {}
        for name in families:
            inside = [r for r in corpus if r["family"] == name]
            if inside:
                by_family[name] = inside
        for r in corpus:
            if r["family"] not in families:
                by_family.setdefault(r["family"], []).append(r)
        ordered = dict(sorted(by_family.items(), key=lambda kv: (kv[1][0]["split"] != "dev", kv[0])))
        table("corpus by family", ordered, "family", extra=lambda n: families.get(n, {}).get("split", "?"))
        by_channel = {}
        for r in sorted(corpus, key=lambda r: r["channel"]):
            by_channel.setdefault(r["channel"], []).append(r)
        table("corpus by channel", by_channel, "channel")
        watched = {label: [r for r in corpus if r["family"] == name] for name, label in WATCHED.items()}
        watched["photo of a screen (channel)"] = [r for r in corpus if r["channel"] == "screen-photo"]
        watched["handwriting photos"] = [r for r in corpus if r["family"] == "handwritten" and r["channel"] == "photo"]
        table("watched on their own lines", {k: v for k, v in watched.items() if v}, "what")

    print()
    print("confidence band (corpus + fixtures + samples)   documents  mean blocks F1  min blocks F1")
    for low, high in BANDS:
        inside = [r["f1"] for r in rows if r["confidence"] is not None and low <= r["confidence"] < high]
        band = f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}"
        print(f"{band:47} {len(inside):9d}  {f3(mean(inside)):>14}  {f3(min(inside) if inside else None):>13}")
    sure_wrong = [r for r in rows if r["confidence"] is not None and r["confidence"] >= RIGHT and r["f1"] < RIGHT]
    print(f"sure and wrong (confidence >= {RIGHT}, blocks F1 < {RIGHT}): {len(sure_wrong)} (must be 0)")
    for r in sure_wrong:
        print(f"  {r['stem']:52} {r['split'] or r['group']:8} F1 {r['f1']:.3f} confidence {r['confidence']:.3f}")

    if corpus:
        print()
        print(f"the cost of caution: right reads (F1 >= {RIGHT}) below {RIGHT} confidence, per family")
        print(f"{'family':26} {'split':6} {'right':>6} {'unsure':>7}")
        for name, inside in ordered.items():
            right = [r for r in inside if r["f1"] >= RIGHT]
            unsure = [r for r in right if r["confidence"] is None or r["confidence"] < RIGHT]
            print(f"{name:26} {families.get(name, {}).get('split', '?'):6} {len(right):6d} {len(unsure):7d}")

    if json_out:
        with open(json_out, "w") as f:
            json.dump([{k: r[k] for k in ("stem", "group", "family", "channel", "split", "f1", "notes", "metadata",
                                          "confidence", "route", "truth_blocks", "pred_blocks")} for r in rows],
                      f, indent=1)
            f.write("\n")
        print(f"\nper-document results: {json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
