"""The one data model: a timetable document, and the truth it implies.

A document is metadata plus a body. The body is either a Grid (days one way,
time slots the other, cells that may span slots, split a slot or run down all
days) or a list of Sections (each headed by the days it covers, with timed
lines). The HTML renderers draw exactly this model and `Document.truth()`
reads the ground truth out of it with the conventions of TRUTH.md, so what the
picture shows and what the truth says cannot drift apart.
"""
from dataclasses import dataclass, field

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
METADATA_KEYS = ("title", "school", "class", "teacher", "term", "week")


def hhmm(minutes):
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def round5(minutes):
    return int(5 * round(minutes / 5))


@dataclass
class Text:
    """What a cell or line says: the name as printed, its secondary text, other accepted spellings."""
    name: str
    notes: str = ""
    alts: tuple = ()

    def names(self):
        out = [self.name]
        for alt in self.alts:
            if alt and alt not in out:
                out.append(alt)
        return out


@dataclass
class Block:
    day: str
    start: int
    end: int | None
    text: Text
    tol: int = 0
    optional: bool = False

    def as_json(self):
        return {"day": self.day, "start": hhmm(self.start), "end": hhmm(self.end),
                "names": self.text.names(), "notes": self.text.notes,
                "tol": self.tol, "optional": self.optional}


# --- grids ---------------------------------------------------------------

@dataclass
class Slot:
    """A time column (or row) of a grid. end is None only for a last start-only header."""
    start: int
    end: int | None
    kind: str = "lesson"


@dataclass
class Cell:
    text: Text
    days: tuple            # indices into Grid.days; more than one = merged across day rows
    first: int             # grid units covered: [first, last)
    last: int
    shown: tuple | None = None   # (start, end) written inside the cell; overrides the header
    colour: str | None = None
    look: dict = field(default_factory=dict)   # presentation only: vertical, letters, note_style …


@dataclass
class Grid:
    days: list             # day names, lower case, in order
    slots: list            # Slot, in time order
    units: list            # sub-columns per slot (1 unless a cell covers part of the slot)
    cells: list
    start_only: bool = False   # headers show only the start time (convention 4)

    def slot_of_unit(self, u):
        for s, n in enumerate(self.units):
            if u < n:
                return s, u
            u -= n
        raise IndexError(u)

    def first_unit(self, slot):
        return sum(self.units[:slot])

    def slot_end(self, s):
        """A slot ends at its written end, else where the next one starts (convention 4)."""
        if self.slots[s].end is not None:
            return self.slots[s].end
        return self.slots[s + 1].start if s + 1 < len(self.slots) else None

    def unit_start(self, u):
        """Time at the leading edge of unit u, and whether it is read off a header (exact)
        or only estimated from the cell's width (convention 5)."""
        s, k = self.slot_of_unit(u)
        if k == 0:
            return self.slots[s].start, True
        start, end = self.slots[s].start, self.slot_end(s)
        return round5(start + (end - start) * k / self.units[s]), False

    def unit_end(self, u):
        """Time at the trailing edge of unit u - 1: the slot's end when that unit closes a slot."""
        s, k = self.slot_of_unit(u - 1)
        if k == self.units[s] - 1:
            return self.slot_end(s), True
        return self.unit_start(u)

    def blocks(self):
        out = []
        for cell in self.cells:
            if cell.shown:
                start, end = cell.shown
                tol = 0
            else:
                start, exact_start = self.unit_start(cell.first)
                end, exact_end = self.unit_end(cell.last)
                tol = 0
                if not (exact_start and exact_end):
                    s, _ = self.slot_of_unit(cell.first)
                    duration = self.slot_end(s) - self.slots[s].start
                    tol = 10 if duration <= 60 else 15
            for d in cell.days:
                out.append(Block(self.days[d], start, end, cell.text, tol))
        return out


# --- lists ---------------------------------------------------------------

@dataclass
class Item:
    """One line: "9:00 – 9:30 Maths". end None = an instant ("8:35 Students allowed inside")."""
    start: int
    end: int | None
    text: Text
    look: dict = field(default_factory=dict)


@dataclass
class Section:
    days: list             # the days its heading names; each gets every item (convention 8)
    heading: str           # how the heading writes them: "Monday", "Monday, Tuesday, Thursday"
    items: list


@dataclass
class Sections:
    sections: list

    def blocks(self):
        return [Block(day, it.start, it.end, it.text) for sec in self.sections
                for day in sec.days for it in sec.items]


# --- drawn freely ------------------------------------------------------------

@dataclass
class Drawn:
    """A body whose drawing is its own (a calendar week, a timeline, a routine row with
    day rows): the family builds the truth blocks and the drawing's data together, so
    that they cannot drift apart. `data` is read only by that family's renderer."""
    truth_blocks: list     # Block
    data: dict

    def blocks(self):
        return list(self.truth_blocks)


# --- the document ----------------------------------------------------------

@dataclass
class Document:
    stem: str                  # file name without extension: c012_days-rows_photo
    layout: str                # the family: days-rows, calendar-week, … (corpus/families.py)
    rendering: str             # the channel: crisp, jpeg, scan, photo, pdf-text, docx … (degrade.py)
    metadata: dict             # only what the document shows, as it shows it
    body: object               # Grid, Sections or Drawn
    style: dict                # fonts, colours, time and day formats, page size …
    seed: int = 0

    def truth(self, filename):
        order = {d: i for i, d in enumerate(DAYS)}
        blocks = sorted(self.body.blocks(), key=lambda b: (order[b.day], b.start, b.end or b.start))
        return {"document": filename,
                "metadata": {k: self.metadata[k] for k in METADATA_KEYS if self.metadata.get(k)},
                "timeblocks": [b.as_json() for b in blocks]}
