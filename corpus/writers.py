"""Documents that are not pictures: DOCX (python3-docx) and plain text, written from the
same model as the HTML, so the truth holds for them too. A Grid becomes a Word table
(merged cells merged); Sections become paragraphs (a day heading, then timed lines)
or, when the family draws them as a table, a two-column table per section."""
import html

import docx
from docx.shared import Pt

from content import day_label, fmt_range
from layouts import cell_at, labelled

META_ORDER = ("title", "school", "class", "teacher", "term", "week")


def meta_lines(metadata):
    out = []
    for key in META_ORDER:
        if key in metadata:
            out.append(metadata[key] if key in ("title", "school") else html.unescape(labelled(key, metadata[key])))
    return out


def cell_text(cell, style):
    t = cell.text
    lines = []
    if cell.shown:
        lines.append(fmt_range(cell.shown[0], cell.shown[1], style["time_style"]))
    if t.notes and style.get("note_style") == "colon":
        lines.append(f"{t.name}: {t.notes}")
    else:
        lines.append(t.name)
        if t.notes:
            lines.append(f"({t.notes})" if style.get("note_style") in ("paren", "small") else t.notes)
    return lines


def slot_text(grid, s, style):
    slot = grid.slots[s]
    labels = style.get("period_labels")
    time = fmt_range(slot.start, slot.end, style["time_style"]) if not grid.start_only or slot.end is None \
        else fmt_range(slot.start, None, style["time_style"])
    if grid.start_only:
        time = fmt_range(slot.start, None, style["time_style"])
    return f"{labels[s]} {time}".strip() if labels and labels[s] else time


def grid_docx(document, grid, style, days_across):
    corner, covered = cell_at(grid)
    n_units = sum(grid.units)
    day_form = style.get("day_form", "full")
    if days_across:
        table = document.add_table(rows=n_units + 1, cols=len(grid.days) + 1)
        for d, day in enumerate(grid.days):
            table.cell(0, d + 1).text = day_label(day, day_form)
        for s in range(len(grid.slots)):
            u0 = grid.first_unit(s)
            top = table.cell(u0 + 1, 0)
            if grid.units[s] > 1:
                top = top.merge(table.cell(u0 + grid.units[s], 0))
            top.text = slot_text(grid, s, style)
        place = lambda d, u: (u + 1, d + 1)  # noqa: E731
    else:
        table = document.add_table(rows=len(grid.days) + 1, cols=n_units + 1)
        for s in range(len(grid.slots)):
            u0 = grid.first_unit(s)
            top = table.cell(0, u0 + 1)
            if grid.units[s] > 1:
                top = top.merge(table.cell(0, u0 + grid.units[s]))
            top.text = slot_text(grid, s, style)
        for d, day in enumerate(grid.days):
            table.cell(d + 1, 0).text = day_label(day, day_form)
        place = lambda d, u: (d + 1, u + 1)  # noqa: E731
    table.style = "Table Grid"
    for (d, u), cell in corner.items():
        r0, c0 = place(d, u)
        r1, c1 = place(cell.days[-1], cell.last - 1)
        target = table.cell(r0, c0)
        if (r1, c1) != (r0, c0):
            target = target.merge(table.cell(r1, c1))
        lines = cell_text(cell, style)
        target.text = lines[0]
        for line in lines[1:]:
            target.add_paragraph(line)


def sections_docx(document, body, style, as_table):
    for sec in body.sections:
        document.add_heading(sec.heading, level=2)
        if as_table:
            table = document.add_table(rows=len(sec.items), cols=2)
            table.style = "Table Grid"
            for row, it in zip(table.rows, sec.items):
                row.cells[0].text = fmt_range(it.start, it.end, style["time_style"])
                row.cells[1].text = it.text.name + (f" ({it.text.notes})" if it.text.notes else "")
        else:
            for it in sec.items:
                note = f" ({it.text.notes})" if it.text.notes else ""
                document.add_paragraph(f"{fmt_range(it.start, it.end, style['time_style'])}  {it.text.name}{note}")


def write_docx(doc, path, rng):
    from model import Grid, Sections
    document = docx.Document()
    document.core_properties.author = "Teacher"
    document.styles["Normal"].font.size = Pt(11)
    for k, line in enumerate(meta_lines(doc.metadata)):
        if k == 0:
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    if doc.style.get("intro"):
        document.add_paragraph(doc.style["intro"])
    if isinstance(doc.body, Grid):
        days_down = doc.style.get("renderer") == "days-rows" or doc.style.get("days_down")
        grid_docx(document, doc.body, doc.style, not days_down)
    elif isinstance(doc.body, Sections):
        sections_docx(document, doc.body, doc.style, rng.random() < 0.4 and not doc.style.get("intro"))
    else:
        raise ValueError(f"{doc.stem}: no DOCX for this body")
    if doc.style.get("footer_line"):
        document.add_paragraph(doc.style["footer_line"])
    # a fixed date, so that two runs give the same bytes
    import datetime
    when = datetime.datetime(2024, 9, 1, 8, 0, 0)
    document.core_properties.created = when
    document.core_properties.modified = when
    document.core_properties.last_printed = when
    document.save(path)
    fix_zip_times(path)


def fix_zip_times(path):
    """Rewrite the DOCX zip with fixed member times (zipfile stamps the current time)."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 9, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def docx_text(path):
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def write_text(doc, path, rng):
    """Plain text as a teacher types it into an e-mail: headings and timed lines."""
    import drawn
    from model import Grid, Sections
    lines = meta_lines(doc.metadata)
    if lines:
        lines.append("")
    if doc.style.get("intro"):
        lines += [doc.style["intro"], ""]
    if isinstance(doc.body, Grid):
        lines.append(drawn.ascii_grid(doc.body, doc.style))
    elif isinstance(doc.body, Sections):
        under = rng.choice(["", "-", "="])
        sep = rng.choice(["  ", " ", "\t", " - "])
        for sec in doc.body.sections:
            lines.append(sec.heading + (":" if not under and rng.random() < 0.5 else ""))
            if under:
                lines.append(under * len(sec.heading))
            for it in sec.items:
                note = f" ({it.text.notes})" if it.text.notes else ""
                lines.append(f"{fmt_range(it.start, it.end, doc.style['time_style'])}{sep}{it.text.name}{note}")
            lines.append("")
    else:
        raise ValueError(f"{doc.stem}: no text for this body")
    if doc.style.get("footer_line"):
        lines.append(doc.style["footer_line"])
    if doc.style.get("sign_off"):
        lines.append(doc.style["sign_off"])
    path.write_text("\n".join(lines).rstrip() + "\n")
