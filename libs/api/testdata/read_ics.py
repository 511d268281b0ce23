#!/usr/bin/python3
"""Reads an iCalendar file with a real parser (Debian's python3-icalendar) for libs/api's HTTP tests.

Usage: read_ics.py FILE. Prints the calendar as JSON (its name and, per event, uid, summary, description,
dtstart, dtend, rrule); exits 1 with the reason on stderr when the file does not parse or breaks
RFC 5545's line rules (CRLF ends, at most 75 octets per line) or misses an event's required properties.
"""
import json
import sys

import icalendar


def fail(reason):
    print(f"read_ics: {reason}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        fail("usage: read_ics.py FILE")
    data = open(sys.argv[1], "rb").read()
    if not data.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n")[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            fail(f"line {number} has a bare CR or LF")
        if len(line) > 75:
            fail(f"line {number} is {len(line)} octets long")
        line.decode("utf-8")  # raises on a fold that split a character
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        fail(f"does not parse: {error}")
    if calendar.name != "VCALENDAR":
        fail(f"the top component is {calendar.name}")
    for required in ("VERSION", "PRODID"):
        if required not in calendar:
            fail(f"the calendar has no {required}")
    events = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if required not in event:
                fail(f"an event has no {required}")
        dtstart = event.decoded("DTSTART")
        if dtstart.tzinfo is not None:
            fail("DTSTART is not a floating local time")
        dtend = event.decoded("DTEND") if "DTEND" in event else None
        if dtend is not None and dtend <= dtstart:
            fail("DTEND is not after DTSTART")
        rrule = {key: [str(v) for v in values] for key, values in event.get("RRULE", {}).items()}
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event.get("SUMMARY", "")),
            "description": str(event["DESCRIPTION"]) if "DESCRIPTION" in event else None,
            "dtstart": dtstart.isoformat(),
            "dtend": dtend.isoformat() if dtend is not None else None,
            "weekday": dtstart.strftime("%A").lower(),
            "rrule": rrule,
        })
    name = calendar.get("X-WR-CALNAME")
    print(json.dumps({"name": str(name) if name is not None else None, "events": events}))


if __name__ == "__main__":
    main()
