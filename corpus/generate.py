#!/usr/bin/python3
"""Generate the synthetic timetable corpus: documents plus their truth files.

    /usr/bin/python3 corpus/generate.py [--out corpus/out] [--only STEM_SUBSTRING]

For each planned document: build the model (build.py), draw it as HTML
(layouts.py), screenshot it with headless Chromium (browser.py), degrade the
screenshot into its rendering kind (degrade.py), and write NAME.truth.json
from the same model (model.py). Every seed is fixed, so two runs give the same
files. See corpus/README.md.
"""
import argparse
import concurrent.futures
import html.parser
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build  # noqa: E402
import degrade  # noqa: E402
import layouts  # noqa: E402
from browser import Browser  # noqa: E402
from model import DAYS, Document  # noqa: E402

SEED = 20241128
COUNTS = {"crisp": 25, "jpeg": 12, "scan": 12, "photo": 12}
# grids are the main case; each rendering kind walks this cycle from its own offset
LAYOUT_CYCLE = ["days-rows", "days-cols", "day-lists", "days-rows", "schedule", "days-cols", "panels"]
FINE_PRINT = ["* PE kits needed on these days — please label all uniform.",
              "Timetable subject to change. Updated 02/09/2024.",
              "Please ensure reading books are in book bags every day.",
              "Water bottles in class, please!"]


def plan():
    """(index, layout, rendering) for every document, the kinds interleaved."""
    slots = []
    for k, (kind, count) in enumerate(COUNTS.items()):
        for i in range(count):
            layout = LAYOUT_CYCLE[(i + 2 * k) % len(LAYOUT_CYCLE)]
            slots.append(((i + 0.5) / count, k, kind, layout))
    slots.sort()
    return [(n + 1, layout, kind) for n, (_, _, kind, layout) in enumerate(slots)]


def make_document(index, layout, rendering):
    rng = random.Random(SEED * 1000 + index)
    page = rendering in ("scan", "photo")
    style = build.base_style(rng, page)
    region = {"days-rows": "uk" if rng.random() < 0.75 else "us",
              "days-cols": "uk" if rng.random() < 0.6 else "us",
              "day-lists": "uk" if rng.random() < 0.6 else "us",
              "schedule": "us" if rng.random() < 0.6 else "uk",
              "panels": "us"}[layout]
    if layout == "days-rows" or layout == "days-cols":
        body = build.build_grid(rng, region, style, layout)
    elif layout == "day-lists":
        body = build.build_day_lists(rng, region, style)
    elif layout == "schedule":
        body = build.build_schedule(rng, region, style)
    else:
        body = build.build_panels(rng, region, style)
    metadata, style["meta_look"] = build.choose_metadata(rng, region, layout)

    style["time_look"] = rng.choice(["hl", "hl", "red", ""])
    style["row_height"] = rng.choice([70, 80, 95, 110])
    style["minute_px"] = rng.choice([0.9, 1.1, 1.3])
    style["dash"] = rng.choice(["", "—"])
    style["fine_print"] = rng.choice(FINE_PRINT) if rng.random() < 0.25 else ""
    if layout == "schedule":
        style["width"] = 850 if page else rng.choice([560, 640, 720, 800])
        style["size"] = max(style["size"], 15)
    elif layout == "panels":
        style["width"] = 1123 if page else rng.choice([1300, 1450, 1600])
        style["background"] = rng.choice(["#ffffff", "#e9e4da", "#f3f3f3"])
    elif layout == "day-lists" and not page:
        style["width"] = {1: 520, 2: 900, 3: 1200, 5: 1600}[style["columns"]]
    if page:
        style["padding"] = 56
        style["min_height"] = int(style["width"] * (1.414 if style["width"] < 1000 else 0.707))
    stem = f"c{index:03d}_{layout}_{rendering}"
    return Document(stem, layout, rendering, metadata, body, style, SEED * 1000 + index)


# --- checks ----------------------------------------------------------------------

