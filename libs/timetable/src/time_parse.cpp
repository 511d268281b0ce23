// Hand-written scanners for the times and day names teachers write; the
// accepted forms and the school-day clock are described in time_parse.hpp.
// No regex and no allocation: this runs on every cell of every grid.
#include "ly/timetable/time_parse.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace ly::timetable {
namespace {

// A range whose half of the day was guessed may not last longer than this;
// "9.50 - 9.10" is a typo, not 09:50–21:10.
constexpr int kMaxGuessedSpan = 10 * 60;
// "1330-1400" is read as 24-hour time only within these hours, which keeps
// school years ("2024-2025") and other 4-digit numbers out.
constexpr int kFourDigitFirstHour = 5;
constexpr int kFourDigitLastHour = 19;
// Two bare hours ("9-10") make a range only when one of them reaches this;
// "1-2", "3-4", "7-8" are period or year numbers.
constexpr int kBareRangeMinHour = 9;
// A one-letter am/pm ("8a", "3p") is read only on hours a school day has:
// from 6a, and up to 9p; "3a" or "10p" is a class or a group.
constexpr int kLetterAmFirstHour = 6;
constexpr int kLetterPmLastHour = 9;

enum class Meridiem : std::uint8_t { kNone, kAm, kPm, kNoon };
enum class Mode : std::uint8_t { kWholeText, kInsideText };

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }
char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
unsigned char Byte(std::string_view text, std::size_t i) { return static_cast<unsigned char>(text[i]); }

// The digit an OCR engine may have misread as `c`, or -1. '|' is a table rule
// when it leads a number ("|9.30"), so it counts as 1 only inside one.
int OcrDigit(char c, bool leading) {
    if (IsDigit(c)) return c - '0';
    switch (c) {
        case 'O':
        case 'o':
            return 0;
        case 'l':
        case 'I':
            return 1;
        case '|':
            return leading ? -1 : 1;
        case 'S':
            return 5;
        default:
            return -1;
    }
}

// Byte length of the white space character at text[i], 0 if there is none.
// Line breaks count only when `lines` is set (a time never spans a line, a
// range may: "11.00 –\n11:55").
std::size_t SpaceAt(std::string_view text, std::size_t i, bool lines) {
    if (i >= text.size()) return 0;
    switch (text[i]) {
        case ' ':
        case '\t':
            return 1;
        case '\n':
        case '\r':
        case '\v':
        case '\f':
            return lines ? 1 : 0;
        default:
            break;
    }
    if (Byte(text, i) == 0xC2 && i + 1 < text.size() && Byte(text, i + 1) == 0xA0) return 2;  // no-break space
    return 0;
}

std::size_t SkipSpaces(std::string_view text, std::size_t i, bool lines) {
    while (const std::size_t n = SpaceAt(text, i, lines)) i += n;
    return i;
}

// Byte length of the dash at text[i], 0 if there is none: '-', U+2010…U+2015
// (hyphens, figure, en and em dash, bar), U+2212 minus, U+FF0D full-width.
std::size_t DashAt(std::string_view text, std::size_t i) {
    if (i >= text.size()) return 0;
    if (text[i] == '-') return 1;
    if (i + 2 >= text.size()) return 0;
    const unsigned char b0 = Byte(text, i), b1 = Byte(text, i + 1), b2 = Byte(text, i + 2);
    if (b0 == 0xE2 && b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95) return 3;
    if (b0 == 0xE2 && b1 == 0x88 && b2 == 0x92) return 3;
    if (b0 == 0xEF && b1 == 0xBC && b2 == 0x8D) return 3;
    return 0;
}

std::string_view TrimFront(std::string_view text) {
    return text.substr(std::min(text.size(), SkipSpaces(text, 0, true)));
}

