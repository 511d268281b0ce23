"""Draw a Document as one HTML page. Each layout reads only the model and its style."""
from html import escape

from content import day_label, fmt_range, fmt_time
from model import Cell, Grid, Sections

LABELS = {"class": "Class", "teacher": "Teacher", "term": "Term", "week": "Week", "school": "School"}


def esc(s):
    return escape(str(s))


def page_css(style):
    s = style
    return f"""
body {{ margin:0; background:{s.get('background', '#fff')}; color:#111;
        font-family:{s['font']}, 'DejaVu Sans', sans-serif; font-size:{s['size']}px; }}
.page {{ width:{s['width']}px; box-sizing:border-box; padding:{s.get('padding', 16)}px; background:#fff;
         {'min-height:' + str(s['min_height']) + 'px;' if s.get('min_height') else ''} }}
table.tt {{ border-collapse:collapse; table-layout:fixed; width:100%; }}
.tt td, .tt th {{ border:{s['border']}; text-align:center; vertical-align:middle; padding:3px 4px;
                 overflow:hidden; overflow-wrap:anywhere; line-height:1.2; }}
.tt th {{ font-weight:{'bold' if s['bold_headers'] else 'normal'};
          {'background:' + s['header_fill'] + ';' if s.get('header_fill') else ''} }}
.v {{ writing-mode:vertical-rl; {'' if s.get('pdf') else 'transform:rotate(180deg);'} white-space:nowrap; display:inline-block; }}
.letters {{ font-weight:bold; font-size:1.3em; line-height:1.25; }}
.ct {{ font-size:0.78em; font-weight:bold; }}
.ct.hl {{ background:#ffff00; }}
.ct.red {{ color:#c00000; }}
.note {{ font-size:0.8em; }}
.note.red {{ color:#d00000; }}
.note.italic {{ font-style:italic; color:#555; }}
.note.small {{ font-size:0.7em; }}
.meta-banner {{ border:{s['border']}; margin-bottom:{s.get('gap', 28)}px; display:flex; align-items:center; }}
.meta-banner .txt {{ flex:1; }}
.meta-banner .school {{ font-size:{2 if s['width'] >= 900 else 1.5}em; font-weight:bold; text-align:center; border-bottom:{s['border']};
                        padding:4px; }}
.meta-banner .line {{ font-size:{1.6 if s['width'] >= 900 else 1.2}em; font-weight:bold; display:flex;
                      flex-wrap:wrap; gap:4px 28px; justify-content:space-around; padding:6px; }}
.meta-banner .line span {{ white-space:nowrap; }}
.crest {{ width:86px; height:86px; border-radius:50%; border:5px double #1f4e9c; color:#1f4e9c;
          display:flex; align-items:center; justify-content:center; font-weight:bold; margin:6px 12px;
          font-size:1.4em; background:#f5e9b8; }}
h1.title {{ text-align:center; margin:4px 0 2px 0; font-size:2em; }}
.subline {{ text-align:center; font-size:1.15em; margin-bottom:14px; }}
.subline span {{ margin:0 18px; }}
.class-heading {{ border:{s['border']}; border-bottom:none; text-align:center; font-weight:bold;
                  font-size:1.8em; padding:4px; background:{s.get('header_fill') or '#dbeef3'}; }}
.footer {{ margin-top:10px; font-size:0.95em; color:#333; }}
.footer span {{ margin-right:40px; }}
.fine {{ margin-top:8px; font-size:0.8em; color:#444; }}
.tt.rules-h td, .tt.rules-h th {{ border-left:none; border-right:none; }}
table.tt.rules-none {{ border-collapse:separate; border-spacing:4px; }}
.tt.rules-none td, .tt.rules-none th {{ border:none; }}
{lined_css(s)}
"""


def lined_css(s):
    """Lined exercise-book paper: blue rules, a red margin line."""
    if not s.get("lined"):
        return ""
    step = int(s["size"] * 1.6)
    return (f".page {{ background: linear-gradient(90deg, transparent 60px, #e88 60px, #e88 62px, transparent 62px),"
            f" repeating-linear-gradient(180deg, #fdfdf8 0, #fdfdf8 {step - 1}px, #9fc3e6 {step - 1}px, #9fc3e6 {step}px);"
            f" padding-left:80px !important; }} .tt td, .tt th {{ background:transparent; }}")


