"""Build one document's model (body, metadata, style) for a layout, from a seeded RNG.

The variations real teachers' timetables show are made here, in the model:
cells merged down all days, lessons spanning two columns, a slot split
between two lessons (with or without the times written in), in-cell times
that differ from the header, notes under names, start-only headers.
"""
import content
from content import WEEK, text
from model import Cell, Grid, Item, Section, Sections, Slot, Text, round5

FONTS = ["'Liberation Sans'", "Carlito", "'Comic Neue'", "'URW Gothic'", "'Open Sans'", "'DejaVu Sans'",
         "'Liberation Serif'", "'Nimbus Sans Narrow'", "C059", "'DejaVu Sans Condensed'", "'URW Bookman'"]
PASTELS = ["#dbe9f6", "#fde9c9", "#e2f0d9", "#f8d7da", "#ede0f5", "#fff2b3", "#d5f0ee", "#f4dccb",
           "#c9d9ee", "#f2f2f2", "#fbe3ef", "#e6e6fa"]
FIXED_FILLS = ["#a6a6a6", "#bfbfbf", "#c9d9ee", "#d9d9d9", "#b4c7e7", "#ffe699"]
NOTE_STYLES = ["paren", "red", "italic", "colon", "small"]

SUBJECT_GROUPS = {
    "english": ["English", "Big Write", "Spelling", "Spelling test", "Phonics", "RWI", "Guided Reading",
                "Reading", "Handwriting", "Reader’s Workshop", "Writer’s Workshop", "Word Work (Phonics)",
                "Spelling Test", "Vocabulary Review"],
    "maths": ["Maths", "Math", "TTRS", "Maths Meeting"],
    "science": ["Science", "Computing", "DT", "Art/DT", "STEM", "Computer Lab", "Science/Social Studies"],
    "humanities": ["History", "Geography", "Topic", "RE", "PSHE", "Social Studies", "French", "Spanish"],
    "arts": ["Art", "Music", "PE", "Forest School", "Golden Time", "Library", "Specials"],
    "assembly": ["Assembly", "Singing Assembly", "Celebration Assembly", "Class Worship", "Hymn Practice",
                 "KS2 Assembly", "Morning Meeting"],
}


def base_style(rng, page):
    return {
        "font": rng.choice(FONTS),
        "size": rng.choice([13, 14, 15, 16, 17, 18]),
        "border": rng.choice(["1px solid #222", "2px solid #000", "1px solid #777", "1.5px solid #333"]),
        "header_fill": rng.choice([None, None, "#f2f2f2", "#dde7f3", "#fff2cc", "#e2efda"]),
        "time_style": rng.choice(content.TIME_STYLES),
        "note_style": rng.choice(NOTE_STYLES),
        "bold_headers": rng.random() < 0.7,
        "page": page,          # a printed page (margins, A4-ish) for scans and photos
        "width": rng.choice([1100, 1200, 1300, 1400, 1500]) if not page else 1123,
        "scale": rng.choice([1, 1.25, 1.5, 2]) if not page else 2,
    }


def subject_palette(rng):
    fills = PASTELS[:]
    rng.shuffle(fills)
    palette = {}
    for i, names in enumerate(SUBJECT_GROUPS.values()):
        for name in names:
            palette[name] = fills[i]
    return palette


def with_notes(rng, name, note_style, chance):
    """A Text for a cell, sometimes with a secondary line from the subject's notes."""
    options = content.NOTES.get(name)
    if not options or rng.random() >= chance:
        return text(name)
    notes = rng.choice(options)
    t = text(name, notes)
    if note_style == "colon":          # "Music: Brass – Trumpet" on one line
        t = Text(name, notes, t.alts + (f"{name}: {notes}",))
    return t


def choose_metadata(rng, region, layout):
    """Pick what the document shows; returns (shown metadata, header look)."""
    meta = content.metadata(rng, region)
    looks = ["banner", "title", "class-heading", "footer"] if layout in ("days-rows", "days-cols") \
        else ["title", "banner"]
    look = rng.choice(looks)
    if look == "banner":
        keys = ["school"] + rng.sample(["class", "term", "teacher"], rng.choice([2, 3]))
    elif look == "title":
        keys = ["title"] + rng.sample(["class", "teacher", "term", "week", "school"], rng.choice([1, 2, 3]))
    elif look == "class-heading":
        keys = ["class"]
    else:
        keys = rng.sample(["teacher", "class", "term"], 2)
    if layout == "panels":      # every panel is headed "Daily Schedule"; one name line below
        keys = ["title"] + [k for k in keys if k in ("teacher", "class")][:1]
        meta["title"] = "Daily Schedule"
    elif layout == "schedule":  # the title heads the schedule table; the rest is a line under it
        keys = ["title"] + [k for k in keys if k != "title"]
    shown = {k: meta[k] for k in keys}
    return shown, look


# --- grids -------------------------------------------------------------------