// Drops trailing white space, dashes and '.', ':', ',' ("8.40 -", "9.30.").
std::string_view TrimBack(std::string_view text) {
    while (!text.empty()) {
        const char last = text.back();
        if (last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '\v' || last == '\f' ||
            last == '-' || last == '.' || last == ':' || last == ',') {
            text.remove_suffix(1);
        } else if (text.size() >= 2 && SpaceAt(text, text.size() - 2, true) == 2) {
            text.remove_suffix(2);
        } else if (text.size() >= 3 && DashAt(text, text.size() - 3) == 3) {
            text.remove_suffix(3);
        } else {
            break;
        }
    }
    return text;
}

// am, a.m., a.m, pm, p.m., p.m (any case) or "noon" at text[i]. On success
// moves `i` past it. A letter or digit right after it means a word ("amber").
Meridiem ReadMeridiem(std::string_view text, std::size_t& i) {
    const auto at = [text](std::size_t k) { return k < text.size() ? ToLower(text[k]) : '\0'; };
    const char first = at(i);
    if (first == 'a' || first == 'p') {
        std::size_t j = i + 1;
        const bool dotted = at(j) == '.';
        if (dotted) ++j;
        if (at(j) != 'm') return Meridiem::kNone;
        ++j;
        if (dotted && at(j) == '.') {
            ++j;  // the closing dot of "a.m."; whatever follows is not our business
        } else if (IsAlnum(at(j))) {
            return Meridiem::kNone;
        }
        i = j;
        return first == 'a' ? Meridiem::kAm : Meridiem::kPm;
    }
    if (first == 'n' && at(i + 1) == 'o' && at(i + 2) == 'o' && at(i + 3) == 'n' && !IsAlnum(at(i + 4))) {
        i += 4;
        return Meridiem::kNoon;
    }
    return Meridiem::kNone;
}

// The word "to" at text[i], as in "9.00 to 9.30" or OCR's "9.00to9.30".
bool IsToAt(std::string_view text, std::size_t i) {
    return i + 1 < text.size() && ToLower(text[i]) == 't' && ToLower(text[i + 1]) == 'o' &&
           (i + 2 == text.size() || !IsLetter(text[i + 2]));
}

// "noon" at text[i] as a word of its own ("afternoon", "noonish" are not).
bool IsNoonAt(std::string_view text, std::size_t i) {
    if (i + 4 > text.size() || (i > 0 && IsLetter(text[i - 1]))) return false;
    for (std::size_t k = 0; k < 4; ++k) {
        if (ToLower(text[i + k]) != "noon"[k]) return false;
    }
    return i + 4 == text.size() || !IsAlnum(text[i + 4]);
}

// A lone "a" or "p" (or "a.", "p.") at text[i] taken as am/pm: "8:10a",
// "3p", "8:10 a". Never part of a word: a letter or digit may not follow.
// `glued` says it touches the number; a spaced one ("9 a day", "Year 5 a
// group") must also end the time: only line end, a dash, "to" or a mark
// other than a letter may come after it. On success moves `i` past it.
Meridiem ReadLetterMeridiem(std::string_view text, std::size_t& i, bool glued) {
    if (i >= text.size()) return Meridiem::kNone;
    const char first = ToLower(text[i]);
    if (first != 'a' && first != 'p') return Meridiem::kNone;
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '.') ++j;
    if (j < text.size() && IsAlnum(text[j])) return Meridiem::kNone;
    if (!glued) {
        const std::size_t next = SkipSpaces(text, j, false);
        if (next < text.size() && SpaceAt(text, next, true) == 0 && DashAt(text, next) == 0 && !IsToAt(text, next) &&
            (IsAlnum(text[next]) || Byte(text, next) >= 0x80)) {
            return Meridiem::kNone;
        }
    }
    i = j;
    return first == 'a' ? Meridiem::kAm : Meridiem::kPm;
}

// Whether a one-letter am/pm suits the hour (see kLetterAmFirstHour).
bool LetterMeridiemFits(int hour, Meridiem meridiem) {
    if (meridiem == Meridiem::kAm) return hour >= kLetterAmFirstHour && hour <= 12;
    return hour == 12 || (hour >= 1 && hour <= kLetterPmLastHour);
}