def labelled(key, value):
    """"Class: 4M", but "Year 3" or "Oak Class" alone, as nobody writes "Class: Oak Class"."""
    if key in ("class", "week") and any(w in value for w in ("Class", "Year", "Grade", "Room", "Kinder", "Week")):
        return esc(value)
    return f"{LABELS[key]}: {esc(value)}"


def meta_html(meta, look):
    """The metadata header (or footer) as the document shows it."""
    fields = [(k, v) for k, v in meta.items() if k in ("class", "teacher", "term", "week")]
    line = "".join(f"<span>{labelled(k, v)}</span>" for k, v in fields)
    if look == "banner":
        school = meta.get("school", "")
        initials = "".join(w[0] for w in school.split() if w[0].isupper())[:3]
        crest = f'<div class="crest">{esc(initials)}</div>' if school else ""
        return (f'<div class="meta-banner"><div class="txt"><div class="school">{esc(school)}</div>'
                f'<div class="line">{line}</div></div>{crest}</div>', "")
    if look == "title":
        school = f'<div class="subline">{esc(meta["school"])}</div>' if "school" in meta else ""
        title = f'<h1 class="title">{esc(meta["title"])}</h1>' if "title" in meta else ""
        return title + school + (f'<div class="subline">{line}</div>' if line else ""), ""
    if look == "class-heading":
        return f'<div class="class-heading">{esc(meta["class"])}</div>', ""
    if look == "footer":
        return "", f'<div class="footer">{line}</div>'
    return "", ""


def text_html(t, style, shown=None, vertical=False):
    """A cell's content: optional in-cell time, the name, the notes in the document's note style."""
    if vertical:
        return f'<div class="v">{esc(t.name)}</div>'
    parts = []
    if shown:
        hl = style.get("time_look", "hl")
        parts.append(f'<div class="ct {hl}">{esc(fmt_range(shown[0], shown[1], style["time_style"]))}</div>')
    note_style = style["note_style"]
    if t.notes and note_style == "colon":
        parts.append(f"<div>{esc(t.name)}: {esc(t.notes)}</div>")
    else:
        parts.append(f"<div>{esc(t.name)}</div>")
        if t.notes:
            note = f"({t.notes})" if note_style in ("paren", "small") else t.notes
            parts.append(f'<div class="note {note_style}">{esc(note)}</div>')
    return "".join(parts)


def day_header(day, style):
    label = day_label(day, style["day_form"])
    if style["day_look"] == "rotated":
        return f'<div class="v">{esc(day_label(day, "full"))}</div>'
    if style["day_look"] == "letters":
        return '<div class="letters">' + "<br>".join(esc(c) for c in day_label(day, "short-uk").upper()) + "</div>"
    return esc(label)


def slot_label(grid, s, style):
    slot = grid.slots[s]
    if grid.start_only:
        return fmt_time(slot.start, style["time_style"])
    return fmt_range(slot.start, slot.end, style["time_style"])


def slot_header(grid, s, style):
    """The header cell's HTML: the time, under a period label ("P1", "III", "1st Period")
    when the family numbers its periods, or with start and end on two lines."""
    label = esc(slot_label(grid, s, style))
    if style.get("split_header") and not grid.start_only and grid.slots[s].end is not None:
        slot = grid.slots[s]
        t = style["time_style"]
        label = esc(fmt_time(slot.start, t)) + style["split_header"] + esc(fmt_time(slot.end, t))
    labels = style.get("period_labels")
    if labels and labels[s]:
        label = f'<div style="font-size:1.15em">{esc(labels[s])}</div><div style="font-size:0.8em">{label}</div>'
    return label


def slot_weight(grid, s):
    slot = grid.slots[s]
    if slot.end is None:
        return 0.5
    weight = max(0.45, min(1.5, (slot.end - slot.start) / 55))
    return weight * (1.5 if grid.units[s] > 1 else 1)   # room for two lessons side by side


