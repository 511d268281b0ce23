"""What goes into a timetable: school days of UK and US primary classes, subject
names, notes, metadata, and the ways teachers write times and days.

Everything takes a random.Random so that one seed gives one document.
"""
from dataclasses import dataclass

from model import DAYS, Item, Slot, Text

WEEK = DAYS[:5]


def t(h, m=0):
    return h * 60 + m


# --- how teachers write times ------------------------------------------------

@dataclass(frozen=True)
class TimeStyle:
    sep: str = ":"          # ":" "." or "mixed" ("8:35 – 8.50")
    h24: bool = False       # 13:15 rather than 1:15
    lead_zero: bool = False # 09:00 (24-hour only)
    drop_zero: bool = False # "9" for 9:00, "12 – 1pm"
    ampm: str = "none"      # none | end ("9 – 9.30am") | both ("9:00am – 9:30am")
    upper: bool = False     # AM / PM
    space: bool = False     # "8.50 am"
    dash: str = " – "
    short: bool = False     # "7:50a", "3p", "12:30p" (with ampm both or end)
    noon: bool = False      # "12 noon" for 12:00


TIME_STYLES = [
    TimeStyle(),                                            # 9:00 – 9:30
    TimeStyle(sep=".", dash="-"),                           # 9.00-9.30
    TimeStyle(sep="mixed", ampm="end", space=True),         # 8:35 – 8.50 am
    TimeStyle(sep=".", drop_zero=True, ampm="end"),         # 1-1.15pm, 12 – 1pm
    TimeStyle(sep=".", drop_zero=True),                     # 9 – 9.30
    TimeStyle(h24=True, lead_zero=True, dash=" - "),        # 09:00 - 09:30
    TimeStyle(h24=True, dash="–"),                          # 9:00–13:15
    TimeStyle(ampm="both", upper=True, space=True),         # 9:00 AM – 9:30 AM
    TimeStyle(dash="-"),                                    # 9:00-9:15 (US lists)
    TimeStyle(sep=".", dash=" to "),                        # 9.00 to 9.30
]
SHORT_AP = [TimeStyle(ampm="both", short=True, dash=" - "),                 # 7:50a - 8:10a
            TimeStyle(ampm="both", short=True, drop_zero=True, dash="-"),    # 8a-8:45a, 3p
            TimeStyle(ampm="both", short=True, drop_zero=True, dash=" – ")]  # 12:30p – 1p
NOON_STYLES = [TimeStyle(sep=".", drop_zero=True, ampm="end", space=True, noon=True),  # 11.30 – 12 noon
               TimeStyle(drop_zero=True, noon=True)]                                  # 9 – 10, 12 noon
H24_STYLES = [TimeStyle(h24=True, lead_zero=True, dash=" - "), TimeStyle(h24=True, dash="–"),
              TimeStyle(h24=True, lead_zero=True, sep=".", dash=" - ")]