// A time as written, before the school-day clock is applied.
struct RawTime {
    int hour = 0;
    int minute = 0;
    bool has_minutes = false;
    bool four_digit = false;    // "1330"
    bool leading_zero = false;  // "08:00": 24-hour as written
    Meridiem meridiem = Meridiem::kNone;
    bool letter_meridiem = false;  // am/pm written as one letter ("3p", "8:10 a")
    bool letter_spaced = false;    // … with a space before it ("8:10 a")
    std::size_t end = 0;           // one past its last byte
};

// Two minute digits at text[i] ("30", OCR'd "3O", "OO"), or -1. `repair`:
// a tens digit 8, which minutes never have, is the 3 OCR took for it in a
// serif face ("1.80").
int ReadMinutes(std::string_view text, std::size_t i, bool repair = false) {
    if (i + 1 >= text.size()) return -1;
    const char c0 = text[i], c1 = text[i + 1];
    int tens = OcrDigit(c0, false);
    const int ones = OcrDigit(c1, false);
    if (repair && c0 == '8') tens = 3;
    if (tens < 0 || ones < 0 || tens > 5) return -1;
    const auto is_zero_letter = [](char c) { return c == 'O' || c == 'o'; };
    if (!IsDigit(c0) && !IsDigit(c1) && !(is_zero_letter(c0) && is_zero_letter(c1))) return -1;
    // A third digit, or a date / seconds going on ("12.09.2024", "9.30.45").
    const std::size_t next = i + 2;
    if (next < text.size()) {
        if (IsDigit(text[next])) return -1;
        const char sep = text[next];
        if ((sep == '.' || sep == ':' || sep == '/') && next + 1 < text.size() && IsDigit(text[next + 1])) return -1;
    }
    return tens * 10 + ones;
}