def cell_at(grid):
    """(day, unit) -> the cell whose top-left corner is there; and the set of covered places."""
    corner, covered = {}, set()
    for cell in grid.cells:
        corner[(cell.days[0], cell.first)] = cell
        for d in cell.days:
            for u in range(cell.first, cell.last):
                covered.add((d, u))
    return corner, covered


def fit(words, px, size):
    """Font scale so that the longest word fits px (as a teacher shrinks text in a narrow
    column); below 0.65 the word is left to break, as Word does."""
    longest = max((len(w) for w in " ".join(words).split()), default=1)
    need = 0.6 * size * longest + 10
    return 1.0 if need <= px else max(0.65, px / need)


def td(cell, style, rowspan=1, colspan=1, vertical=None, px=None):
    if vertical is None:
        vertical = cell.look.get("vertical", False)
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    css = f"background:{cell.colour};" if cell.colour else ""
    if px and not vertical:
        scale = fit([cell.text.name, cell.text.notes], px, style["size"])
        if scale < 1:
            css += f"font-size:{scale:.2f}em;"
    if css:
        attrs += f' style="{css}"'
    return f"<td{attrs}>{text_html(cell.text, style, cell.shown, vertical)}</td>"


def rules_class(style):
    return {"h": "rules-h", "none": "rules-none"}.get(style.get("rules"), "")


def render_days_rows(grid, style):
    """Days down the left, time slots across the top."""
    n_units = sum(grid.units)
    inner = style["width"] - 2 * style.get("padding", 16)
    day_w = 56 if style["day_look"] in ("rotated", "letters") else (130 if style["day_form"] in ("full", "upper") else 80)
    weights = [slot_weight(grid, s) for s in range(len(grid.slots))]
    px = [(inner - day_w) * w / sum(weights) for w in weights]
    cols = [f'<col style="width:{day_w}px">']
    for s, n in enumerate(grid.units):
        cols += [f'<col style="width:{px[s] / n:.2f}px">'] * n
    rows = []
    if style.get("numbered"):
        rows.append("<tr><th></th>" + "".join(f'<th colspan="{n}">{s + 1}</th>' for s, n in enumerate(grid.units))
                    + "</tr>")
    unit_px = [px[s] / n for s, n in enumerate(grid.units) for _ in range(n)]
    header = ["<th></th>"]
    for s, n in enumerate(grid.units):
        label = slot_header(grid, s, style)
        scale = fit([label.replace(" ", "")] if grid.start_only else [label], px[s], style["size"])
        if px[s] < 72 and len(label) > 6 and style.get("rotate_narrow"):
            label = f'<div class="v">{label}</div>'
        elif scale < 1:
            label = f'<span style="font-size:{scale:.2f}em">{label}</span>'
        header.append(f'<th colspan="{n}">{label}</th>')
    rows.append("<tr>" + "".join(header) + "</tr>")

    size = style["size"]
    row_h = style.get("row_height", 80)
    for cell in grid.cells:
        if cell.look.get("vertical") and len(cell.days) == 1:
            row_h = max(row_h, int(0.6 * size * len(cell.text.name)) + 20)
    if style["day_look"] == "letters":
        row_h = max(row_h, int(6.5 * size * 1.25))
    if style["day_look"] == "rotated":
        row_h = max(row_h, int(0.65 * size * 9) + 16)

    corner, covered = cell_at(grid)
    for d, day in enumerate(grid.days):
        tds = [f"<th>{day_header(day, style)}</th>"]
        for u in range(n_units):
            cell = corner.get((d, u))
            letters = [c for c in grid.cells if c.look.get("letters") and c.first == u]
            if letters:                      # B / R / E / A / K, one letter in each day's row
                c = letters[0]
                fill = f' style="background:{c.colour}"' if c.colour else ""
                span = c.last - c.first
                tds.append(f'<td colspan="{span}"{fill}><span class="letters">{esc(c.text.name[d].upper())}</span></td>'
                           if span > 1 else
                           f'<td{fill}><span class="letters">{esc(c.text.name[d].upper())}</span></td>')
            elif cell is not None:
                tds.append(td(cell, style, rowspan=len(cell.days), colspan=cell.last - cell.first,
                              px=sum(unit_px[cell.first:cell.last])))
            elif (d, u) not in covered:
                tds.append("<td></td>")
        rows.append(f'<tr style="height:{row_h}px">' + "".join(tds) + "</tr>")
    return f'<table class="tt {rules_class(style)}"><colgroup>{"".join(cols)}</colgroup>' + "".join(rows) + "</table>"