def build_grid(rng, region, style, layout, start_only=None, min_doubles=0):
    """start_only, min_doubles: force start-only headers / at least that many two-column lessons."""
    drawn = rng.random() < 0.25
    start_only = drawn if start_only is None else start_only
    if region == "uk":
        slots = content.uk_slots(rng, contiguous=start_only)
        names = content.uk_names(rng, slots)
    else:
        slots, base = content.us_slots(rng)
        names = content.us_names(rng, slots, base)
        if start_only:
            slots.append(Slot(slots[-1].end, None, "home"))
            names.append([rng.choice(["Dismissal", "Home time"])] * 5)
    days = WEEK[:]
    n = len(slots)
    units = [1] * n
    palette = subject_palette(rng) if rng.random() < 0.55 else {}
    fixed_fill = rng.choice(FIXED_FILLS) if rng.random() < 0.6 else None
    note_chance = rng.choice([0, 0.12, 0.2])
    merge_fixed = rng.random() < 0.75
    letters = layout == "days-rows" and rng.random() < 0.4
    look = {"rotate_merged": layout == "days-rows" and rng.random() < 0.8,
            "rotate_narrow": layout == "days-rows" and rng.random() < 0.6}

    def fixed(s):
        return slots[s].kind in ("reg", "break", "lunch", "story", "home") or \
            names[s][0] in ("Lunch", "Recess", "Morning Recess")

    def lesson(s):
        return not fixed(s) and slots[s].end is not None and slots[s].kind != "assembly"

    # cells first say which slots they cover; they are moved onto grid units once the splits are known
    cells = []
    taken = [[False] * n for _ in days]
    for s in range(n):
        same = len(set(names[s])) == 1
        if fixed(s) and same and merge_fixed and (slots[s].kind != "reg" or rng.random() < 0.6):
            cell_look = {}
            word = names[s][0]
            if letters and len(word) == len(days) and word.isalpha():
                cell_look["letters"] = True
            elif look["rotate_merged"]:
                cell_look["vertical"] = True
            cells.append(Cell(text(word), tuple(range(len(days))), s, s + 1,
                              colour=fixed_fill, look=cell_look))
            for d in range(len(days)):
                taken[d][s] = True

    # a lesson spanning two columns (PE, Science, an afternoon project)
    doubles = ["PE", "Science", "Art", "Forest School", "Swimming", "DT"] if region == "uk" else \
        ["PE", "Science", "STEM", "Art", "Field Trip", "Assembly"]
    pairs = [s for s in range(n - 1) if lesson(s) and lesson(s + 1) and slots[s].kind == slots[s + 1].kind
             and min(slots[s].end - slots[s].start, slots[s + 1].end - slots[s + 1].start) >= 30]
    wanted = rng.choice([0, 1, 2])
    for s in rng.sample(pairs, min(len(pairs), max(wanted, min_doubles))):
        d = rng.randrange(len(days))
        if taken[d][s] or taken[d][s + 1]:
            continue
        name = names[s][d] if rng.random() < 0.5 else rng.choice(doubles)
        cells.append(Cell(with_notes(rng, name, style["note_style"], note_chance), (d,), s, s + 2,
                          colour=palette.get(name)))
        taken[d][s] = taken[d][s + 1] = True

    # a slot split between two lessons on one day: times written in, or only the widths tell
    splittable = [s for s in range(n) if lesson(s) and slots[s].end - slots[s].start >= 45]
    for s in rng.sample(splittable, min(len(splittable), rng.choice([0, 1, 1, 2]))):
        free = [d for d in range(len(days)) if not taken[d][s]]
        if not free:
            continue
        d = rng.choice(free)
        units[s] = rng.choice([2, 3])
        cut = rng.randrange(1, units[s])
        start, end = slots[s].start, slots[s].end
        middle = round5(start + (end - start) * cut / units[s])
        write_times = rng.random() < 0.5
        first = rng.choice(["TTRS", "Handwriting", "Spelling", "Maths Meeting", "Reading", "Music",
                            "Comprehension", "Library", "PSHE"] if region == "uk" else
                           ["Handwriting", "Spelling", "Library", "Snack", "Centers", "Calendar"])
        second = names[s][d]
        for name, span, shown in ((first, (0, cut), (start, middle)), (second, (cut, units[s]), (middle, end))):
            cells.append(Cell(with_notes(rng, name, style["note_style"], note_chance / 2), (d,),
                              span[0], span[1], shown if write_times else None,
                              colour=palette.get(name), look={"split": True, "slot": s}))
        taken[d][s] = True

    # everything else: one cell per day and slot; a few with their own time written in
    for s in range(n):
        for d in range(len(days)):
            if taken[d][s]:
                continue
            name = names[s][d]
            shown = None
            if lesson(s) and slots[s].end - slots[s].start >= 30 and rng.random() < 0.04:
                shift = rng.choice([5, 10])
                shown = (slots[s].start + shift, slots[s].end) if rng.random() < 0.5 \
                    else (slots[s].start, slots[s].end - shift)
            cell_look = {}
            if look["rotate_narrow"] and slots[s].end and slots[s].end - slots[s].start <= 20 \
                    and len(name) <= 14:
                cell_look["vertical"] = True
            colour = fixed_fill if fixed(s) else palette.get(name)
            chance = note_chance if lesson(s) and not cell_look else 0
            cells.append(Cell(with_notes(rng, name, style["note_style"], chance), (d,), s, s + 1, shown,
                              colour=colour, look=cell_look))

    # slot indices -> unit indices now that the splits are known
    starts = [sum(units[:s]) for s in range(n + 1)]
    for cell in cells:
        if cell.look.get("split"):
            s = cell.look["slot"]
            cell.first, cell.last = starts[s] + cell.first, starts[s] + cell.last
        else:
            cell.first, cell.last = starts[cell.first], starts[cell.last]
    style.update(look)
    style["numbered"] = rng.random() < 0.25
    style["day_form"] = rng.choice(["full", "full", "short", "short-uk", "upper"])
    style["day_look"] = rng.choice(["plain", "plain", "rotated", "letters"]) if layout == "days-rows" else "plain"
    return Grid(days, slots, units, cells, start_only)