// One time at text[p]: an hour of 1–2 digits with optional ":MM"/".MM"
// (stray spaces allowed around the separator) and am/pm, or four digits
// "HHMM". The caller has checked what comes before p. `range_end`: this is
// the end of a range, where three digits are a time whose separator OCR
// dropped ("8.40 - 855"); alone, "855" is no time. `repair`: OCR's likely
// misreads are repaired: a comma right before the minutes is the separator
// ("9,00"), minutes "80" are "30".
std::optional<RawTime> ReadTime(std::string_view text, std::size_t p, bool range_end = false, bool repair = false) {
    if (IsNoonAt(text, p)) {
        RawTime noon;
        noon.hour = 12;
        noon.meridiem = Meridiem::kNoon;
        noon.end = p + 4;
        return noon;
    }
    std::array<int, 5> digits{};
    std::size_t count = 0;
    int real_digits = 0;
    std::size_t i = p;
    while (i < text.size() && count < digits.size()) {
        const int digit = OcrDigit(text[i], count == 0);
        if (digit < 0) break;
        if (IsDigit(text[i])) ++real_digits;
        digits[count++] = digit;
        ++i;
    }
    if (real_digits == 0) {
        // Ones misread as letters right before am/pm end a range ("10.15 -
        // llam", "12.10 - lpm"): with the start before it, no word reads so.
        std::size_t meridiem_at = i;
        const bool ones_only =
            std::all_of(text.begin() + static_cast<std::ptrdiff_t>(p), text.begin() + static_cast<std::ptrdiff_t>(i),
                        [](char c) { return c == 'l' || c == 'I'; });
        if (!range_end || count == 0 || count > 2 || !ones_only ||
            (meridiem_at < text.size() && text[meridiem_at] == '.') ||
            ReadMeridiem(text, meridiem_at) == Meridiem::kNone) {
            return std::nullopt;
        }
    }

    RawTime time;
    if (count == 4 && real_digits == 4) {
        time.hour = digits[0] * 10 + digits[1];
        time.minute = digits[2] * 10 + digits[3];
        time.has_minutes = time.four_digit = time.leading_zero = true;
        if (time.hour > 23 || time.minute > 59 || ReadMinutes(text, p + 2) < 0) return std::nullopt;
        if (i < text.size() && IsLetter(text[i]) && !IsToAt(text, i)) return std::nullopt;
        time.end = i;
        return time;
    }
    if (range_end && count == 3 && real_digits == 3 && digits[0] >= 1 && digits[1] <= 5 &&
        (i >= text.size() || !IsAlnum(text[i]))) {
        time.hour = digits[0];
        time.minute = digits[1] * 10 + digits[2];
        time.has_minutes = true;
        time.end = i;
        return time;
    }
    if (count > 2) return std::nullopt;
    time.hour = count == 1 ? digits[0] : digits[0] * 10 + digits[1];
    time.leading_zero = count == 2 && digits[0] == 0;
    time.end = i;

    const std::size_t sep = repair && i < text.size() && text[i] == ',' ? i : SkipSpaces(text, i, false);
    if (sep < text.size() && (text[sep] == ':' || text[sep] == '.' || (repair && text[sep] == ','))) {
        const std::size_t m = SkipSpaces(text, sep + 1, false);
        const int minute = ReadMinutes(text, m, repair);
        if (minute >= 0) {
            time.minute = minute;
            time.has_minutes = true;
            time.end = m + 2;
        } else if (m < text.size() && IsDigit(text[m])) {
            return std::nullopt;  // "9:75", "9.3", "1.2.30": digits, but no time
        }
    }

    std::size_t after = SkipSpaces(text, time.end, false);
    time.meridiem = ReadMeridiem(text, after);
    if (time.meridiem == Meridiem::kNone) {
        const bool glued = after == time.end;
        time.meridiem = ReadLetterMeridiem(text, after, glued);
        time.letter_meridiem = time.meridiem != Meridiem::kNone;
        time.letter_spaced = time.letter_meridiem && !glued;
    }
    if (time.meridiem != Meridiem::kNone) time.end = after;
    if (time.end < text.size() && IsAlnum(text[time.end]) && !IsToAt(text, time.end)) {
        return std::nullopt;  // "4M", "2EJ", "9.30x"
    }

    switch (time.meridiem) {
        case Meridiem::kNone:
            if (time.has_minutes ? time.hour > 23 : (time.hour < 1 || time.hour > 12)) return std::nullopt;
            break;
        case Meridiem::kAm:
        case Meridiem::kPm:
            if (time.hour < 1 || time.hour > 12) return std::nullopt;
            // A lone letter is a meridiem only on an hour a school day has:
            // "3a" and "10p" are class or group names.
            if (time.letter_meridiem && !LetterMeridiemFits(time.hour, time.meridiem)) return std::nullopt;
            break;
        case Meridiem::kNoon:
            if (time.hour != 12) return std::nullopt;
            break;
    }
    return time;
}

struct RawRange {
    RawTime start;
    std::optional<RawTime> end;
    std::size_t end_pos = 0;  // one past the last byte of the whole range
};

// A time, optionally followed by a dash or "to" and a second time. A second
// time that does not read leaves a start-only range ("9.00 - Maths").
std::optional<RawRange> ReadRangeWith(std::string_view text, std::size_t p, bool repair) {
    const auto start = ReadTime(text, p, false, repair);
    if (!start) return std::nullopt;
    RawRange range{*start, std::nullopt, start->end};

    const std::size_t link = SkipSpaces(text, start->end, true);
    std::size_t after_link = link;
    while (const std::size_t n = DashAt(text, after_link)) after_link += n;
    if (after_link == link && IsToAt(text, link)) after_link = link + 2;
    if (after_link == link) return range;

    auto end = ReadTime(text, SkipSpaces(text, after_link, true), /*range_end=*/true, repair);
    if (end && end->meridiem == Meridiem::kNone && start->letter_meridiem) {
        // The end's letter is written as the start's was: "8:10 a - 8:30 a Drop off".
        std::size_t after = SkipSpaces(text, end->end, false);
        if (after > end->end && end->hour <= 12) {
            std::size_t k = after;
            if (const Meridiem m = ReadLetterMeridiem(text, k, true);
                m != Meridiem::kNone && LetterMeridiemFits(end->hour, m)) {
                end->meridiem = m;
                end->letter_meridiem = end->letter_spaced = true;
                end->end = k;
            }
        }
    }
    if (end && end->four_digit == start->four_digit) {
        range.end = end;
        range.end_pos = end->end;
    }
    return range;
}

