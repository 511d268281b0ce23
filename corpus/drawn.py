"""HTML renderers of the families added for issue 11 (corpus/families.py): each reads
only the model (Grid, Sections or Drawn) and the style, as layouts.py does."""
from content import day_label, fmt_range, fmt_time
from layouts import cell_at, esc, text_html





def render_band_periods(grid, style):
    """A dark band naming the days (no rules between them), rows numbered by period, and
    the period times only in a key box beside the grid."""
    corner, covered = cell_at(grid)
    band = style["band_fill"]
    days = "".join(f'<th style="background:{band}; color:#fff; border:none; padding:8px 2px;'
                   f' letter-spacing:1px">{esc(day_label(d, style["day_form"]))}</th>' for d in grid.days)
    rows = [f'<tr><th style="background:{band}; border:none; width:70px"></th>{days}</tr>']
    numbers = style["period_labels"]
    for u in range(sum(grid.units)):
        s, _ = grid.slot_of_unit(u)
        label = numbers[s]
        tds = [f'<th style="border:none; border-bottom:1px solid #bbb; font-size:1.3em">{esc(label)}</th>']
        for d in range(len(grid.days)):
            cell = corner.get((d, u))
            if cell is not None:
                span = f' colspan="{len(cell.days)}"' if len(cell.days) > 1 else ""
                fill = f"background:{cell.colour};" if cell.colour else ""
                tds.append(f'<td{span} style="border:none; border-bottom:1px solid #bbb; {fill}">'
                           f'{text_html(cell.text, style, cell.shown)}</td>')
            elif (d, u) not in covered:
                tds.append('<td style="border:none; border-bottom:1px solid #bbb"></td>')
        rows.append(f'<tr style="height:{style["row_height"]}px">' + "".join(tds) + "</tr>")
    table = '<table class="tt" style="border-collapse:collapse">' + "".join(rows) + "</table>"
    key_rows = "".join(
        f'<tr><td style="padding:3px 12px 3px 0; font-weight:bold">{esc(style["key_labels"][s])}</td>'
        f'<td style="padding:3px 0; white-space:nowrap">{esc(fmt_range(sl.start, sl.end, style["time_style"]))}</td></tr>'
        for s, sl in enumerate(grid.slots))
    key = (f'<div style="border:2px solid {band}; padding:10px 14px; min-width:220px">'
           f'<div style="font-weight:bold; font-size:1.2em; margin-bottom:6px">{esc(style["key_title"])}</div>'
           f'<table style="border-collapse:collapse">{key_rows}</table></div>')
    if style["key_side"] == "right":
        return f'<div style="display:flex; gap:30px; align-items:flex-start"><div style="flex:1">{table}</div>{key}</div>'
    return f'{table}<div style="margin-top:24px; display:inline-block">{key}</div>'


def render_timeline(body, style):
    """A one-day routine as a vertical timeline (a line with dots, no table), headed by the
    days it applies to; one timeline per group of days, side by side."""
    out = ['<div style="display:flex; gap:50px; align-items:flex-start">']
    colour = style["accent"]
    for sec in body.sections:
        out.append(f'<div style="flex:1"><div style="font-size:1.45em; font-weight:bold; color:{colour};'
                   f' margin-bottom:14px">{esc(sec.heading)}</div>'
                   f'<div style="border-left:4px solid {colour}; margin-left:8px; padding-left:0">')
        for it in sec.items:
            out.append(f'<div style="position:relative; padding:0 0 {style["gap_px"]}px 26px">'
                       f'<div style="position:absolute; left:-12px; top:2px; width:16px; height:16px;'
                       f' border-radius:50%; background:{colour}; border:2px solid #fff"></div>'
                       f'<div style="font-weight:bold; font-size:0.9em; color:#444">'
                       f'{esc(fmt_range(it.start, it.end, style["time_style"]))}</div>'
                       f'<div style="font-size:1.1em">{text_html(it.text, style)}</div></div>')
        out.append("</div></div>")
    out.append("</div>")
    return "".join(out)