class TextOf(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(page):
    parser = TextOf()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def check_truth(truth, page_text, letters):
    """The rules of TRUTH.md, and that every name and note is printed on the page."""
    problems = []
    hhmm = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
    for key in truth["metadata"]:
        if key not in ("title", "school", "class", "teacher", "term", "week"):
            problems.append(f"metadata key {key}")
        elif truth["metadata"][key] not in page_text:
            problems.append(f"metadata {key}={truth['metadata'][key]!r} not shown")
    by_day = {}
    for b in truth["timeblocks"]:
        where = f"{b['day']} {b['start']} {b['names'][0]!r}"
        if b["day"] not in DAYS:
            problems.append(f"{where}: day")
        if not hhmm.match(b["start"]) or (b["end"] is not None and not hhmm.match(b["end"])):
            problems.append(f"{where}: time format")
        elif b["end"] is not None and b["end"] <= b["start"]:
            problems.append(f"{where}: ends before it starts")
        if not (isinstance(b["names"], list) and b["names"] and all(n.strip() for n in b["names"])):
            problems.append(f"{where}: names")
        if b["names"][0] not in page_text and b["names"][0] not in letters:
            problems.append(f"{where}: name not shown")
        if b["notes"] and b["notes"] not in page_text:
            problems.append(f"{where}: notes not shown")
        if b["tol"] not in (0, 10, 15) or not isinstance(b["optional"], bool):
            problems.append(f"{where}: tol/optional")
        if b["end"] is not None:
            by_day.setdefault(b["day"], []).append(b)
    for day, blocks in by_day.items():
        blocks.sort(key=lambda b: b["start"])
        for a, b in zip(blocks, blocks[1:]):
            if b["start"] < a["end"] and not (a["tol"] or b["tol"]):
                problems.append(f"{day}: {a['names'][0]!r} overlaps {b['names'][0]!r}")
    return problems


def has_text_layer(pdf):
    """A scan must be pixels only, as a scanner makes it."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return bool(text.strip())


# --- main --------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = pathlib.Path(__file__).resolve().parent
    parser.add_argument("--out", default=str(here / "out"))
    parser.add_argument("--only", default="", help="generate only documents whose name contains this")
    parser.add_argument("--keep-html", action="store_true", help="keep NAME.html beside each document")
    args = parser.parse_args()

    out = pathlib.Path(args.out)
    if not args.only and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    docs = [make_document(*p) for p in plan()]
    docs = [d for d in docs if args.only in d.stem]
    started = time.time()
    failures = []

    def finish(doc, shot, work):
        fn, ext = degrade.KINDS[doc.rendering]
        name = f"{doc.stem}.{ext}"
        fn(shot, out / name, random.Random(doc.seed + 1), work)
        truth = doc.truth(name)
        (out / f"{doc.stem}.truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
        return name, truth

    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp, Browser() as browser, \
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = []
        for doc in docs:
            page = layouts.render(doc)
            work = pathlib.Path(tmp) / doc.stem
            work.mkdir()
            (work / "page.html").write_text(page)
            if args.keep_html:
                (out / f"{doc.stem}.html").write_text(page)
            shot = work / "shot.png"
            browser.screenshot(work / "page.html", shot, doc.style["width"], doc.style["scale"])
            letters = [c.text.name for c in getattr(doc.body, "cells", []) if c.look.get("letters")]
            jobs.append((doc, page, letters, pool.submit(finish, doc, shot, str(work))))
        for doc, page, letters, job in jobs:
            name, truth = job.result()
            problems = check_truth(truth, visible_text(page), letters)
            if name.endswith(".pdf") and has_text_layer(out / name):
                problems.append("the scan has a text layer")
            for p in problems:
                failures.append(f"{name}: {p}")
            print(f"{name:40s} {len(truth['timeblocks']):4d} blocks", flush=True)

    print(f"{len(docs)} documents in {time.time() - started:.0f} s -> {out}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
