"""The layout families of the corpus. A family is a distribution, not a template: its
builder draws the model (what the timetable says) and the style (how it is drawn) from
a seeded RNG. `FAMILIES[name]` = (builder, channels it is rendered through). Whether a
family is dev or check is fixed in bench/families.json, not here.

A builder returns (renderer, metadata, meta_look, body, style); renderer names a
function in layouts.py / drawn.py (see layouts.render).
"""
import build
import content
from build import FONTS, PASTELS, base_style, with_notes
from content import WEEK, text
from model import DAYS, Block, Cell, Drawn, Grid, Item, Section, Sections, Slot, Text, round5

HANDWRITING = ["'Dancing Script'", "Breip", "femkeklaver", "'Comic Neue'"]
IMAGE = ["crisp", "jpeg", "scan", "photo"]


def t(h, m=0):
    return h * 60 + m


def legacy(layout):
    """The five layouts of the first corpus, drawn as before."""
    def make(rng, page):
        style = base_style(rng, page)
        region = {"days-rows": "uk" if rng.random() < 0.75 else "us",
                  "days-cols": "uk" if rng.random() < 0.6 else "us",
                  "day-lists": "uk" if rng.random() < 0.6 else "us",
                  "schedule": "us" if rng.random() < 0.6 else "uk",
                  "panels": "us"}[layout]
        if layout in ("days-rows", "days-cols"):
            body = build.build_grid(rng, region, style, layout)
            # most grids are fully ruled; some keep only the horizontal rules
            style["rules"] = "h" if rng.random() < 0.2 else "all"
        elif layout == "day-lists":
            body = build.build_day_lists(rng, region, style)
        elif layout == "schedule":
            body = build.build_schedule(rng, region, style)
        else:
            body = build.build_panels(rng, region, style)
        metadata, look = build.choose_metadata(rng, region, layout)
        finish_style(rng, style, layout, page)
        return layout, metadata, look, body, style
    return make


def finish_style(rng, style, layout, page):
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


FINE_PRINT = ["* PE kits needed on these days — please label all uniform.",
              "Timetable subject to change. Updated 02/09/2024.",
              "Please ensure reading books are in book bags every day.",
              "Water bottles in class, please!"]


def meta(rng, region, layout="list", keys=None):
    metadata, look = build.choose_metadata(rng, region, layout)
    if keys is not None:
        full = content.metadata(rng, region)
        metadata = {k: full[k] for k in keys}
        look = "title" if "title" in keys else "banner"
    return metadata, look


def sections_by_day(rng, region, style, days=None):
    """A week as one section per day (UK or US), as day-lists builds it."""
    body = build.build_day_lists(rng, region, style)
    if days:
        for sec, day in zip(body.sections, days):
            sec.days = [day]
            sec.heading = content.day_label(day, style["day_form"])
    return body


# --- the families from the issue ------------------------------------------------

def short_suffix(rng, page):
    """US lists with "7:50a - 8:10a", "8:10a", "3p", "12:30p"."""
    style = base_style(rng, page)
    kind = rng.choice(["day-lists", "schedule", "panels"])
    body = {"day-lists": build.build_day_lists, "schedule": build.build_schedule,
            "panels": build.build_panels}[kind](rng, "us", style)
    style["time_style"] = rng.choice(content.SHORT_AP)
    metadata, look = build.choose_metadata(rng, "us", kind)
    finish_style(rng, style, kind, page)
    return kind, metadata, look, body, style


def simple_grid(rng, days, slots, names, fills=None, merge=True):
    """One cell per day and slot; a slot whose every day says the same fixed thing
    (Break, Lunch, Recess) is one cell merged across the days."""
    cells = []
    for s, slot in enumerate(slots):
        row = names[s]
        if merge and slot.kind in ("break", "lunch", "reg") and len(set(row)) == 1:
            cells.append(Cell(text(row[0]), tuple(range(len(days))), s, s + 1,
                              colour=(fills or {}).get(row[0])))
            continue
        for d in range(len(days)):
            t_ = row[d] if isinstance(row[d], Text) else text(row[d])
            cells.append(Cell(t_, (d,), s, s + 1, colour=(fills or {}).get(t_.name)))
    return Grid(days, slots, [1] * len(slots), cells)


def period_day(rng, start, lengths, breaks):
    """Slots of a secondary-style day: lessons of the given lengths, breaks after some."""
    slots, now = [], start
    for k, length in enumerate(lengths):
        slots.append(Slot(now, now + length, "lesson"))
        now += length
        if k in breaks:
            kind, name, length = breaks[k]
            slots.append(Slot(now, now + length, kind))
            now += length
    return slots


UK_SUBJECTS = ["English", "Maths", "Science", "History", "Geography", "Art", "Music", "PE", "RE", "Computing",
               "French", "DT", "PSHE", "Spanish", "Drama"]


def fill_names(rng, slots, ndays, pool, fixed):
    names = []
    for slot in slots:
        if slot.kind in fixed:
            names.append([fixed[slot.kind]] * ndays)
        else:
            names.append([rng.choice(pool) for _ in range(ndays)])
    return names


def band_periods(rng, page):
    style = base_style(rng, page)
    n = rng.choice([5, 6, 6, 7])
    start = rng.choice([t(8, 40), t(8, 45), t(8, 50), t(9)])
    length = rng.choice([45, 50, 55, 60])
    brk = rng.choice([1, 2])
    breaks = {brk: ("break", rng.choice(["Break", "Playtime"]), rng.choice([15, 20])),
              brk + 2: ("lunch", rng.choice(["Lunch", "Lunchtime"]), rng.choice([45, 60]))}
    slots = period_day(rng, start, [length] * n, breaks)
    fixed = {"break": breaks[brk][1], "lunch": breaks[brk + 2][1]}
    names = fill_names(rng, slots, 5, UK_SUBJECTS, fixed)
    body = simple_grid(rng, WEEK[:], slots, names)
    labels, key_labels, p = [], [], 0
    for sl in slots:
        if sl.kind == "lesson":
            p += 1
            labels.append(str(p))
            key_labels.append(f"Period {p}")
        else:
            labels.append("")
            key_labels.append(fixed[sl.kind])
    style.update(day_form=rng.choice(["short-upper", "short-upper", "upper"]), period_labels=labels,
                 key_labels=key_labels, key_title=rng.choice(["Period times", "Key", "Lesson times"]),
                 key_side=rng.choice(["right", "below"]), band_fill=rng.choice(["#1f3864", "#222", "#4b2c6f", "#0b5345"]),
                 row_height=rng.choice([48, 56, 64]))
    style["time_style"] = rng.choice(content.TIME_STYLES[:6])
    metadata, look = build.choose_metadata(rng, "uk", "days-rows")
    if look == "class-heading":
        look = "title"
        metadata = {"title": "Timetable", **metadata}
    return "band-periods", metadata, look, body, style