def render_bullets(body, style):
    """Bullets grouped by day, in one or two columns, and a footer line with a time that is
    not a block ("Office closes at 4pm")."""
    cols = style["columns"]
    out = [f'<div style="column-count:{cols}; column-gap:40px">']
    for sec in body.sections:
        out.append(f'<div style="break-inside:avoid; margin-bottom:16px"><div style="font-weight:bold;'
                   f' font-size:1.25em; text-decoration:{style["heading_deco"]}">{esc(sec.heading)}</div>'
                   f'<ul style="margin:4px 0 0 0; padding-left:24px; list-style-type:{style["bullet"]}">')
        for it in sec.items:
            note = ""
            if it.text.notes:
                note = f" ({esc(it.text.notes)})" if style["note_style"] != "colon" else f": {esc(it.text.notes)}"
            out.append(f'<li style="margin:2px 0">{esc(fmt_range(it.start, it.end, style["time_style"]))}'
                       f'{style["sep"]}{esc(it.text.name)}{note}</li>')
        out.append("</ul></div>")
    out.append("</div>")
    out.append(f'<div style="margin-top:18px; border-top:1px solid #999; padding-top:6px; font-size:0.95em">'
               f'{esc(style["footer_line"])}</div>')
    return "".join(out)


def render_calendar(body, style):
    """A calendar / MIS week view: an hour axis down the left, a column per day, each event a
    box placed by its time with "09:00 - 10:00" inside."""
    first, last = style["axis"]
    ppm = style["px_per_min"]
    height = (last - first) * ppm
    n = len(body.sections)
    axis = "".join(f'<div style="position:absolute; top:{(h * 60 - first) * ppm - 7}px; right:6px;'
                   f' font-size:0.75em; color:#666">{esc(fmt_time(h * 60, style["axis_style"], suffix=True))}</div>'
                   for h in range(first // 60, last // 60 + 1) if h * 60 >= first)
    lines = "".join(f'<div style="position:absolute; left:0; right:0; top:{(h * 60 - first) * ppm}px;'
                    f' border-top:1px solid #e3e3e3"></div>' for h in range(first // 60, last // 60 + 1)
                    if h * 60 >= first)
    head = "".join(f'<div style="flex:1; text-align:center; padding:6px 0; font-weight:bold;'
                   f' border-left:1px solid #ddd">{esc(sec.heading)}</div>' for sec in body.sections)
    cols = []
    for sec in body.sections:
        boxes = []
        for it in sec.items:
            top = (it.start - first) * ppm
            h = (it.end - it.start) * ppm - 2
            fill = style["palette"].get(it.text.name, style["default_fill"])
            boxes.append(f'<div style="position:absolute; left:3px; right:3px; top:{top + 1}px; height:{h}px;'
                         f' background:{fill}; border-left:4px solid {style["edge"]}; border-radius:3px;'
                         f' overflow:hidden; font-size:0.78em; padding:1px 4px; box-sizing:border-box; line-height:1.15">'
                         f'<b>{esc(it.text.name)}</b> <span style="color:#333">'
                         f'{esc(fmt_range(it.start, it.end, style["time_style"]))}</span></div>')
        cols.append(f'<div style="flex:1; position:relative; border-left:1px solid #ddd">{lines}{"".join(boxes)}</div>')
    return (f'<div style="border:1px solid #ccc; font-size:{style["size"]}px">'
            f'<div style="display:flex; background:{style["head_fill"]}"><div style="width:64px"></div>{head}</div>'
            f'<div style="display:flex; height:{height}px"><div style="width:64px; position:relative">{axis}</div>'
            f'{"".join(cols)}</div></div>')


def render_legend(style):
    items = "".join(f'<span style="display:inline-flex; align-items:center; margin-right:22px">'
                    f'<span style="display:inline-block; width:22px; height:14px; background:{fill};'
                    f' margin-right:6px; border:1px solid #888"></span>{esc(label)}</span>'
                    for label, fill in style["legend"])
    return f'<div style="margin-top:14px; font-size:0.9em"><b>{esc(style["legend_title"])}</b> &nbsp; {items}</div>'


def render_screen_routine(body, style):
    """A "Daily routine" row of rotated activity labels over the slot columns, then a row per
    day (M, Tu, W, Th, F) that adds a detail under a slot or replaces a stretch of it."""
    data = body.data
    slots = data["slots"]
    n = len(slots)
    heads = "".join(f'<th style="font-size:0.72em; white-space:nowrap">{esc(fmt_range(a, b, style["time_style"]))}</th>'
                    for a, b, _ in slots)
    routine = "".join(f'<td style="height:{style["label_height"]}px; background:{style["routine_fill"]}">'
                      f'<div class="v" style="font-weight:bold">{esc(name)}</div></td>' for _, _, name in slots)
    rows = [f'<tr><th style="width:110px"></th>{heads}</tr>',
            f'<tr><th>{esc(data["routine_label"])}</th>{routine}</tr>']
    for day, row in zip(data["days"], data["rows"]):
        tds, k = [], 0
        while k < n:
            entry = row.get(k)
            if entry and entry[0] == "replace":
                _, span, name, start, end = entry
                tds.append(f'<td colspan="{span}" style="background:{style["replace_fill"]}; font-weight:bold">'
                           f'{esc(name)}<div class="ct">{esc(fmt_range(start, end, style["time_style"]))}</div></td>')
                k += span
            elif entry:
                tds.append(f'<td style="font-style:italic; font-size:0.85em">{esc(entry[1])}</td>')
                k += 1
            else:
                tds.append("<td></td>")
                k += 1
        rows.append(f'<tr style="height:{style["row_height"]}px"><th>{esc(day_label(day, "letter"))}</th>'
                    + "".join(tds) + "</tr>")
    return '<table class="tt">' + "".join(rows) + "</table>"


def render_agenda(body, style):
    """A flat export: Day | Start | End | Activity, the day written once over its rows."""
    head = "".join(f"<th>{esc(h)}</th>" for h in style["columns_text"])
    rows = [f"<tr>{head}</tr>"]
    for sec in body.sections:
        for k, it in enumerate(sec.items):
            day = (f'<td rowspan="{len(sec.items)}" style="font-weight:bold; vertical-align:top">'
                   f'{esc(sec.heading)}</td>') if k == 0 else ""
            end = fmt_time(it.end, style["time_style"]) if it.end is not None else ""
            rows.append(f'<tr>{day}<td>{esc(fmt_time(it.start, style["time_style"]))}</td><td>{esc(end)}</td>'
                        f'<td style="text-align:left">{text_html(it.text, style)}</td></tr>')
    return ('<table class="tt" style="width:auto; min-width:70%; table-layout:auto">'
            + "".join(rows) + "</table>")


def render_spreadsheet(grid, style, inner):
    """A spreadsheet window: column letters, row numbers, thin grey gridlines, a toolbar and
    sheet tabs (page furniture), and the timetable typed into the cells."""
    letters = "ABCDEFGHIJ"
    width = len(grid.days) + 1
    corner, covered = cell_at(grid)
    grey = "1px solid #d4d4d4"
    rows = [f'<tr><th style="background:#eee; border:{grey}; width:34px"></th>'
            + "".join(f'<th style="background:#eee; border:{grey}; font-weight:normal; color:#555">{c}</th>'
                      for c in letters[:width]) + "</tr>"]
    body_rows = [[""] + [esc(day_label(d, style["day_form"])) for d in grid.days]]
    for u in range(sum(grid.units)):
        s, _ = grid.slot_of_unit(u)
        row = [esc(fmt_range(grid.slots[s].start, grid.slots[s].end, style["time_style"]))]
        for d in range(len(grid.days)):
            cell = corner.get((d, u))
            row.append(cell if cell is not None else ("" if (d, u) in covered else None))
        body_rows.append(row)
    for r, row in enumerate(body_rows):
        tds = [f'<th style="background:#eee; border:{grey}; font-weight:normal; color:#555">{r + 1}</th>']
        for c, v in enumerate(row):
            if v == "" and r > 0 and c > 0:
                continue          # covered by a merged cell
            if v is None:
                tds.append(f'<td style="border:{grey}"></td>')
            elif isinstance(v, str):
                bold = "font-weight:bold;" if r == 0 or c == 0 else ""
                tds.append(f'<td style="border:{grey}; {bold} text-align:left; white-space:nowrap">{v}</td>')
            else:
                merged = len(v.days) > 1          # "Merge & Center" across the days, shaded
                span = f' colspan="{len(v.days)}"' if merged else ""
                colour = v.colour or ("#d9d9d9" if merged else None)
                fill = f"background:{colour};" if colour else ""
                align = "center; font-weight:bold" if merged else "left"
                tds.append(f'<td{span} style="border:{grey}; {fill} text-align:{align}">{esc(v.text.name)}</td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    toolbar = ('<div style="background:#f3f3f3; border-bottom:1px solid #ccc; padding:6px 10px; font-size:13px;'
               ' color:#333">File&nbsp;&nbsp; Edit&nbsp;&nbsp; View&nbsp;&nbsp; Insert&nbsp;&nbsp; Format&nbsp;&nbsp;'
               ' Data&nbsp;&nbsp; Tools&nbsp;&nbsp; Help</div>'
               '<div style="border-bottom:1px solid #ccc; padding:3px 10px; font-size:13px; color:#666">'
               f'fx &nbsp; {esc(style["fx"])}</div>')
    tabs = ('<div style="background:#f3f3f3; border-top:1px solid #ccc; padding:4px 10px; font-size:13px">'
            f'<span style="background:#fff; padding:2px 12px; border:1px solid #bbb">{esc(style["sheet"])}</span>'
            '&nbsp; Sheet2 &nbsp; +</div>')
    table = ('<table class="tt" style="table-layout:auto; font-size:0.9em">' + "".join(rows) + "</table>")
    return f'{toolbar}<div style="padding:0">{inner}{table}</div>{tabs}'


def render_cards(body, style):
    """A visual schedule of picture cards (a coloured disc with the activity's initial, the
    name, the time), headed by the days it applies to."""
    sec = body.sections[0]
    cards = []
    for k, it in enumerate(sec.items):
        fill = style["card_fills"][k % len(style["card_fills"])]
        cards.append(f'<div style="border:3px solid {fill}; border-radius:14px; padding:10px; text-align:center;'
                     f' background:#fff"><div style="width:54px; height:54px; border-radius:50%; margin:0 auto 6px;'
                     f' background:{fill}; color:#fff; font-size:28px; line-height:54px; font-weight:bold">'
                     f'{esc(it.text.name[0])}</div><div style="font-weight:bold; font-size:1.1em">{esc(it.text.name)}</div>'
                     f'<div style="font-size:0.9em; margin-top:4px">{esc(fmt_range(it.start, it.end, style["time_style"]))}'
                     f'</div></div>')
    return (f'<div style="text-align:center; font-size:1.4em; margin-bottom:12px">{esc(sec.heading)}</div>'
            f'<div style="display:grid; grid-template-columns:repeat({style["per_row"]}, 1fr); gap:16px">'
            + "".join(cards) + "</div>")


def render_bars(body, style):
    """One horizontal strip per group of days: each activity a bar whose width is its
    length, its name and its time written inside."""
    first = min(it.start for sec in body.sections for it in sec.items)
    last = max(it.end for sec in body.sections for it in sec.items)
    out = []
    for sec in body.sections:
        bars = []
        for k, it in enumerate(sec.items):
            left = 100 * (it.start - first) / (last - first)
            width = 100 * (it.end - it.start) / (last - first)
            fill = style["palette"][k % len(style["palette"])]
            bars.append(f'<div style="position:absolute; left:{left:.3f}%; width:{width:.3f}%; top:0; bottom:0;'
                        f' background:{fill}; border-right:2px solid #fff; box-sizing:border-box; overflow:hidden;'
                        f' text-align:center; font-size:0.72em; padding-top:4px">'
                        f'<div class="v" style="transform:none; writing-mode:vertical-rl">'
                        f'<b>{esc(it.text.name)}</b> {esc(fmt_range(it.start, it.end, style["time_style"]))}</div></div>')
        out.append(f'<div style="display:flex; align-items:stretch; margin-bottom:18px">'
                   f'<div style="width:120px; font-weight:bold; font-size:1.1em; padding-top:8px">{esc(sec.heading)}</div>'
                   f'<div style="flex:1; position:relative; height:{style["bar_height"]}px">{"".join(bars)}</div></div>')
    return "".join(out)


def render_poster(body, style):
    """A decorated classroom poster: a coloured banner, stars, rounded day boxes with lines."""
    boxes = []
    for k, sec in enumerate(body.sections):
        fill = style["poster_fills"][k % len(style["poster_fills"])]
        lines = "".join(f'<div style="margin:3px 0">{esc(fmt_range(it.start, it.end, style["time_style"]))} '
                        f'<b>{esc(it.text.name)}</b></div>' for it in sec.items)
        boxes.append(f'<div style="background:{fill}; border-radius:22px; padding:12px 14px">'
                     f'<div style="font-size:1.5em; text-align:center; margin-bottom:6px">★ {esc(sec.heading)} ★</div>'
                     f'{lines}</div>')
    return (f'<div style="display:grid; grid-template-columns:repeat({style["per_row"]}, 1fr); gap:20px">'
            + "".join(boxes) + "</div>")


def ascii_grid(grid, style):
    """The grid as plain text with | and - (pasted into an e-mail or a forum post)."""
    corner, _ = cell_at(grid)
    head = ["Time"] + [day_label(d, style["day_form"]) for d in grid.days]
    rows = []
    for u in range(sum(grid.units)):
        s, _ = grid.slot_of_unit(u)
        row = [fmt_range(grid.slots[s].start, grid.slots[s].end, style["time_style"])]
        for d in range(len(grid.days)):
            cell = corner.get((d, u))
            if cell is None:
                cell = next((c for c in grid.cells if d in c.days and c.first <= u < c.last), None)
            row.append(cell.text.name if cell else "")
        rows.append(row)
    widths = [max(len(r[c]) for r in [head] + rows) for c in range(len(head))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line, "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |", line.replace("-", "=")]
    for r in rows:
        out.append("| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |")
        out.append(line)
    return "\n".join(out)


def render_teacher_week(grid, style):
    """A teacher's own week as the school's MIS prints it: days down the left, every column
    as wide as its time (a break narrow, a period wide, a narrow column never below
    min_col), the header a period label over its time (before and after school: the label
    alone, their items carry their times), free periods blank or shaded without text."""
    from layouts import day_header, td
    kinds = style["slot_kinds"]
    inner = style["width"] - 2 * style.get("padding", 16)
    day_w = 140 if style["day_form"] in ("full", "upper") else 70
    minutes = [sl.end - sl.start for sl in grid.slots]
    weights = [max(m, style["min_col"] / 2) for m in minutes]
    px = [(inner - day_w) * w / sum(weights) for w in weights]
    cols = f'<col style="width:{day_w}px">' + "".join(f'<col style="width:{p:.2f}px">' for p in px)
    band = style["label_look"] == "band"
    head_css = f'background:{style["band_fill"]}; color:#fff;' if band else \
        (f'background:{style["header_fill"]};' if style.get("header_fill") else "")
    heads = [f'<th style="{head_css}"></th>']
    for s, sl in enumerate(grid.slots):
        label = style["period_labels"][s]
        parts = [f'<div style="font-weight:bold">{esc(label)}</div>'] if label else []
        if kinds[s] not in ("before", "after"):
            parts.append(f'<div style="font-size:0.78em; font-weight:normal">'
                         f'{esc(fmt_range(sl.start, sl.end, style["time_style"]))}</div>')
        heads.append(f'<th style="{head_css}">{"".join(parts)}</th>')
    rows = ["<tr>" + "".join(heads) + "</tr>"]
    corner, covered = cell_at(grid)
    free = set(map(tuple, style["free_cells"]))
    free_css = {"grey": "background:#e7e6e6;",
                "hatched": "background:repeating-linear-gradient(45deg, #fff 0, #fff 6px, #d0d0d0 6px, #d0d0d0 8px);"
                }.get(style["free_look"], "")
    for d, day in enumerate(grid.days):
        day_css = f'background:{style["band_fill"]}; color:#fff;' if band else ""
        tds = [f'<th style="{day_css} text-align:left; padding-left:8px; white-space:nowrap">{day_header(day, style)}</th>']
        for u in range(len(grid.slots)):
            cell = corner.get((d, u))
            if cell is not None:
                tds.append(td(cell, style, rowspan=len(cell.days), px=px[u]))
            elif (d, u) not in covered:
                tds.append(f'<td style="{free_css}"></td>' if (d, u) in free else "<td></td>")
        rows.append(f'<tr style="height:{style["row_height"]}px">' + "".join(tds) + "</tr>")
    return f'<table class="tt"><colgroup>{cols}</colgroup>' + "".join(rows) + "</table>"