// A range as ReadRangeWith reads it; where that finds no whole range, one
// with OCR's likely misreads repaired ("9,00 to 10.15": a dot taken for a
// comma; "1.80 - 2.15": a 3 taken for an 8). Only a whole range confirms
// that reading: "Rooms 12,14" and "9.80" alone are no times.
std::optional<RawRange> ReadRange(std::string_view text, std::size_t p) {
    auto range = ReadRangeWith(text, p, false);
    if (range && range->end) return range;
    auto repaired = ReadRangeWith(text, p, true);
    if (repaired && repaired->end && (repaired->start.has_minutes || repaired->end->has_minutes) &&
        (!range || repaired->end_pos > range->end_pos)) {
        return repaired;
    }
    return range;
}

// The school-day clock and its alternatives, in minutes since midnight.
int WithMeridiem(const RawTime& time, Meridiem meridiem) {
    int hour = time.hour;
    switch (meridiem) {
        case Meridiem::kAm:
            break;  // "12am" is kept as noon: a school day has no midnight
        case Meridiem::kPm:
            if (hour < 12) hour += 12;
            break;
        case Meridiem::kNoon:
            hour = 12;
            break;
        case Meridiem::kNone:
            break;
    }
    return hour * 60 + time.minute;
}

// Written so that only one reading is possible: am/pm, 24-hour ("13:30",
// "08:00", "0:15", "1330").
bool IsExplicit(const RawTime& time) {
    return time.meridiem != Meridiem::kNone || time.leading_zero || time.hour == 0 || time.hour > 12;
}

int ExplicitMinutes(const RawTime& time) {
    return time.meridiem != Meridiem::kNone ? WithMeridiem(time, time.meridiem) : time.hour * 60 + time.minute;
}

// Bare hour 7–11 morning, 12 noon, 1–6 afternoon.
int ClockMinutes(const RawTime& time) {
    const int hour = time.hour >= 7 ? time.hour : time.hour + 12;
    return hour * 60 + time.minute;
}

// The other half of the day for a bare hour 1–11; 12 has none.
std::optional<int> OtherHalf(const RawTime& time) {
    if (time.hour == 12) return std::nullopt;
    const int clock = ClockMinutes(time);
    return clock >= 12 * 60 ? clock - 12 * 60 : clock + 12 * 60;
}

// Readings of one side of a range in order of preference (at most three).
struct Candidates {
    std::array<int, 3> minutes{};
    std::size_t count = 0;

    void Add(std::optional<int> value) {
        if (!value) return;
        for (std::size_t i = 0; i < count; ++i) {
            if (minutes[i] == *value) return;
        }
        minutes[count++] = *value;
    }
};

bool IsMarked(const RawTime& time) { return time.has_minutes || time.meridiem != Meridiem::kNone; }