ROUTINE = ["Arrival & Unpack", "Morning Work", "Morning Meeting", "Math", "Snack", "Recess", "Reading",
           "Writing", "Lunch", "Quiet Time", "Science", "Specials", "Pack Up"]


def routine_items(rng, style, start=None):
    now = start or rng.choice([t(7, 50), t(8), t(8, 15), t(8, 30)])
    items = []
    names = ["Arrival & Unpack", "Morning Meeting", "Math", rng.choice(["Snack", "Recess"]), "Reading Block",
             "Writing", "Lunch", rng.choice(["Recess", "Quiet Time"]), rng.choice(["Science", "Social Studies"]),
             "Specials", "Read Aloud", "Pack Up"]
    for name in names:
        length = {"Arrival & Unpack": 15, "Morning Meeting": 20, "Snack": 15, "Recess": 20, "Lunch": 30,
                  "Quiet Time": 15, "Read Aloud": 15, "Pack Up": 10}.get(name, rng.choice([30, 40, 45, 60]))
        items.append(Item(now, now + length, with_notes(rng, name, style["note_style"], 0.1)))
        now += length
    if rng.random() < 0.5:
        items.append(Item(now, None, text(rng.choice(["Dismissal", "Buses Leave"]))))
    return items


def routine_timeline(rng, page):
    style = base_style(rng, page)
    style["time_style"] = rng.choice(content.TIME_STYLES + content.SHORT_AP)
    groups = rng.choice([[WEEK[:4], ["friday"]], [WEEK[:4]], [["monday", "tuesday", "thursday", "friday"],
                                                              ["wednesday"]], [WEEK[:]]])
    base = routine_items(rng, style)
    sections = []
    for k, days in enumerate(groups):
        items = base if k == 0 else [Item(i.start, i.end, text("Fun Friday") if i.text.name == "Science"
                                          else i.text) for i in base[:8]] + \
            [Item(base[7].end, None, text("Early Dismissal"))]
        sections.append(Section(days, content.days_heading(days, rng), items))
    style.update(accent=rng.choice(["#2e75b6", "#c55a11", "#548235", "#7030a0"]), gap_px=rng.choice([10, 16, 22]),
                 width=rng.choice([700, 900, 1100]) if not page else 1123)
    metadata, look = build.choose_metadata(rng, "us", "list")
    return "timeline", metadata, look, Sections(sections), style


ME_SUBJECTS = ["Arabic", "Islamic Studies", "English", "Maths", "Science", "Social Studies", "PE", "ICT",
               "Art", "Quran", "Music", "Moral Education"]


def sun_thu(rng, page):
    style = base_style(rng, page)
    days = ["sunday", "monday", "tuesday", "wednesday", "thursday"]
    start = rng.choice([t(7, 30), t(7, 40), t(7, 45)])
    length = rng.choice([40, 45, 50])
    n = rng.choice([6, 7, 7])
    breaks = {rng.choice([2, 3]): ("break", "Break", rng.choice([20, 25, 30]))}
    if n == 7 and rng.random() < 0.5:
        breaks[5] = ("break", "Prayer", 15)
    slots = period_day(rng, start, [length] * n, breaks)
    order = [breaks[k][1] for k in sorted(breaks)]
    names = []
    for sl in slots:
        if sl.kind == "break":
            names.append([order.pop(0)] * 5)
        else:
            names.append([rng.choice(ME_SUBJECTS) for _ in range(5)])
    body = simple_grid(rng, days, slots, names)
    style["rules"] = "h"
    style["time_style"] = rng.choice(content.H24_STYLES + content.TIME_STYLES[:3])
    style["day_form"] = rng.choice(["full", "short", "upper"])
    style["day_look"] = "plain"
    style["numbered"] = rng.random() < 0.3
    metadata, look = meta(rng, "uk", keys=["title", "school", "class"])
    metadata["school"] = rng.choice(["Al Noor International School", "Gulf Academy", "Al Rawdah School",
                                     "Dubai Heights Academy", "Emirates British School"])
    metadata["class"] = f"Grade {rng.randint(2, 8)}{rng.choice('ABC')}"
    layout = rng.choice(["days-rows", "days-cols"])
    finish_style(rng, style, layout, page)
    return layout, metadata, look, body, style


FOOTERS = ["Office closes at 4pm", "The school office closes at 4:30pm each day.",
           "Gates open at 8.30am — please do not arrive earlier.", "After-school club runs until 5.30pm.",
           "Reception is staffed from 8am to 4pm."]


def bullet_days(rng, page):
    style = base_style(rng, page)
    region = rng.choice(["uk", "us"])
    body = build.build_day_lists(rng, region, style)
    style.update(columns=rng.choice([1, 2]) if not page else 2, heading_deco=rng.choice(["underline", "none"]),
                 bullet=rng.choice(["disc", "circle", "square"]), sep=rng.choice([" ", " – ", ": "]),
                 footer_line=rng.choice(FOOTERS), width=rng.choice([700, 900]) if not page else 1123)
    metadata, look = build.choose_metadata(rng, region, "list")
    return "bullets", metadata, look, body, style


def start_spans(rng, page):
    style = base_style(rng, page)
    for _ in range(20):
        body = build.build_grid(rng, rng.choice(["uk", "uk", "us"]), style, "days-rows", start_only=True, min_doubles=2)
        if any(c.last - c.first >= 2 and not c.look.get("split") and len(c.days) == 1 for c in body.cells):
            break
    style["time_style"] = rng.choice([content.TIME_STYLES[1], content.TIME_STYLES[4], content.TIME_STYLES[0]])
    metadata, look = build.choose_metadata(rng, "uk", "days-rows")
    finish_style(rng, style, "days-rows", page)
    return "days-rows", metadata, look, body, style