def render_days_cols(grid, style):
    """Time slots down the left, days across the top."""
    inner = style["width"] - 2 * style.get("padding", 16)
    time_w = 150 if not grid.start_only else 80
    day_w = (inner - time_w) / len(grid.days)
    size = style["size"]
    cols = f'<col style="width:{time_w}px">' + f'<col style="width:{day_w:.2f}px">' * len(grid.days)
    rows = ["<tr><th></th>" + "".join(f"<th>{day_header(d, style)}</th>" for d in grid.days) + "</tr>"]
    corner, covered = cell_at(grid)
    u = 0
    for s, n in enumerate(grid.units):
        slot = grid.slots[s]
        minutes = (slot.end - slot.start) if slot.end else 30
        slot_h = max(minutes * style.get("minute_px", 1.0), 2.9 * size * n, 1.6 * size + 8)
        for k in range(n):
            tds = []
            if k == 0:
                span = f' rowspan="{n}"' if n > 1 else ""
                tds.append(f"<th{span}>{slot_header(grid, s, style)}</th>")
            for d in range(len(grid.days)):
                cell = corner.get((d, u))
                if cell is not None:
                    tds.append(td(cell, style, rowspan=cell.last - cell.first, colspan=len(cell.days),
                                  vertical=False, px=day_w * len(cell.days)))
                elif (d, u) not in covered:
                    tds.append("<td></td>")
            rows.append(f'<tr style="height:{slot_h / n:.1f}px">' + "".join(tds) + "</tr>")
            u += 1
    table = f'<table class="tt {rules_class(style)}"><colgroup>{cols}</colgroup>'
    if style.get("page_break_at"):          # a PDF whose grid continues on page 2, the day row repeated
        k = style["page_break_at"]
        return (table + "".join(rows[:k]) + "</table>" + '<div style="break-before:page"></div>' + table
                + rows[0] + "".join(rows[k:]) + "</table>")
    return table + "".join(rows) + "</table>"


def item_time(item, style):
    return fmt_range(item.start, item.end, style["time_style"])