# --- lists ---------------------------------------------------------------------

def uk_day_items(rng, slots, names, d, style, note_chance):
    """One UK day as list lines, lessons sometimes merged into a double."""
    items = []
    s = 0
    while s < len(slots):
        slot, name = slots[s], names[s][d]
        end = slot.end
        if (s + 1 < len(slots) and slots[s + 1].kind == slot.kind == "afternoon" and rng.random() < 0.2):
            end = slots[s + 1].end
            s += 1
        items.append(Item(slot.start, end, with_notes(rng, name, style["note_style"], note_chance)))
        s += 1
    if rng.random() < 0.3:
        items.append(Item(items[-1].end, None, text("Home time")))
    return items


def add_notes(rng, items, style, chance):
    """Give some lines a secondary text ("Specials (Art)", "Math – small groups")."""
    return [Item(it.start, it.end, with_notes(rng, it.text.name, style["note_style"], chance)
                 if it.end is not None else it.text) for it in items]


def build_day_lists(rng, region, style):
    note_chance = rng.choice([0, 0.12, 0.2])
    if region == "uk":
        slots = content.uk_slots(rng)
        names = content.uk_names(rng, slots)
        per_day = [uk_day_items(rng, slots, names, d, style, note_chance) for d in range(5)]
    else:
        base = content.us_plan(rng)
        per_day = []
        for d in range(5):
            kind = "friday" if d == 4 else ("early" if d == 2 and rng.random() < 0.5 else "specials")
            per_day.append(add_notes(rng, content.us_panel_variant(rng, base, kind), style, note_chance))
    style["columns"] = rng.choice([1, 2, 3, 3, 5]) if not style["page"] else rng.choice([2, 3])
    style["day_form"] = rng.choice(["full", "full", "upper"])
    style["line"] = rng.choice(["inline", "table", "table"])
    style["palette"] = subject_palette(rng) if rng.random() < 0.3 else {}
    style["section_fills"] = rng.random() < 0.4
    return Sections([Section([day], content.day_label(day, style["day_form"]), items)
                     for day, items in zip(WEEK, per_day)])


def build_schedule(rng, region, style):
    """One "Daily Schedule" table for the whole week, times on the left."""
    if region == "us":
        items = content.us_plan(rng)
    else:
        slots = content.uk_slots(rng)
        names = content.uk_names(rng, slots)
        generic = {"afternoon": "Foundation Subjects", "assembly": "Assembly", "short": "Handwriting"}
        items = [Item(s.start, s.end, text(row[0] if len(set(row)) == 1 else
                                           generic.get(s.kind, max(set(row), key=row.count))))
                 for s, row in zip(slots, names)]
        items.append(Item(items[-1].end, None, text("Home time")))
    items = add_notes(rng, items, style, rng.choice([0, 0.1]))
    days = WEEK[:]
    style["numbered"] = rng.random() < 0.5
    style["panel_fills"] = [rng.choice(PASTELS + ["#ffffff", "#ffffff"])]
    return Sections([Section(days, content.days_heading(days, rng), items)])


def build_panels(rng, region, style):
    """Two or three Daily Schedule panels side by side, each headed by the days it covers."""
    base = content.us_plan(rng)
    groups = rng.choice([
        [["monday", "tuesday", "thursday"], ["wednesday"], ["friday"]],
        [["monday", "tuesday", "wednesday", "thursday"], ["friday"]],
        [["monday", "wednesday", "friday"], ["tuesday", "thursday"]],
        [["monday", "tuesday", "thursday", "friday"], ["wednesday"]],
    ])
    base = add_notes(rng, base, style, rng.choice([0, 0, 0.1]))
    sections = []
    for days in groups:
        if days == ["wednesday"]:
            kind = "early"
        elif days == ["friday"]:
            kind = "friday"
        else:
            kind = "specials" if len(sections) else "base"
        items = base if kind == "base" else content.us_panel_variant(rng, base, kind)
        sections.append(Section(days, content.days_heading(days, rng), items))
    style["numbered"] = rng.random() < 0.7
    fills = PASTELS[:]
    rng.shuffle(fills)
    style["panel_fills"] = fills if rng.random() < 0.8 else ["#ffffff"] * 3
    return Sections(sections)