std::optional<TimeRange> Resolve(const RawRange& raw, Mode mode) {
    const RawTime& start = raw.start;
    if (start.four_digit) {
        // Only ranges of two 4-digit times within school hours: "1330-1400".
        if (!raw.end) return std::nullopt;
        const RawTime& end = *raw.end;
        const int from = ExplicitMinutes(start), to = ExplicitMinutes(end);
        if (start.hour < kFourDigitFirstHour || end.hour > kFourDigitLastHour || to <= from ||
            to - from > kMaxGuessedSpan) {
            return std::nullopt;
        }
        return TimeRange{TimeOfDay{from}, TimeOfDay{to}, false};
    }

    const int first_reading = IsExplicit(start) ? ExplicitMinutes(start) : ClockMinutes(start);
    if (!raw.end) {
        if (!IsMarked(start)) return std::nullopt;  // a lone "2" is a period number
        // A bare hour with a lone letter ("Year 5 a", "Class 3p") is a time
        // only in a range, or as a whole cell written against the number.
        if (start.letter_meridiem && !start.has_minutes &&
            (mode == Mode::kInsideText || start.letter_spaced)) {
            return std::nullopt;
        }
        return TimeRange{TimeOfDay{first_reading}, std::nullopt, start.meridiem != Meridiem::kNone};
    }

    const RawTime& end = *raw.end;
    if (!IsMarked(start) && !IsMarked(end)) {
        // "9-10": a time only as a whole cell, and not for small numbers.
        if (mode == Mode::kInsideText || std::max(start.hour, end.hour) < kBareRangeMinHour) return std::nullopt;
    }
    const bool has_meridiem = start.meridiem != Meridiem::kNone || end.meridiem != Meridiem::kNone;

    Candidates starts;
    if (IsExplicit(start)) {
        starts.Add(ExplicitMinutes(start));
    } else if (end.meridiem == Meridiem::kAm) {
        starts.Add(WithMeridiem(start, Meridiem::kAm));  // "8:35 – 8.50 am"
    } else {
        // "1-1.15pm": the pm is shared when that keeps the range increasing.
        if (end.meridiem == Meridiem::kPm) starts.Add(WithMeridiem(start, Meridiem::kPm));
        starts.Add(ClockMinutes(start));
        starts.Add(OtherHalf(start));
    }
    Candidates ends;
    if (IsExplicit(end)) {
        ends.Add(ExplicitMinutes(end));
    } else if (start.meridiem == Meridiem::kAm || start.meridiem == Meridiem::kPm) {
        // "11am - 1": the same half first, then the other.
        ends.Add(WithMeridiem(end, start.meridiem));
        ends.Add(WithMeridiem(end, start.meridiem == Meridiem::kAm ? Meridiem::kPm : Meridiem::kAm));
    } else {
        ends.Add(ClockMinutes(end));
        ends.Add(OtherHalf(end));
    }

    const bool both_explicit = IsExplicit(start) && IsExplicit(end);
    for (std::size_t s = 0; s < starts.count; ++s) {
        for (std::size_t e = 0; e < ends.count; ++e) {
            const int from = starts.minutes[s], to = ends.minutes[e];
            if (to > from && (both_explicit || to - from <= kMaxGuessedSpan)) {
                return TimeRange{TimeOfDay{from}, TimeOfDay{to}, has_meridiem};
            }
        }
    }
    // No reading makes the range go forward ("9.50 - 9.10"): keep the start,
    // the caller ends it where the next slot begins.
    return TimeRange{TimeOfDay{first_reading}, std::nullopt, has_meridiem};
}

// Whether a number may begin at text[i]: not glued to a word or another
// number ("KS2", "12.09", "2023-24"), not a price ("£1.50").
bool StartsNumber(std::string_view text, std::size_t i) {
    if (i == 0) return true;
    const char prev = text[i - 1];
    if (IsAlnum(prev) || prev == '$') return false;
    if ((prev == '.' || prev == ':' || prev == ',' || prev == '/' || prev == '-') && i >= 2 && IsDigit(text[i - 2])) {
        return false;
    }
    if (Byte(text, i - 1) == 0xA3 && i >= 2 && Byte(text, i - 2) == 0xC2) return false;  // £
    if (Byte(text, i - 1) == 0xAC && i >= 3 && Byte(text, i - 2) == 0x82 && Byte(text, i - 3) == 0xE2) {
        return false;  // €
    }
    return true;
}

struct DayAlias {
    std::string_view name;
    DayOfWeek day;
};