def render_day_lists(body, style):
    """"Monday" headings, each followed by "9:00 – 9:30 Maths" lines."""
    cols = style["columns"]
    fills = ["#eef4fb", "#fdf3e1", "#eef7ea", "#fbeef0", "#f3eefa"]
    out = [f'<div style="display:grid; grid-template-columns:repeat({cols}, 1fr); gap:18px 26px;">']
    for i, sec in enumerate(body.sections):
        bg = f"background:{fills[i % len(fills)]};" if style.get("section_fills") else ""
        out.append(f'<div style="{bg} padding:8px 10px; border:{style["border"]};">')
        out.append(f'<div style="font-size:1.45em; font-weight:bold; border-bottom:{style["border"]};'
                   f' margin-bottom:6px;">{esc(sec.heading)}</div>')
        if style["line"] == "table":
            out.append('<table style="border-collapse:collapse; width:100%">')
            for it in sec.items:
                fill = style["palette"].get(it.text.name)
                bg_cell = f' style="background:{fill}"' if fill else ""
                out.append(f'<tr><td style="white-space:nowrap; padding:2px 10px 2px 0; vertical-align:top;'
                           f' font-weight:bold">{esc(item_time(it, style))}</td>'
                           f'<td{bg_cell} style="padding:2px 4px">{text_html(it.text, style)}</td></tr>')
            out.append("</table>")
        else:
            for it in sec.items:
                note = ""
                if it.text.notes:
                    note = f' <span class="note {style["note_style"]}">({esc(it.text.notes)})</span>' \
                        if style["note_style"] != "colon" else f": {esc(it.text.notes)}"
                out.append(f'<div style="margin:3px 0">{esc(item_time(it, style))} &nbsp;{esc(it.text.name)}{note}</div>')
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def render_panels(body, style, title):
    """One or more "Daily Schedule" panels: number, time on the left, activity."""
    out = ['<div style="display:flex; gap:22px; align-items:flex-start;">']
    for i, sec in enumerate(body.sections):
        fill = style["panel_fills"][i % len(style["panel_fills"])]
        out.append(f'<div style="flex:1; background:{fill}; border:{style["border"]};">')
        out.append(f'<div style="text-align:center; padding:6px; border-bottom:{style["border"]}">'
                   f'<div style="font-size:1.7em; font-weight:bold">{esc(title)}{style.get("dash", "")}</div>'
                   f'<div style="font-size:1.05em">{esc(sec.heading)}</div></div>')
        out.append('<table class="tt">')
        if style["numbered"]:
            out.append('<colgroup><col style="width:9%"><col style="width:25%"><col></colgroup>')
        else:
            out.append('<colgroup><col style="width:30%"><col></colgroup>')
        for k, it in enumerate(sec.items):
            num = f'<td style="font-size:1.3em; text-align:left">{k + 1}</td>' if style["numbered"] else ""
            out.append(f'<tr>{num}<td style="text-align:right; font-size:0.8em; vertical-align:top">'
                       f'{esc(item_time(it, style))}</td><td style="font-size:1.15em">{text_html(it.text, style)}</td></tr>')
        out.append("</table></div>")
    out.append("</div>")
    return "".join(out)


def sub_grid(grid, a, b):
    """Slots [a, b) of a grid as a grid of their own (cells do not cross the cut)."""
    u0, u1 = grid.first_unit(a), grid.first_unit(b) if b < len(grid.slots) else sum(grid.units)
    cells = [Cell(c.text, c.days, c.first - u0, c.last - u0, c.shown, c.colour, c.look)
             for c in grid.cells if u0 <= c.first < u1]
    return Grid(grid.days, grid.slots[a:b], grid.units[a:b], cells, grid.start_only)


def render_two_tables(grid, style):
    k = style["split_at"] or len(grid.slots) // 2
    first, second = style["split_titles"]
    return (f'<h2 style="margin:6px 0">{esc(first)}</h2>' + render_days_rows(sub_grid(grid, 0, k), style)
            + f'<h2 style="margin:18px 0 6px 0">{esc(second)}</h2>'
            + render_days_rows(sub_grid(grid, k, len(grid.slots)), style))


def render_letter(body, style):
    """A letter home: an intro, then each day as a paragraph heading and lines (no table)."""
    out = [f"<p>{esc(style['intro'])}</p>"]
    for sec in body.sections:
        out.append(f'<p style="margin:14px 0 2px 0"><b><u>{esc(sec.heading)}</u></b></p>')
        for it in sec.items:
            note = f" ({esc(it.text.notes)})" if it.text.notes else ""
            out.append(f'<p style="margin:1px 0">{esc(item_time(it, style))}&nbsp;&nbsp;{esc(it.text.name)}{note}</p>')
    out.append(f"<p style='margin-top:18px'>{esc(style['sign_off'])}</p>")
    return "".join(out)