def calendar_week(rng, page):
    style = base_style(rng, page)
    region = rng.choice(["uk", "us"])
    body = build.build_day_lists(rng, region, style)
    sections = []
    for sec in body.sections:     # a calendar shows only timed events with an end
        items = [it for it in sec.items if it.end is not None]
        sections.append(Section(sec.days, content.day_label(sec.days[0], rng.choice(["short", "full"])) +
                                (f" {rng.randint(1, 28)}/{rng.randint(1, 12)}" if False else ""), items))
    first = min(it.start for s in sections for it in s.items) // 60 * 60
    last = -(-max(it.end for s in sections for it in s.items) // 60) * 60
    style.update(axis=(first, last), px_per_min=rng.choice([1.6, 1.8, 2.0]), time_style=rng.choice(
        [content.TimeStyle(h24=True, lead_zero=True, dash=" - ")] * 3 + content.H24_STYLES[1:] + content.SHORT_AP[:1]),
        axis_style=rng.choice([content.TimeStyle(h24=True, lead_zero=True), content.TimeStyle(drop_zero=True,
                                                                                             ampm="both", upper=True)]),
        palette=build.subject_palette(rng), default_fill="#e8eefc", edge=rng.choice(["#1a73e8", "#0b8043", "#8e24aa"]),
        head_fill=rng.choice(["#f1f3f4", "#ffffff", "#e8f0fe"]), width=rng.choice([1100, 1300]) if not page else 1123,
        size=rng.choice([13, 14]))
    for sec in sections:
        for it in sec.items:
            it.text = Text(it.text.name, "", it.text.alts)     # no notes in a calendar box
    metadata, look = meta(rng, region, keys=["title"])
    metadata["title"] = rng.choice(["Week view", "My Calendar", "Class Calendar", "Weekly Schedule"])
    return "calendar", metadata, look, Sections(sections), style


def colour_fill(rng, page):
    style = base_style(rng, page)
    region = rng.choice(["uk", "uk", "us"])
    layout = rng.choice(["days-rows", "days-cols"])
    body = build.build_grid(rng, region, style, layout)
    palette = build.subject_palette(rng)
    groups = {}
    for cell in body.cells:
        if cell.colour is None:
            cell.colour = palette.get(cell.text.name, "#e7e6e6")
    for group, names in build.SUBJECT_GROUPS.items():
        groups[group] = palette[names[0]]
    style["rules"] = "none"
    style["legend_title"] = rng.choice(["Key:", "Colour key", "Legend"])
    style["legend"] = [(label, groups[g]) for g, label in
                       [("english", "Literacy"), ("maths", "Numeracy"), ("science", "STEM subjects"),
                        ("humanities", "Humanities"), ("arts", "Creative & Active"), ("assembly", "Whole school")]]
    metadata, look = build.choose_metadata(rng, region, layout)
    finish_style(rng, style, layout, page)
    style["time_look"] = ""
    return layout, metadata, look, body, style


def handwritten(rng, page):
    style = base_style(rng, page)
    style["font"] = rng.choice(HANDWRITING)
    style["size"] = rng.choice([18, 20, 22])
    style["lined"] = True
    region = rng.choice(["uk", "us"])
    kind = rng.choice(["day-lists", "days-rows"])
    if kind == "day-lists":
        body = build.build_day_lists(rng, region, style)
        style["line"] = "inline"
        style["section_fills"] = False
    else:
        body = build.build_grid(rng, region, style, "days-rows")
        for cell in body.cells:
            cell.colour = None
            cell.look.pop("vertical", None)
            cell.look.pop("letters", None)
        style["rotate_merged"] = style["rotate_narrow"] = False
        style["day_look"] = "plain"
        style["header_fill"] = None
        style["border"] = rng.choice(["1.5px solid #1d2b6b", "2px solid #333"])
    metadata, look = build.choose_metadata(rng, region, "list")
    finish_style(rng, style, kind, page)
    style["time_look"] = ""
    return kind, metadata, look, body, style


def screen_routine(rng, page):
    """Daily routine row + day rows. Truth (corpus/README.md): every day gets the routine's
    blocks, except where its row replaces a stretch (the replacing block instead); a detail
    written under one routine slot is that day's note on the routine block."""
    style = base_style(rng, page)
    now = rng.choice([t(8, 30), t(8, 40), t(8, 45)])
    names = ["Welcome", "Phonics", "Maths", "Break", "English", "Guided Reading", "Lunch", "Topic",
             "Choosing Time", "Story"]
    slots = []
    for name in names:
        length = {"Welcome": 15, "Break": 15, "Lunch": 60, "Story": 15, "Choosing Time": 30,
                  "Guided Reading": 30}.get(name, rng.choice([45, 60]))
        slots.append((now, now + length, name))
        now += length
    days = WEEK[:]
    rows, blocks = [], []
    details = {"Maths": ["Times tables test", "Mental maths"], "Phonics": ["Spelling test", "New sounds"],
               "English": ["Big Write", "Grammar"], "Guided Reading": ["Library books", "Reading records"],
               "Topic": ["Computing", "Science lab"]}
    replacements = [("PE", "Hall"), ("Swimming", ""), ("Forest School", ""), ("Music", ""), ("Art", "")]
    for d, day in enumerate(days):
        row = {}
        if rng.random() < 0.6:        # replace a stretch of two or three afternoon slots
            k = rng.choice([7, 7, 4])
            span = 2 if k == 4 else rng.choice([2, 3])
            span = min(span, len(slots) - k)
            if slots[k][2] != "Lunch" and all(s[2] != "Lunch" for s in slots[k:k + span]):
                name = rng.choice(replacements)[0]
                row[k] = ("replace", span, name, slots[k][0], slots[k + span - 1][1])
        for k, (_, _, name) in enumerate(slots):
            if k in row or any(v[0] == "replace" and j < k < j + v[1] for j, v in row.items()):
                continue
            if name in details and rng.random() < 0.25:
                row[k] = ("detail", rng.choice(details[name]))
        rows.append(row)
        covered = set()
        for j, v in row.items():
            if v[0] == "replace":
                covered.update(range(j, j + v[1]))
                blocks.append(Block(day, v[3], v[4], text(v[2])))
        for k, (a, b, name) in enumerate(slots):
            if k in covered:
                continue
            note = row[k][1] if k in row else ""
            blocks.append(Block(day, a, b, text(name, note)))
    style.update(time_style=rng.choice(content.TIME_STYLES[:5]), routine_fill=rng.choice(["#fff2cc", "#e2efda", "#ddebf7"]),
                 replace_fill=rng.choice(["#f8cbad", "#c6e0b4", "#bdd7ee"]), label_height=rng.choice([120, 140]),
                 row_height=rng.choice([44, 52]), chrome=rng.choice(["browser", "word"]), time_look="")
    body = Drawn(blocks, {"slots": slots, "days": days, "rows": rows,
                          "routine_label": rng.choice(["Daily routine", "Daily Routine", "Every day"])})
    metadata, look = build.choose_metadata(rng, "uk", "list")
    return "screen-routine", metadata, look, body, style


# --- other dev families -----------------------------------------------------------

def word_table(rng, page):
    style = base_style(rng, page)
    style.update(font=rng.choice(["Carlito", "'Liberation Serif'", "'Liberation Sans'"]),
                 border="1px solid #000", header_fill=rng.choice(["#d9e2f3", "#fbe4d5", "#e2efd9", None]),
                 chrome="word")
    region = rng.choice(["uk", "us"])
    body = build.build_grid(rng, region, style, "days-cols")
    metadata, look = build.choose_metadata(rng, region, "days-cols")
    finish_style(rng, style, "days-cols", page)
    return "days-cols", metadata, look, body, style


def letter_paragraphs(rng, page):
    style = base_style(rng, page)
    region = rng.choice(["uk", "us"])
    body = build.build_day_lists(rng, region, style)
    style["intro"] = rng.choice(["Dear Parents and Carers, here is our class timetable for this half term.",
                                 "Below is what a typical week looks like in our class.",
                                 "Please keep this letter on your fridge!"])
    style["sign_off"] = rng.choice(["Many thanks,", "Kind regards,", "Best wishes,"])
    style["width"] = rng.choice([760, 840]) if not page else 1123
    metadata, look = meta(rng, region, keys=["school", "teacher"])
    return "letter", metadata, look, body, style


NURSERY = ["Arrival and free play", "Circle time", "Snack time", "Outdoor play", "Phonics", "Story and songs",
           "Lunch", "Quiet time", "Creative activities", "Home time"]


def nursery_sessions(rng, page):
    style = base_style(rng, page)
    now = rng.choice([t(8, 30), t(9)])
    items = []
    morning = ["Arrival and free play", "Circle time", "Snack time", "Outdoor play", "Phonics"]
    afternoon = ["Quiet time", "Story and songs", "Creative activities", "Outdoor play"]
    for name in morning:
        if now >= t(11, 30):
            break
        length = min(rng.choice([30, 30, 60]), t(11, 30) - now)
        items.append(Item(now, now + length, text(name)))
        now += length
    if now < t(11, 30):
        items.append(Item(now, t(11, 30), text("Tidy up")))
    items.append(Item(t(11, 30), t(12), text("Lunch")))
    now = t(12)
    for name in afternoon:
        length = rng.choice([30, 60])
        items.append(Item(now, now + length, text(name)))
        now += length
    items.append(Item(now, None, text("Home time")))
    days = rng.choice([WEEK[:], WEEK[:4], ["monday", "wednesday", "friday"]])
    body = Sections([Section(days, content.days_heading(days, rng), items)])
    style["time_style"] = rng.choice(content.NOON_STYLES + [content.TIME_STYLES[4]])
    style["numbered"] = False
    style["panel_fills"] = [rng.choice(PASTELS)]
    metadata, look = build.choose_metadata(rng, "uk", "schedule")
    metadata["title"] = rng.choice(["Nursery Routine", "Our Day", "Daily Routine"])
    finish_style(rng, style, "schedule", page)
    return "schedule", metadata, look, body, style


def split_header(rng, page):
    style = base_style(rng, page)
    region = rng.choice(["uk", "us"])
    body = build.build_grid(rng, region, style, "days-rows", start_only=False)
    style["split_header"] = rng.choice(["<br>", "<br>to<br>", "<br>–<br>"])
    metadata, look = build.choose_metadata(rng, region, "days-rows")
    finish_style(rng, style, "days-rows", page)
    return "days-rows", metadata, look, body, style


# --- check families (only scored, never opened to tune) -------------------------------

def secondary_periods(rng, page):
    style = base_style(rng, page)
    start = rng.choice([t(8, 40), t(8, 50)])
    length = rng.choice([50, 60])
    breaks = {1: ("break", "Break", 20), 3: ("lunch", "Lunch", rng.choice([40, 45]))}
    slots = period_day(rng, start, [length] * rng.choice([5, 6]), breaks)
    initials = ["JPA", "KMR", "SLW", "DHT", "RBN", "ACO", "LFE"]
    rooms = ["M12", "S4", "E7", "H2", "G1", "IT3", "Sp1", "L5"]
    names = []
    for sl in slots:
        if sl.kind in ("break", "lunch"):
            names.append([{"break": "Break", "lunch": "Lunch"}[sl.kind]] * 5)
        else:
            names.append([text(rng.choice(UK_SUBJECTS), f"{rng.choice(initials)} {rng.choice(rooms)}")
                          for _ in range(5)])
    body = simple_grid(rng, WEEK[:], slots, names)
    p, labels = 0, []
    for sl in slots:
        if sl.kind == "lesson":
            p += 1
            labels.append(f"P{p}")
        else:
            labels.append("")
    style.update(period_labels=labels, note_style="small", day_form=rng.choice(["short", "full"]), day_look="plain",
                 numbered=False)
    style["time_style"] = rng.choice(content.TIME_STYLES[:2] + content.H24_STYLES[:1])
    metadata, look = meta(rng, "uk", keys=["title", "class", "week"])
    metadata["title"] = rng.choice(["Student Timetable", "Pupil Timetable"])
    metadata["class"] = f"{rng.choice([7, 8, 9, 10])}{rng.choice('ABCDXY')}{rng.randint(1, 4)}"
    finish_style(rng, style, "days-rows", page)
    style["row_height"] = rng.choice([70, 80])
    return "days-rows", metadata, look, body, style


IN_SUBJECTS = ["Hindi", "English", "Maths", "EVS", "Science", "S.St.", "Computer", "G.K.", "Games",
               "Art & Craft", "Library", "Sanskrit", "Music", "Value Education"]


def india_periods(rng, page):
    style = base_style(rng, page)
    start = rng.choice([t(7, 45), t(8), t(8, 10)])
    length = rng.choice([35, 40])
    slots = period_day(rng, start, [length] * 8, {3: ("break", "Recess", rng.choice([20, 25, 30]))})
    days = DAYS[:6]
    names = fill_names(rng, slots, 6, IN_SUBJECTS, {"break": "Recess"})
    body = simple_grid(rng, days, slots, names)
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    p, labels = 0, []
    for sl in slots:
        labels.append(roman[p] if sl.kind == "lesson" else "")
        p += sl.kind == "lesson"
    style.update(period_labels=labels, day_form=rng.choice(["full", "short", "upper"]), day_look="plain",
                 numbered=False, rotate_merged=True, time_style=rng.choice([content.TIME_STYLES[1],
                                                                            content.TIME_STYLES[8]]))
    for cell in body.cells:
        if len(cell.days) > 1:
            cell.look["vertical"] = True
    metadata, look = meta(rng, "uk", keys=["title", "school", "class"])
    metadata["school"] = rng.choice(["Delhi Public School", "Kendriya Vidyalaya No. 2", "St. Xavier's High School",
                                     "DAV Public School", "Ryan International School"])
    metadata["class"] = f"Class {rng.choice(['III', 'IV', 'V', 'VI', 'VII'])}-{rng.choice('ABCD')}"
    metadata["title"] = rng.choice(["Time Table", "Class Time Table 2024-25"])
    finish_style(rng, style, "days-rows", page)
    return "days-rows", metadata, look, body, style


def agenda_table(rng, page):
    style = base_style(rng, page)
    region = rng.choice(["uk", "us"])
    body = build.build_day_lists(rng, region, style)
    style["columns_text"] = rng.choice([["Day", "Start", "End", "Activity"], ["Day", "From", "To", "Lesson"]])
    style["time_style"] = rng.choice(content.H24_STYLES[:1] + content.TIME_STYLES[:2])
    style["width"] = rng.choice([800, 900]) if not page else 1123
    metadata, look = meta(rng, region, keys=["title", "class"])
    return "agenda", metadata, look, body, style


def typed_grid(rng, region, style):
    """A days-cols grid as typed into a spreadsheet or a plain-text table: one name per
    cell and slot (no split slots, no notes, no in-cell times); a lesson over two slots
    is typed into both, so it is two blocks; a break is typed under every day."""
    for _ in range(50):
        body = build.build_grid(rng, region, style, "days-cols", start_only=False)
        if all(n == 1 for n in body.units):
            break
    cells = []
    for c in body.cells:
        for u in range(c.first, c.last):
            cells.append(Cell(Text(c.text.name, "", c.text.alts), c.days, u, u + 1, None, c.colour, {}))
    return Grid(body.days, body.slots, body.units, cells)


def spreadsheet(rng, page):
    style = base_style(rng, page)
    style.update(font="'Liberation Sans'", size=13)
    region = rng.choice(["uk", "us"])
    body = typed_grid(rng, region, style)
    style["day_form"] = rng.choice(["full", "short"])
    style["fx"] = rng.choice(["Timetable", "=A1", "Monday"])
    style["sheet"] = rng.choice(["Timetable", "Sheet1", "Autumn"])
    style["time_style"] = rng.choice(content.TIME_STYLES[:2] + content.H24_STYLES[:1])
    style["width"] = rng.choice([1200, 1400])
    return "spreadsheet", {}, "title", body, style


def am_pm_tables(rng, page):
    style = base_style(rng, page)
    body = build.build_grid(rng, "uk", style, "days-rows", start_only=False, min_doubles=0)
    lunch = next((s for s, sl in enumerate(body.slots) if sl.kind == "lunch"), None)
    style["split_at"] = lunch
    style["split_titles"] = rng.choice([("Morning", "Afternoon"), ("AM", "PM"), ("Morning sessions", "Afternoon sessions")])
    metadata, look = build.choose_metadata(rng, "uk", "days-rows")
    finish_style(rng, style, "days-rows", page)
    return "two-tables", metadata, look, body, style


def kinder_cards(rng, page):
    style = base_style(rng, page)
    style["font"] = rng.choice(["'Comic Neue'", "'URW Gothic'", "'Open Sans'"])
    items = [it for it in routine_items(rng, style) if it.end is not None]
    for it in items:
        it.text = Text(it.text.name, "", it.text.alts)
    days = WEEK[:]
    body = Sections([Section(days, content.days_heading(days, rng), items)])
    style.update(card_fills=rng.sample(["#e74c3c", "#3498db", "#27ae60", "#f39c12", "#9b59b6", "#16a085"], 4),
                 per_row=rng.choice([3, 4, 5]), time_style=rng.choice(content.TIME_STYLES[:4]),
                 width=rng.choice([1000, 1200]) if not page else 1123)
    metadata, look = meta(rng, "us", keys=["title", "class"])
    metadata["title"] = rng.choice(["Our Visual Schedule", "What We Do Today", "Visual Timetable"])
    return "cards", metadata, look, body, style


PLANNER_NOTES = ["LO: to add fractions", "LO: to write a recount", "Recap place value", "Fronted adverbials",
                 "Hot seating", "Book review", "Investigate magnets", "Map reading", "Quiz on Romans",
                 "Sketch portraits", "Pass and move", "Sorting materials"]


def weekly_planner(rng, page):
    style = base_style(rng, page)
    slots = period_day(rng, rng.choice([t(9), t(8, 50)]), [60, 60, 60, 60, 45],
                       {1: ("break", "Break", 15), 2: ("lunch", "Lunch", 60)})
    names = []
    for sl in slots:
        if sl.kind != "lesson":
            names.append([{"break": "Break", "lunch": "Lunch"}[sl.kind]] * 5)
        else:
            names.append([text(rng.choice(UK_SUBJECTS), rng.choice(PLANNER_NOTES)) for _ in range(5)])
    body = simple_grid(rng, WEEK[:], slots, names)
    style.update(note_style=rng.choice(["italic", "small", "red"]), day_form="full", day_look="plain",
                 numbered=False, time_style=rng.choice(content.TIME_STYLES[:5]))
    metadata, look = meta(rng, "uk", keys=["title", "teacher", "week"])
    metadata["title"] = rng.choice(["Weekly Planner", "Week Plan", "Teaching Plan"])
    finish_style(rng, style, "days-cols", page)
    style["minute_px"] = 1.6
    return "days-cols", metadata, look, body, style


def bar_timeline(rng, page):
    style = base_style(rng, page)
    base = [it for it in routine_items(rng, style) if it.end is not None]
    for it in base:
        it.text = Text(it.text.name, "", it.text.alts)
    groups = rng.choice([[WEEK[:4], ["friday"]], [["monday", "wednesday", "friday"], ["tuesday", "thursday"]]])
    sections = []
    for k, days in enumerate(groups):
        items = base if k == 0 else [Item(i.start, i.end, text("Library") if i.text.name in ("Science",
                                                                                              "Social Studies")
                                          else i.text) for i in base]
        heading = " – ".join(content.day_label(d, "short") for d in (days[0], days[-1])) \
            if days == WEEK[:4] else ", ".join(content.day_label(d, "short") for d in days)
        sections.append(Section(days, heading, items))
    style.update(palette=rng.sample(PASTELS, 6), bar_height=rng.choice([210, 240]), width=rng.choice([1400, 1600]),
                 time_style=rng.choice(content.TIME_STYLES[:2]))
    metadata, look = meta(rng, "us", keys=["title"])
    return "bars", metadata, look, Sections(sections), style


def us_middle_school(rng, page):
    style = base_style(rng, page)
    slots = period_day(rng, rng.choice([t(7, 50), t(8)]), [50] * 7,
                       {0: ("reg", "Advisory", 15), 3: ("lunch", "Lunch", 30)})
    courses = ["Algebra I", "English 7", "Life Science", "U.S. History", "Spanish I", "Band", "PE", "Art",
               "Computer Science", "Geography"]
    names = []
    for sl in slots:
        if sl.kind != "lesson":
            names.append([{"reg": "Advisory", "lunch": "Lunch"}[sl.kind]] * 5)
        else:
            course = rng.choice(courses)
            room = f"Rm {rng.randint(101, 240)}"
            row = [text(course, room)] * 5
            if rng.random() < 0.3:
                row[rng.choice([1, 3])] = text(rng.choice(courses), f"Rm {rng.randint(101, 240)}")
            names.append(row)
    body = simple_grid(rng, WEEK[:], slots, names)
    ordinals = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th"]
    p, labels = 0, []
    for sl in slots:
        labels.append(f"{ordinals[p]} Period" if sl.kind == "lesson" else "")
        p += sl.kind == "lesson"
    style.update(period_labels=labels, note_style="small", day_form=rng.choice(["full", "short"]), day_look="plain",
                 numbered=False, time_style=rng.choice([content.TIME_STYLES[7], content.SHORT_AP[0]]))
    metadata, look = meta(rng, "us", keys=["school", "teacher", "term"])
    finish_style(rng, style, "days-cols", page)
    return "days-cols", metadata, look, body, style


def ascii_table(rng, page):
    style = base_style(rng, page)
    body = typed_grid(rng, rng.choice(["uk", "us"]), style)
    style["day_form"] = rng.choice(["full", "short"])
    style["time_style"] = rng.choice(content.TIME_STYLES[:2] + content.H24_STYLES[:1])
    style["font"] = "'DejaVu Sans Mono'"
    style["width"] = 1500
    metadata, look = meta(rng, "uk", keys=["title", "class"])
    return "ascii", metadata, look, body, style


def class_poster(rng, page):
    style = base_style(rng, page)
    style["font"] = rng.choice(["'URW Bookman'", "C059", "'URW Gothic'"])
    region = rng.choice(["uk", "us"])
    body = build.build_day_lists(rng, region, style)
    for sec in body.sections:
        for it in sec.items:
            it.text = Text(it.text.name, "", it.text.alts)
    style.update(poster_fills=rng.sample(["#ffd6e0", "#c1f0c1", "#cde7ff", "#fff1b8", "#e6d4ff", "#ffe0c2"], 5),
                 per_row=rng.choice([3, 5]) if not page else 3, width=rng.choice([1300, 1500]) if not page else 1123,
                 background=rng.choice(["#fff7e6", "#eef9ff"]))
    metadata, look = meta(rng, region, keys=["title", "class"])
    metadata["title"] = rng.choice(["Our Week!", "Our Class Timetable", "What's On This Week"])
    return "poster", metadata, look, body, style


# --- families added after the first corpus (numbered after it: generate.plan) ----------

SUBJECT_CODES = {"Maths": "Ma", "English": "En", "Science": "Sc", "History": "Hi", "Geography": "Gg",
                 "French": "Fr", "Computing": "Co", "Art": "Ar", "Music": "Mu", "PE": "PE", "RE": "RE",
                 "Spanish": "Sp", "DT": "DT", "Drama": "Dr", "PSHE": "PS"}
BREAK_DUTIES = [("Break duty", "Playground"), ("Break duty", "Canteen"), ("Break duty", "Top corridor"),
                ("Yard duty", ""), ("Corridor duty", ""), ("Break duty", "Field")]
LUNCH_DUTIES = [("Lunch duty", "Dining hall"), ("Lunch duty", "Field"), ("Lunch duty", "Library"),
                ("Canteen duty", ""), ("Lunch duty", "Playground")]
LUNCH_CLUBS = ["Chess club", "Homework club", "Coding club", "Choir", "Year 11 catch-up"]
BEFORE_SCHOOL = ["Gate duty", "Staff briefing", "Bus duty", "Breakfast club"]
AFTER_SCHOOL = ["Staff meeting", "Department meeting", "Homework club", "Detention duty", "Year 11 revision",
                "Netball club", "CPD", "Line management"]


def teacher_duties(rng, page):
    """A teacher's own week from the school's MIS: days down the left, columns as wide as
    they are long (a 20-minute break narrow, a 60-minute period wide), the teacher's classes
    as "7B Maths" with the room under them, free periods left blank (or shaded, no text),
    and duties ("Break duty – Playground", "Lunch duty") in the break and lunch columns on
    some days only, other days' break cells blank or saying "Break". A before-school
    column and an after-school column hold a few timed items ("Staff meeting 15:20 – 16:30").
    Truth: one block per filled cell; blank and shaded cells and the headers are not blocks;
    a time written in a cell wins over its column (convention 3)."""
    style = base_style(rng, page)
    subject = rng.choice(["Maths", "English", "Science", "History", "Geography", "French", "Computing", "Art",
                          "Music", "PE", "RE", "Spanish", "DT", "Drama"])
    second = rng.choice([s for s in SUBJECT_CODES if s != subject]) if rng.random() < 0.35 else None
    years = sorted(rng.sample([7, 8, 9, 10, 11, 12, 13], rng.choice([4, 5, 6])))
    code_form = rng.choice(["7B", "8X2", "9Y/Ma1"])
    classes = []
    for y in years:
        half = rng.choice("ABCDXY")
        classes.append({"7B": f"{y}{half}", "8X2": f"{y}{half}{rng.randint(1, 4)}",
                        "9Y/Ma1": f"{y}{half}/{{code}}{rng.randint(1, 4)}"}[code_form])
    name_form = rng.choice(["cls subj", "cls subj", "subj cls", "cls – subj", "code"])

    def lesson(cls, subj):
        code = SUBJECT_CODES[subj]
        cls = cls.replace("{code}", code)
        if code_form == "9Y/Ma1":          # the MIS class code already names the subject
            return cls if name_form == "code" else f"{cls} {subj}"
        return {"cls subj": f"{cls} {subj}", "subj cls": f"{subj} {cls}", "cls – subj": f"{cls} – {subj}",
                "code": f"{cls}/{code}"}[name_form]

    # the day: optional before-school column, tutor time, periods with a break and lunch,
    # an after-school column
    lengths = rng.choice([[60] * 5, [60] * 5, [50] * 6, [55, 55, 55, 55, 55, 55], [60, 60, 50, 50, 60]])
    start = rng.choice([t(8, 40), t(8, 45), t(8, 50)])
    tutor = rng.choice([15, 20, 25]) if rng.random() < 0.75 else 0
    brk = rng.choice([1, 2])
    lunch_after = min(len(lengths) - 2, brk + rng.choice([2, 2, 3]))
    slots, kinds, labels = [], [], []
    if rng.random() < 0.45:
        slots.append(Slot(start - 25, start - 5, "before"))
        kinds.append("before")
    now = start
    if tutor:
        slots.append(Slot(now, now + tutor, "reg"))
        kinds.append("tutor")
        now += tutor
    for k, length in enumerate(lengths):
        slots.append(Slot(now, now + length, "lesson"))
        kinds.append("lesson")
        now += length
        if k == brk - 1:
            slots.append(Slot(now, now + rng.choice([15, 20, 20]), "break"))
            kinds.append("break")
            now = slots[-1].end
        if k == lunch_after:
            slots.append(Slot(now, now + rng.choice([35, 40, 45, 50]), "lunch"))
            kinds.append("lunch")
            now = slots[-1].end
    slots.append(Slot(now + 10, now + rng.choice([70, 80, 90]), "after"))
    kinds.append("after")
    period_form = rng.choice(["P{}", "Period {}", "{}", "L{}"])
    tutor_label = rng.choice(["Reg", "Tutor", "AM Reg", "Form"])
    gap_label = rng.choice(["label", "label", "time only"])
    p = 0
    for kind in kinds:
        if kind == "lesson":
            p += 1
            labels.append(period_form.format(p))
        else:
            labels.append({"tutor": tutor_label, "before": rng.choice(["Before school", "AM"]),
                           "after": rng.choice(["After school", "After School", "PM"]),
                           "break": "Break" if gap_label == "label" else "",
                           "lunch": "Lunch" if gap_label == "label" else ""}[kind])
    # what is in each place
    days = WEEK[:]
    rooms = [f"{subject[0]}{rng.randint(1, 20)}" for _ in range(3)] if rng.random() < 0.6 else \
        [f"Rm {rng.randint(1, 40)}" for _ in range(3)]
    show_rooms = rng.random() < 0.7
    duty_form = rng.choice(["line", "two-lines"])
    break_word = rng.choice(["blank", "blank", "word"]) if gap_label == "label" else "word"
    free_look = rng.choice(["blank", "blank", "grey", "hatched"])
    duty_fill = rng.choice(["#ffe699", "#fce4d6", "#e2efda", "#fff2cc", None])
    lesson_fill = rng.choice([None, None, "#ddebf7", "#f2f2f2"])
    form_group = f"{rng.choice(years[:3])}{rng.choice('ABCDXY')}{rng.choice(['', '1', '2'])}"
    cells = []
    ppa = rng.sample([(d, s) for d in range(5) for s, k in enumerate(kinds) if k == "lesson"], rng.choice([0, 1, 2]))

    def duty(pair):
        name, place = pair
        if not place:
            return text(name)
        if duty_form == "line":
            return Text(f"{name} – {place}", "", (name,))
        return text(name, place)

    for s, kind in enumerate(kinds):
        slot = slots[s]
        if kind == "tutor":
            tut = text(rng.choice([f"Tutor {form_group}", f"{form_group} Registration", f"Form {form_group}"]))
            if rng.random() < 0.5:
                cells.append(Cell(tut, tuple(range(5)), s, s + 1, colour=lesson_fill))
            else:
                for d in range(5):
                    t_ = text(rng.choice(["Assembly", "Year assembly"])) if d == 2 and rng.random() < 0.3 else tut
                    cells.append(Cell(t_, (d,), s, s + 1, colour=lesson_fill))
            continue
        for d in range(5):
            if kind == "lesson":
                if (d, s) in ppa:
                    cells.append(Cell(text("PPA"), (d,), s, s + 1, colour=lesson_fill))
                elif rng.random() < 0.72:
                    subj = second if second and rng.random() < 0.25 else subject
                    note = rng.choice(rooms) if show_rooms else ""
                    cells.append(Cell(text(lesson(rng.choice(classes), subj), note), (d,), s, s + 1,
                                      colour=lesson_fill))
                elif free_look != "blank":
                    cells.append(Cell(None, (d,), s, s + 1, colour="free"))     # drawn, not a block
            elif kind == "break":
                if rng.random() < 0.35:
                    cells.append(Cell(duty(rng.choice(BREAK_DUTIES)), (d,), s, s + 1, colour=duty_fill))
                elif break_word == "word":
                    cells.append(Cell(text("Break"), (d,), s, s + 1))
            elif kind == "lunch":
                r = rng.random()
                if r < 0.3:
                    half = rng.random() < 0.4        # half the lunch, the time written in
                    shown = None
                    if half:
                        a = slot.start + rng.choice([0, 5, 10])
                        shown = (a, a + rng.choice([20, 25]))
                    cells.append(Cell(duty(rng.choice(LUNCH_DUTIES)), (d,), s, s + 1, shown, duty_fill))
                elif r < 0.42:
                    cells.append(Cell(text(rng.choice(LUNCH_CLUBS)), (d,), s, s + 1, colour=duty_fill))
                elif break_word == "word":
                    cells.append(Cell(text("Lunch"), (d,), s, s + 1))
            elif kind == "before":
                if rng.random() < 0.35:
                    cells.append(Cell(text(rng.choice(BEFORE_SCHOOL)), (d,), s, s + 1, colour=duty_fill))
            elif kind == "after":
                if rng.random() < 0.45:
                    a = slot.start + rng.choice([0, 0, 5, 10])
                    b = a + rng.choice([45, 60, 60])
                    cells.append(Cell(text(rng.choice(AFTER_SCHOOL)), (d,), s, s + 1, (a, min(b, slot.end)),
                                      duty_fill if rng.random() < 0.5 else None))
    for cell in cells:                         # before and after school: always the time written in
        if kinds[cell.first] in ("before",) and cell.text is not None and cell.shown is None:
            cell.shown = (slots[cell.first].start, slots[cell.first].end)
    body = Grid(days, slots, [1] * len(slots), [c for c in cells if c.text is not None])
    style.update(period_labels=labels, slot_kinds=kinds, free_cells=[(c.days[0], c.first) for c in cells
                                                                      if c.text is None],
                 free_look=free_look, note_style=rng.choice(["small", "italic", "paren", "red"]),
                 day_form=rng.choice(["full", "short", "upper", "short-upper"]), day_look="plain", numbered=False,
                 time_style=rng.choice(content.H24_STYLES + content.TIME_STYLES[:2] + content.TIME_STYLES[5:6]),
                 label_look=rng.choice(["bold", "band"]), band_fill=rng.choice(["#1f3864", "#385723", "#7030a0",
                                                                                "#404040"]),
                 min_col=rng.choice([70, 90]), row_height=rng.choice([64, 72, 84]), time_look="",
                 chrome=rng.choice(["browser", "browser", "word"]), days_down=True)
    style["font"] = rng.choice(["'Liberation Sans'", "Carlito", "'Open Sans'", "'DejaVu Sans'", "'Liberation Serif'",
                                "'Nimbus Sans Narrow'"])
    style["size"] = rng.choice([12, 13, 14, 15])
    metadata, look = meta(rng, "uk", keys=["title", "teacher"] + rng.sample(["school", "term", "week"],
                                                                            rng.choice([0, 1, 2])))
    metadata["title"] = rng.choice(["Staff Timetable", "Teacher Timetable", "My Timetable", "Timetable",
                                    f"{subject} Department – Staff Timetable"])
    if "school" in metadata:                   # a secondary school: classes run from Year 7 up
        place = rng.choice(content.PLACES)
        metadata["school"] = rng.choice([f"{place} Academy", f"{place} High School", f"{place} School",
                                         f"St {rng.choice(content.SAINTS)} Catholic College",
                                         f"{place} Community College"])
    look = rng.choice(["title", "title", "banner"]) if "school" in metadata else "title"
    if look == "banner":
        metadata.pop("title")
    return "teacher-week", metadata, look, body, style


# families added after the first 270 documents: generate.plan numbers them after those
APPENDED = ["teacher-duties"]


# name -> (builder, channels). The channels are those the family's documents are
# really sent through; a document takes the next one of a shuffled cycle.
FAMILIES = {
    "days-rows": (legacy("days-rows"), ["crisp", "jpeg", "scan", "photo", "scan-turned", "pdf-text", "docx"]),
    "days-cols": (legacy("days-cols"), ["crisp", "jpeg", "scan", "photo", "pdf-pages", "docx", "screen-photo"]),
    "day-lists": (legacy("day-lists"), ["crisp", "jpeg", "scan", "photo", "pdf-pages", "docx", "text"]),
    "schedule": (legacy("schedule"), ["crisp", "jpeg", "scan", "photo", "pdf-text", "docx", "text"]),
    "panels": (legacy("panels"), ["crisp", "jpeg", "scan", "photo", "pdf-text", "screen-photo"]),
    "short-suffix": (short_suffix, ["crisp", "jpeg", "photo", "pdf-text", "docx", "text", "scan"]),
    "band-periods": (band_periods, ["crisp", "jpeg", "scan", "photo", "pdf-text", "screen-photo"]),
    "routine-timeline": (routine_timeline, ["crisp", "jpeg", "photo", "pdf-text", "scan", "screen-photo"]),
    "sun-thu": (sun_thu, ["pdf-text", "pdf-text", "pdf-text", "crisp", "scan", "jpeg"]),
    "bullet-days": (bullet_days, ["crisp", "jpeg", "pdf-text", "docx", "text", "photo", "pdf-pages"]),
    "start-spans": (start_spans, ["crisp", "jpeg", "scan", "photo", "pdf-text", "scan-turned"]),
    "calendar-week": (calendar_week, ["crisp", "jpeg", "screen-photo", "pdf-text", "crisp", "screen-photo"]),
    "colour-fill": (colour_fill, ["jpeg", "jpeg", "jpeg", "crisp", "photo", "screen-photo"]),
    "handwritten": (handwritten, ["photo", "photo", "photo", "scan", "crisp", "jpeg"]),
    "screen-routine": (screen_routine, ["screen-photo", "screen-photo", "screen-photo", "crisp", "jpeg"]),
    "word-table": (word_table, ["docx", "docx", "pdf-text", "screen-photo", "crisp", "scan", "pdf-pages"]),
    "letter-paragraphs": (letter_paragraphs, ["docx", "text", "pdf-text", "crisp", "scan", "docx"]),
    "nursery-sessions": (nursery_sessions, ["crisp", "jpeg", "photo", "docx", "text", "pdf-text"]),
    "split-header": (split_header, ["crisp", "jpeg", "scan", "photo", "scan-turned", "pdf-text"]),
    "secondary-periods": (secondary_periods, ["crisp", "jpeg", "scan", "photo", "pdf-text", "docx", "screen-photo"]),
    "india-periods": (india_periods, ["crisp", "jpeg", "scan", "photo", "pdf-text", "scan-turned"]),
    "agenda-table": (agenda_table, ["crisp", "pdf-text", "jpeg", "scan", "photo"]),
    "spreadsheet": (spreadsheet, ["crisp", "jpeg", "screen-photo", "photo"]),
    "am-pm-tables": (am_pm_tables, ["crisp", "jpeg", "scan", "photo", "pdf-text"]),
    "kinder-cards": (kinder_cards, ["crisp", "jpeg", "photo", "pdf-text", "screen-photo"]),
    "weekly-planner": (weekly_planner, ["crisp", "jpeg", "scan", "pdf-text", "docx", "photo", "pdf-pages"]),
    "bar-timeline": (bar_timeline, ["crisp", "jpeg", "photo", "screen-photo"]),
    "us-middle-school": (us_middle_school, ["crisp", "jpeg", "scan", "photo", "pdf-text", "docx", "pdf-pages"]),
    "ascii-table": (ascii_table, ["text", "text", "crisp", "pdf-text", "jpeg"]),
    "class-poster": (class_poster, ["crisp", "jpeg", "photo", "pdf-text", "scan"]),
    "teacher-duties": (teacher_duties, ["pdf-text", "crisp", "screen-photo", "photo", "jpeg", "scan", "docx"]),
}