def fmt_time(minutes, style, suffix=False):
    h, m = divmod(minutes, 60)
    sep = style.sep
    if sep == "mixed":
        sep = ":" if (minutes // 5) % 3 else "."
    if style.noon and minutes == 12 * 60:
        return "12 noon"
    if style.h24:
        hour = f"{h:02d}" if style.lead_zero else str(h)
        return f"{hour}{sep}{m:02d}"
    hour = str(h % 12 or 12)
    text = hour if (style.drop_zero and m == 0) else f"{hour}{sep}{m:02d}"
    if suffix and style.short:
        return text + ("a" if h < 12 else "p")
    if suffix:
        mark = "am" if h < 12 else "pm"
        text += (" " if style.space else "") + (mark.upper() if style.upper else mark)
    return text


def fmt_range(start, end, style):
    if end is None:
        return fmt_time(start, style, suffix=style.ampm == "both")
    return (fmt_time(start, style, suffix=style.ampm == "both") + style.dash
            + fmt_time(end, style, suffix=style.ampm in ("end", "both")))


# --- how teachers write days ---------------------------------------------------

DAY_FORMS = {
    "full": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "short": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "short-uk": ["Mon", "Tues", "Wed", "Thurs", "Fri", "Sat", "Sun"],
    "upper": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
    "short-upper": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
    "letter": ["M", "Tu", "W", "Th", "F", "Sa", "Su"],
}


def day_label(day, form):
    return DAY_FORMS[form][DAYS.index(day)]


def days_heading(days, rng):
    """A grouping heading naming several days (convention 8)."""
    names = [day_label(d, "full") for d in days]
    if len(names) == 1:
        return names[0]
    idx = [DAYS.index(d) for d in days]
    if len(names) >= 3 and idx == list(range(idx[0], idx[-1] + 1)) and rng.random() < 0.6:
        return names[0] + rng.choice([" – ", " to ", "-"]) + names[-1]
    if rng.random() < 0.5:
        return ", ".join(names)
    return ", ".join(names[:-1]) + rng.choice([" & ", " and "]) + names[-1]


# --- metadata ----------------------------------------------------------------

PLACES = ["Oakfield", "Brookside", "Hollybank", "Kingsmead", "Riverside", "Westfield", "Elmhurst",
          "Greenacres", "Meadowbrook", "Hawthorn", "Millbrook", "Fernhill", "Thornbury", "Ashdown",
          "Redwood", "Lakeview", "Maple Grove", "Cedar Hills", "Willow Creek", "Pinecrest"]
SAINTS = ["Mary's", "John's", "Peter's", "Andrew's", "Michael's", "Anne's"]
SURNAMES = ["Joynes", "Patel", "Hughes", "Okafor", "Brennan", "Kowalski", "Garcia", "Thompson",
            "Ahmed", "Clarke", "Nguyen", "Fletcher", "Morgan", "Lewis", "Rossi", "Walsh", "Bennett",
            "Harrison", "Kaur", "Dawson"]


def metadata(rng, region):
    """Every key a document could show; the layout decides which it prints."""
    place = rng.choice(PLACES)
    surname = rng.choice(SURNAMES)
    if region == "uk":
        school = rng.choice([f"{place} Primary School", f"St {rng.choice(SAINTS)} C of E Primary School",
                             f"{place} Primary Academy", f"{place} Infant School", f"{place} Junior School"])
        teacher = f"{rng.choice(['Miss', 'Mrs', 'Mr', 'Ms'])} {surname}"
        year = rng.randint(1, 6)
        klass = rng.choice([f"{year}{surname[0]}{rng.choice('ABCDEFHJKLMPRSTW')}", f"{year}{surname[0]}",
                            f"Year {year}", f"Class {year}{rng.choice('ABC')}",
                            f"{rng.choice(['Oak', 'Willow', 'Kestrel', 'Robin', 'Hazel', 'Rowan'])} Class"])
        term = rng.choice(["Autumn 1 2024", "Autumn 2 2024", "Spring 1 2025", "Spring 2 2025",
                           "Summer 1 2025", "Summer Term 2025", "Autumn Term 2024"])
        title = rng.choice(["Class Timetable", "Weekly Timetable", "Our Timetable", "Timetable",
                            "Class Timetable", "Weekly Class Timetable"])
    else:
        school = rng.choice([f"{place} Elementary School", f"{place} Elementary",
                             f"{surname} Elementary School"])
        teacher = f"{rng.choice(['Mrs.', 'Mr.', 'Ms.', 'Miss'])} {rng.choice(SURNAMES)}"
        klass = rng.choice(["Grade 2", "2nd Grade", "3rd Grade", "Kindergarten", "1st Grade",
                            f"Room {rng.randint(4, 28)}", "4th Grade"])
        term = rng.choice(["Fall 2024", "Spring 2025", "2024–2025", "Fall Semester 2024"])
        title = rng.choice(["Daily Schedule", "Class Schedule", "Weekly Schedule", "Our Daily Schedule"])
    return {"title": title, "school": school, "class": klass, "teacher": teacher, "term": term,
            "week": rng.choice(["Week A", "Week B", "Week 1", "Week 2"])}


# --- names ---------------------------------------------------------------------

ALTS = {
    "PE": ("P.E.", "Physical Education"), "P.E.": ("PE",), "RE": ("R.E.", "Religious Education"),
    "PSHE": ("P.S.H.E.", "PSHE"), "PHSE": ("PSHE",), "DT": ("D.T.", "Design and Technology"),
    "RWI": ("Read Write Inc",), "TTRS": ("Times Tables Rock Stars",), "Storytime": ("Story Time", "Story"),
    "Registration": ("Register",), "Register": ("Registration",), "Guided Reading": ("Reading",),
    "ELA": ("English Language Arts",), "Math": ("Maths",), "Maths": ("Math",),
    "Writer’s Workshop": ("Writer's Workshop",), "Reader’s Workshop": ("Reader's Workshop",),
    "Registration and Early Morning Work": ("Registration", "Early Morning Work"),
    "Early Morning Work": ("Morning Work",), "Lunch": ("Lunchtime", "Lunch Break"),
    "Lunchtime": ("Lunch",), "Break": ("Playtime", "Morning Break"), "Playtime": ("Break",),
    "Home time": ("Home",), "Jobs & Read Aloud": ("Jobs and Read Aloud",), "Art/DT": ("Art / DT",),
    "Phonics": ("RWI",), "Word Work (Phonics)": ("Word Work",), "Maths Meeting": ("Maths",), "Class Worship": ("Collective Worship", "Worship"),
}


def text(name, notes=""):
    return Text(name, notes, ALTS.get(name, ()))


NOTES = {
    "English": ["Sentence Stacking 2", "Big Write", "Grammar focus", "SPaG", "Reading comprehension"],
    "Maths": ["practical or TTRS", "Arithmetic", "Fluency", "Mental maths", "Lesson 2"],
    "PE": ["Outdoor – kits needed", "Coach Dave", "Hall", "Swimming at Leisure Centre", "Dance"],
    "Music": ["Brass – Trumpet", "Ukulele", "Mr Lewis", "Charanga"],
    "Science": ["Plants unit", "Forces", "Lab coats", "Lesson 3"],
    "PSHE": ["Anti Bullying Week", "Jigsaw", "Circle time"],
    "Computing": ["ICT suite", "Laptops", "Coding"],
    "French": ["Mme Dubois", "Songs"], "Spanish": ["Sra. López"],
    "History": ["Romans", "Great Fire of London", "Ancient Egypt"],
    "Geography": ["Rivers", "Map skills", "Local area"],
    "Art": ["Sketchbooks", "Clay"], "RE": ["Christianity", "Diwali"],
    "Assembly": ["KS2", "Hall", "Key Stage 1"],
    "Math": ["Small groups", "Unit 4", "iReady"],
    "Social Studies": ["Community helpers", "Maps"], "Specials": ["Art/Music/PE"],
    "Reader’s Workshop": ["Book clubs"], "Lunch": ["Cafeteria"], "Writer’s Workshop": ["Personal narratives"],
}

UK_FOUNDATION = ["Science", "History", "Geography", "Art", "DT", "Computing", "Music", "PE", "RE",
                 "PSHE", "French", "Spanish", "Art/DT", "Topic", "Forest School", "Golden Time"]
UK_ASSEMBLY = ["Assembly", "Singing Assembly", "Celebration Assembly", "Class Worship", "Hymn Practice",
               "KS2 Assembly", "Assembly", "Maths Meeting", "Reading"]
UK_SHORT = ["Handwriting", "Register", "Reading", "TTRS", "Spelling", "Maths Meeting"]
US_SPECIALS = ["Art", "Music", "PE", "Library", "Computer Lab", "Spanish"]


# --- the shape of a school day ---------------------------------------------------

def lesson_lengths(rng, minutes):
    """Lesson lengths (30–90 min) that fill `minutes` exactly; a remainder under 30 is left over."""
    lengths = []
    while minutes >= 30:
        length = minutes if minutes <= 75 else rng.choice([45, 60, 60])
        if 0 < minutes - length < 30:
            length = minutes - 30 if minutes - 30 >= 45 else minutes
        lengths.append(length)
        minutes -= length
    return lengths


def uk_slots(rng, contiguous=False):
    """Column headers of a UK primary day. contiguous: no gaps (for start-only headers)."""
    def gap():
        return 0 if contiguous else rng.choice([0, 0, 0, 5])
    day_start = rng.choice([t(8, 35), t(8, 40), t(8, 45), t(8, 50)])
    slots = [Slot(day_start, day_start + rng.choice([10, 15]), "reg")]
    now = max(slots[-1].end + gap(), t(9))
    if contiguous:
        now = slots[-1].end
    if rng.random() < 0.5:
        slots.append(Slot(now, now + 30, "phonics"))
        now += 30
    for length in lesson_lengths(rng, max(now + 45, rng.choice([t(10), t(10, 15), t(10, 30)])) - now):
        slots.append(Slot(now, now + length, "core"))    # lessons until mid-morning break
        now += length
    if rng.random() < 0.7:
        length = rng.choice([15, 20])
        slots.append(Slot(now, now + length, "assembly"))
        now += length
    now += gap()
    length = rng.choice([15, 15, 20])
    slots.append(Slot(now, now + length, "break"))
    now += length
    lunch = rng.choice([t(12), t(12), t(12, 15), t(11, 55)])
    for length in lesson_lengths(rng, lunch - now):
        slots.append(Slot(now, now + length, "core"))
        now += length
    lunch_len = rng.choice([55, 60, 60])
    slots.append(Slot(now, now + lunch_len, "lunch"))
    now += lunch_len + gap()
    if rng.random() < 0.6:
        slots.append(Slot(now, now + 15, "short"))
        now += 15
    day_end = rng.choice([t(15), t(15, 5), t(15, 10)])
    for length in lesson_lengths(rng, day_end - now):
        slots.append(Slot(now, now + length, "afternoon"))
        now += length
    slots.append(Slot(now, now + rng.choice([10, 15]), "story"))
    if contiguous:
        slots.append(Slot(slots[-1].end, None, "home"))
    return slots


def uk_names(rng, slots, ndays=5):
    """names[slot][day]: what each day has in each column."""
    fixed = {
        "reg": rng.choice(["Registration", "Register", "Registration and Early Morning Work",
                           "Early Morning Work"]),
        "break": rng.choice(["Break", "Break", "Playtime"]),
        "lunch": rng.choice(["Lunch", "Lunch", "Lunchtime"]),
        "story": rng.choice(["Storytime", "Storytime", "Class Reading", "Story"]),
        "home": rng.choice(["Home time", "Home time", "Home"]),
        "phonics": rng.choice(["RWI", "Phonics", "Spelling", "Guided Reading"]),
    }
    short = rng.choice(UK_SHORT)
    core = ["English", "Maths"] if rng.random() < 0.5 else ["Maths", "English"]
    pool = [s for s in UK_FOUNDATION]
    rng.shuffle(pool)
    names = []
    core_i = 0
    for slot in slots:
        if slot.kind in fixed:
            row = [fixed[slot.kind]] * ndays
        elif slot.kind == "core":
            subject = core[core_i % 2] if core_i < 2 else rng.choice(["Guided Reading", "Spelling", "Phonics",
                                                                       "Reading", "Maths Meeting"])
            core_i += 1
            row = [subject] * ndays
            if rng.random() < 0.4:
                row[rng.randrange(ndays)] = rng.choice(["Spelling test", "Big Write", "PE", "Science", "Music"])
        elif slot.kind == "assembly":
            row = [rng.choice(UK_ASSEMBLY) for _ in range(ndays)]
        elif slot.kind == "short":
            row = [short] * ndays if rng.random() < 0.6 else [rng.choice(UK_SHORT) for _ in range(ndays)]
        else:  # afternoon
            row = []
            for _ in range(ndays):
                if not pool:
                    pool = [s for s in UK_FOUNDATION]
                    rng.shuffle(pool)
                row.append(pool.pop())
        names.append(row)
    return names


def us_plan(rng):
    """A US elementary day as timed list items, arrival bells and dismissal included."""
    items = []
    arrive = rng.choice([t(7, 45), t(7, 50), t(8), t(8, 5)])
    bell = arrive + rng.choice([10, 15, 20, 25])
    items.append(Item(arrive, None, text(rng.choice(["Students are allowed inside", "Arrival",
                                                     "Doors Open", "Students Arrive"]))))
    items.append(Item(bell, None, text(rng.choice(["Late Bell Rings", "Tardy Bell", "Late Bell"]))))
    now = bell
    fillers = ["Guided Reading", "Centers", "Daily 5: Station 1", "Intervention", "Snack", "Handwriting",
               "Spelling", "Quiet Reading", "Calendar", "Daily 5: Station 2", "Social Emotional Learning"]
    rng.shuffle(fillers)

    def add(name, length):
        nonlocal now
        items.append(Item(now, now + length, text(name)))
        now += length

    def fill_until(target):
        while target - now >= 15:
            add(fillers.pop(), min(target - now, rng.choice([15, 20, 25, 30])))

    add("Morning Work", rng.choice([15, 20]))
    add("Morning Meeting", rng.choice([15, 20]))
    add("Math", rng.choice([50, 60]))
    add("Morning Recess", 15)
    add("Reader’s Workshop", rng.choice([45, 50, 60]))
    if rng.random() < 0.6:
        add("Word Work (Phonics)", rng.choice([15, 20]))
    fill_until(rng.choice([t(11, 15), t(11, 30), t(11, 40), t(11, 55)]))
    add("Lunch", 30)
    if rng.random() < 0.7:
        add("Recess", rng.choice([15, 20]))
    add("Specials", rng.choice([40, 45, 50]))
    add("Writer’s Workshop", rng.choice([40, 45]))
    add("Science/Social Studies", rng.choice([30, 40, 45]))
    fill_until(rng.choice([t(14, 30), t(14, 40), t(14, 50), t(15)]))
    add("Jobs & Read Aloud", rng.choice([10, 15]))
    items.append(Item(now, None, text(rng.choice(["Pack Up", "Pack Up"]))))
    items.append(Item(now + 5, None, text(rng.choice(["School Dismissed", "Dismissal", "Buses Leave"]))))
    return items


def us_panel_variant(rng, base, kind):
    """The same day changed as a Wednesday early release or a Friday would be."""
    items = [Item(i.start, i.end, i.text) for i in base]
    if kind == "early":     # early release: stop after lunch
        cut = next(i for i, it in enumerate(items) if it.text.name == "Lunch")
        end = items[cut].end
        items = items[:cut + 1] + [Item(end, end + 35, text("Reader’s Workshop")),
                                   Item(end + 35, end + 50, text("Jobs & Read Aloud")),
                                   Item(end + 50, None, text("School Dismissed"))]
    elif kind == "friday":  # swap two lessons for Friday ones
        for it in items:
            if it.text.name == "Morning Meeting":
                it.text = text(rng.choice(["Vocabulary", "Class Meeting"]))
            elif it.text.name == "Writer’s Workshop":
                it.text = text(rng.choice(["Spelling Test", "Fun Friday", "Adventure to Fitness"]))
            elif it.text.name == "Science/Social Studies":
                it.text = text("Vocabulary Review")
    elif kind == "specials":
        for it in items:
            if it.text.name == "Specials":
                it.text = text(rng.choice(US_SPECIALS))
    return items


def us_slots(rng):
    """Grid version of a US day: the timed items, without the bells."""
    slots, names = [], []
    for it in us_plan(rng):
        if it.end is None:
            continue
        slots.append(Slot(it.start, it.end, "lesson"))
        names.append(it.text.name)
    return slots, names


def us_names(rng, slots, base):
    """names[slot][day] for a US week: specials and science rotate, the rest repeats."""
    rows = []
    for slot, name in zip(slots, base):
        if name == "Specials":
            specials = US_SPECIALS[:]
            rng.shuffle(specials)
            rows.append(specials[:5])
        elif name == "Science/Social Studies":
            rows.append(["Science", "Social Studies", "Science", "Social Studies", "STEM"])
        elif name in ("Morning Recess", "Recess", "Lunch"):
            rows.append([name] * 5)
        else:
            row = [name] * 5
            if name == "Writer’s Workshop" and rng.random() < 0.5:
                row[4] = "Spelling Test"
            rows.append(row)
    return rows