// One day per line, so clang-format keeps out.
// clang-format off
constexpr std::array<DayAlias, 25> kDayAliases = {{
    {"monday", DayOfWeek::kMonday}, {"mon", DayOfWeek::kMonday}, {"m", DayOfWeek::kMonday},
    {"tuesday", DayOfWeek::kTuesday}, {"tues", DayOfWeek::kTuesday}, {"tue", DayOfWeek::kTuesday},
        {"tu", DayOfWeek::kTuesday},
    {"wednesday", DayOfWeek::kWednesday}, {"weds", DayOfWeek::kWednesday}, {"wed", DayOfWeek::kWednesday},
        {"w", DayOfWeek::kWednesday},
    {"thursday", DayOfWeek::kThursday}, {"thurs", DayOfWeek::kThursday}, {"thur", DayOfWeek::kThursday},
        {"thu", DayOfWeek::kThursday}, {"th", DayOfWeek::kThursday},
    {"friday", DayOfWeek::kFriday}, {"fri", DayOfWeek::kFriday}, {"f", DayOfWeek::kFriday},
    {"saturday", DayOfWeek::kSaturday}, {"sat", DayOfWeek::kSaturday}, {"sa", DayOfWeek::kSaturday},
    {"sunday", DayOfWeek::kSunday}, {"sun", DayOfWeek::kSunday}, {"su", DayOfWeek::kSunday},
}};
// clang-format on

constexpr std::size_t kLongestDayName = 9;  // "wednesday"

}  // namespace

std::optional<TimeRange> ParseTimeRange(std::string_view text) {
    text = TrimBack(TrimFront(text));
    if (text.empty()) return std::nullopt;
    const auto raw = ReadRange(text, 0);
    if (!raw || raw->end_pos != text.size()) return std::nullopt;
    return Resolve(*raw, Mode::kWholeText);
}

std::optional<FoundTime> FindTimeRange(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool noon = IsNoonAt(text, i) && (i == 0 || !IsDigit(text[i - 1]));
        if (!noon && (OcrDigit(text[i], true) < 0 || !StartsNumber(text, i))) continue;
        const auto raw = ReadRange(text, i);
        if (!raw) continue;
        if (const auto range = Resolve(*raw, Mode::kInsideText)) return FoundTime{*range, i, raw->end_pos};
    }
    return std::nullopt;
}

std::optional<DayOfWeek> ParseDay(std::string_view text) {
    text = TrimFront(text);
    // Trailing white space, '.' and ':' ("Mon.", "Monday:", "MONDAY ").
    while (!text.empty()) {
        const char last = text.back();
        if (last == '.' || last == ':' || SpaceAt(text, text.size() - 1, true) == 1) {
            text.remove_suffix(1);
        } else if (text.size() >= 2 && SpaceAt(text, text.size() - 2, true) == 2) {
            text.remove_suffix(2);
        } else {
            break;
        }
    }

    // One word, or single letters separated by white space ("M\nO\nN", "M O N").
    // In such a stack of letters OCR may read an O as the digit 0 ("M\n0\nN").
    std::array<char, kLongestDayName> word{};
    std::size_t length = 0;
    std::size_t tokens = 0;
    bool all_single_letters = true;
    bool zero_for_o = false;
    std::size_t i = 0;
    while (i < text.size()) {
        if (const std::size_t n = SpaceAt(text, i, true)) {
            i += n;
            continue;
        }
        const std::size_t token_start = i;
        while (i < text.size() && SpaceAt(text, i, true) == 0) {
            if (length == word.size()) return std::nullopt;
            if (text[i] == '0') {
                zero_for_o = true;
                word[length++] = 'o';
            } else if (IsLetter(text[i])) {
                word[length++] = ToLower(text[i]);
            } else {
                return std::nullopt;
            }
            ++i;
        }
        ++tokens;
        if (i - token_start != 1) all_single_letters = false;
    }
    if (tokens > 1 && !all_single_letters) return std::nullopt;                  // "Mon key", "Friday club"
    if (zero_for_o && (tokens < 2 || !all_single_letters)) return std::nullopt;  // "M0N", "0"

    const std::string_view name(word.data(), length);
    for (const DayAlias& alias : kDayAliases) {
        if (alias.name == name) return alias.day;
    }
    return std::nullopt;
}

}  // namespace ly::timetable