def chrome(page, style, rendering):
    """A browser window or a Word window around the page, for photos of a screen."""
    kind = style.get("chrome") or "browser"
    if kind == "word":
        bar = ('<div style="background:#2b579a; color:#fff; padding:6px 12px; font:13px \'Liberation Sans\'">'
               'AutoSave &nbsp; ● &nbsp; timetable.docx — Saved</div>'
               '<div style="background:#f3f2f1; padding:6px 12px; font:13px \'Liberation Sans\'; color:#333;'
               ' border-bottom:1px solid #ccc">File&nbsp;&nbsp;&nbsp; Insert&nbsp;&nbsp;&nbsp; Design&nbsp;&nbsp;&nbsp;'
               ' Layout&nbsp;&nbsp;&nbsp; References&nbsp;&nbsp;&nbsp; Mailings&nbsp;&nbsp;&nbsp; Review&nbsp;&nbsp;&nbsp; View</div>')
        foot = ('<div style="background:#f3f2f1; padding:3px 12px; font:12px \'Liberation Sans\'; color:#555;'
                ' border-top:1px solid #ccc">Page 1 of 1 &nbsp;&nbsp; English (United Kingdom) &nbsp;&nbsp; 100%</div>')
        return f'<div style="background:#e6e6e6">{bar}<div style="padding:24px">{page}</div>{foot}</div>'
    bar = ('<div style="background:#dee1e6; padding:6px 10px 0 10px; font:13px \'Liberation Sans\'">'
           '<span style="color:#e0443e">●</span> <span style="color:#e6a935">●</span> <span style="color:#4caf50">●</span>'
           '<span style="background:#fff; padding:5px 16px; margin-left:14px; border-radius:6px 6px 0 0">'
           'Class timetable — Google Drive ×</span></div>'
           '<div style="background:#fff; padding:6px 10px; font:13px \'Liberation Sans\'; border-bottom:1px solid #ccc">'
           '← → ⟳ &nbsp; <span style="background:#f1f3f4; padding:3px 14px; border-radius:12px; color:#333">'
           'https://drive.google.com/file/d/1aB9x/view</span></div>')
    return f'<div style="background:#f1f3f4">{bar}<div style="padding:14px">{page}</div></div>'


def render_body(doc, body):
    import drawn
    style = doc.style
    kind = style.get("renderer", doc.layout)
    if kind == "days-rows":
        return render_days_rows(body, style)
    if kind == "days-cols":
        return render_days_cols(body, style)
    if kind == "day-lists":
        return render_day_lists(body, style)
    if kind in ("panels", "schedule"):
        return render_panels(body, style, doc.metadata.get("title", "Daily Schedule"))
    if kind == "two-tables":
        return render_two_tables(body, style)
    if kind == "letter":
        return render_letter(body, style)
    if kind == "ascii":
        return f'<pre style="font-size:0.8em">{esc(drawn.ascii_grid(body, style))}</pre>'
    fn = {"band-periods": drawn.render_band_periods, "timeline": drawn.render_timeline,
          "bullets": drawn.render_bullets, "calendar": drawn.render_calendar,
          "screen-routine": drawn.render_screen_routine, "agenda": drawn.render_agenda,
          "cards": drawn.render_cards, "bars": drawn.render_bars, "poster": drawn.render_poster,
          "teacher-week": drawn.render_teacher_week}[kind]
    return fn(body, style)


def render(doc):
    style = doc.style
    kind = style.get("renderer", doc.layout)
    head, foot = meta_html(doc.metadata, style.get("meta_look", "title"))
    if kind in ("panels", "schedule"):
        if kind == "panels":
            head = ""
            if "teacher" in doc.metadata or "class" in doc.metadata:
                k = "teacher" if "teacher" in doc.metadata else "class"
                foot = f'<div class="footer"><span>{labelled(k, doc.metadata[k])}</span></div>'
        else:
            head = meta_html({k: v for k, v in doc.metadata.items() if k != "title"}, "title")[0]
    body = doc.body
    k = style.get("page_break_at")
    if k and isinstance(body, Sections):     # a PDF continuing on page 2
        body = render_body(doc, Sections(body.sections[:k])) + '<div style="break-before:page"></div>' + \
            render_body(doc, Sections(body.sections[k:]))
    elif kind == "spreadsheet":
        import drawn
        body = drawn.render_spreadsheet(body, style, "")
    else:
        body = render_body(doc, body)
    if style.get("legend"):                   # a colour key: not blocks (convention 7)
        import drawn
        body += drawn.render_legend(style)
    fine = f'<div class="fine">{esc(style["fine_print"])}</div>' if style.get("fine_print") else ""
    page = f'<div class="page">{head}{body}{foot}{fine}</div>'
    if doc.rendering == "screen-photo" or (kind == "spreadsheet" and False):
        page = chrome(page, style, doc.rendering)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{page_css(style)}</style></head>'
            f'<body>{page}</body></html>')
