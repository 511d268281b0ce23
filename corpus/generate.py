#!/usr/bin/python3
"""Generate the synthetic timetable corpus: documents plus their truth files.

    /usr/bin/python3 corpus/generate.py [--out corpus/out] [--only STEM_SUBSTRING]
        [--family NAME[,NAME]] [--channel NAME[,NAME]]

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
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import degrade  # noqa: E402
import families  # noqa: E402
import layouts  # noqa: E402
import writers  # noqa: E402
from browser import Browser  # noqa: E402
from model import DAYS, Document, Grid  # noqa: E402

SEED = 20241128
PER_FAMILY = 9
PAGE = ("scan", "scan-turned", "photo", "pdf-text", "pdf-pages", "docx", "text")
WRITTEN = {"pdf-text": "pdf", "pdf-pages": "pdf", "docx": "docx", "text": "txt"}


def plan():
    """(index, family, channel) for every document: the first corpus's families interleaved,
    each walking a shuffled cycle of its channels, so that any run of numbers mixes families
    and channels; then the families of families.APPENDED, nine numbers each."""
    cycles = {}
    for name, (_, channels) in families.FAMILIES.items():
        rng = random.Random(SEED + zlib.crc32(name.encode()))
        cycle = channels[:]
        rng.shuffle(cycle)
        cycles[name] = cycle
    first = [name for name in families.FAMILIES if name not in families.APPENDED]
    out = []
    for k in range(PER_FAMILY):
        for name in first:
            out.append((len(out) + 1, name, cycles[name][k % len(cycles[name])]))
    # families added after the first corpus come after it, one family at a time, so that
    # the stems (and seeds) of the documents before them never change
    for name in families.APPENDED:
        for k in range(PER_FAMILY):
            out.append((len(out) + 1, name, cycles[name][k % len(cycles[name])]))
    return out


def make_document(index, family, channel):
    rng = random.Random(SEED * 1000 + index)
    page = channel in PAGE
    builder, _ = families.FAMILIES[family]
    renderer, metadata, look, body, style = builder(rng, page)
    style["renderer"] = renderer
    style["meta_look"] = look
    if page and channel not in ("pdf-text", "pdf-pages"):
        style["padding"] = 56
        style["min_height"] = int(style["width"] * (1.414 if style["width"] < 1000 else 0.707))
    if channel in ("pdf-text", "pdf-pages"):
        style["landscape"] = style["width"] > 900
        style["width"] = 1040 if style["landscape"] else 720
        style["padding"] = 8
        style["pdf"] = True
        # poppler reads no vertical text out of Chromium's PDFs: labels lie flat in a PDF
        # (a teacher's PDF export has them as Word drew them; the images keep theirs)
        style["rotate_merged"] = style["rotate_narrow"] = False
        if style.get("day_look") == "rotated":
            style["day_look"] = "plain"
        for cell in getattr(body, "cells", []):
            cell.look.pop("vertical", None)
        style.pop("min_height", None)
    if channel == "pdf-pages":
        if isinstance(body, Grid):
            style["page_break_at"] = 1 + sum(body.units) // 2
        else:
            style["page_break_at"] = max(1, len(body.sections) // 2 + 1) if len(body.sections) > 1 else None
    stem = f"c{index:03d}_{family}_{channel}"
    return Document(stem, family, channel, metadata, body, style, SEED * 1000 + index)


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
    """The rules of TRUTH.md, and that every name and note is printed on the page (for a
    PDF's text layer, a DOCX or a text file: in the text it holds, spaces aside, as a
    PDF wraps lines where the page did)."""
    problems = []
    squeezed = "".join(page_text.split())

    words = set(page_text.split()) if isinstance(page_text, PdfText) else None

    class Shown(str):
        def __contains__(self, item):
            if "".join(item.split()) in squeezed:
                return True
            if words is None:
                return False
            return all(w in words for w in item.split()) or in_order("".join(item.split()), squeezed)
    page_text = Shown(page_text)
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

def pdf_text(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def in_order(name, text):
    """name's letters in order within a short stretch of text: a word broken over two lines of
    a narrow cell comes out of a PDF as "Celebrati" … "on" with other cells between."""
    start = text.find(name[:3])
    while start >= 0:
        k, i = 0, start
        limit = start + 40 * len(name)
        while i < min(len(text), limit) and k < len(name):
            if text[i] == name[k]:
                k += 1
            i += 1
        if k == len(name):
            return True
        start = text.find(name[:3], start + 1)
    return False


class PdfText(str):
    """A PDF's text layer. Its reading order may interleave columns ("Celebration" …
    "Assembly"), so a name is shown when its words are all there."""


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = pathlib.Path(__file__).resolve().parent
    parser.add_argument("--out", default=str(here / "out"))
    parser.add_argument("--only", default="", help="generate only documents whose name contains this")
    parser.add_argument("--family", default="", help="generate only this family's documents (comma-separated list)")
    parser.add_argument("--channel", default="", help="generate only this channel's documents (comma-separated list)")
    parser.add_argument("--keep-html", action="store_true", help="keep NAME.html beside each document")
    args = parser.parse_args()

    out = pathlib.Path(args.out)
    subset = args.only or args.family or args.channel
    if not subset and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = [p for p in plan()
              if (not args.family or p[1] in args.family.split(","))
              and (not args.channel or p[2] in args.channel.split(","))]
    docs = [make_document(*p) for p in chosen]
    docs = [d for d in docs if args.only in d.stem]
    started = time.time()
    failures = []

    def finish(doc, shot, work):
        fn, ext = degrade.KINDS[doc.rendering]
        name = f"{doc.stem}.{ext}"
        fn(shot, out / name, random.Random(doc.seed + 1), work)
        return name

    def write_truth(doc, name):
        truth = doc.truth(name)
        (out / f"{doc.stem}.truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
        return truth

    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp, Browser() as browser, \
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = []
        for doc in docs:
            letters = [c.text.name for c in getattr(doc.body, "cells", []) if c.look.get("letters")]
            channel = doc.rendering
            if channel in ("docx", "text"):
                name = f"{doc.stem}.{WRITTEN[channel]}"
                write = writers.write_docx if channel == "docx" else writers.write_text
                write(doc, out / name, random.Random(doc.seed + 1))
                shown = writers.docx_text(out / name) if channel == "docx" else (out / name).read_text()
                jobs.append((doc, name, shown, letters, None))
                continue
            page = layouts.render(doc)
            work = pathlib.Path(tmp) / doc.stem
            work.mkdir()
            (work / "page.html").write_text(page)
            if args.keep_html:
                (out / f"{doc.stem}.html").write_text(page)
            if channel in ("pdf-text", "pdf-pages"):
                name = f"{doc.stem}.pdf"
                browser.print_pdf(work / "page.html", out / name, doc.style.get("landscape", False))
                jobs.append((doc, name, PdfText(pdf_text(out / name)), letters, None))
                continue
            shot = work / "shot.png"
            browser.screenshot(work / "page.html", shot, doc.style["width"], doc.style["scale"])
            jobs.append((doc, None, visible_text(page), letters, pool.submit(finish, doc, shot, str(work))))
        for doc, name, shown, letters, job in jobs:
            if job is not None:
                name = job.result()
            truth = write_truth(doc, name)
            problems = check_truth(truth, shown, letters)
            if doc.rendering in ("scan", "scan-turned") and has_text_layer(out / name):
                problems.append("the scan has a text layer")
            if doc.rendering == "pdf-pages" and pdf_pages(out / name) < 2:
                problems.append("a multi-page PDF with one page")
            if doc.rendering in ("pdf-text", "pdf-pages") and not shown.strip():
                problems.append("a text-layer PDF without text")
            for p in problems:
                failures.append(f"{name}: {p}")
            print(f"{name:50s} {len(truth['timeblocks']):4d} blocks", flush=True)

    print(f"{len(docs)} documents in {time.time() - started:.0f} s -> {out}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
