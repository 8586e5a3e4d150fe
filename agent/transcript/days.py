"""Calendar days as transcripts write them: dividers ("Tuesday, March 10th", "Today"), partial dates, year inference."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from agent.errors import ConfigError
from agent.yaml_data import parse_yaml


def _calendar_file() -> dict:
    data = parse_yaml(resources.files("agent.transcript").joinpath(CALENDAR_FILE).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"{CALENDAR_FILE}: expected a mapping of word lists")
    return data


def _calendar_words(data: dict) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    months, weekdays, relative = ({str(name): int(number) for number, names in data[group].items() for name in names}
                                  for group in ("months", "weekdays", "relative_days"))
    if sorted(set(months.values())) != list(range(1, 13)) or sorted(set(weekdays.values())) != list(range(7)) or \
            sorted(set(relative.values())) != [0, 1]:
        raise ConfigError(f"{CALENDAR_FILE}: every month 1-12, weekday 0-6 and relative day 0-1 needs names")
    return months, weekdays, relative


def _alternatives(names: dict[str, int]) -> str:
    return "(?:" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + ")"


def _age_pattern(data: dict) -> re.Pattern[str]:
    """What a chat shows under a message sent moments ago instead of its time: "Jetzt", "12 Min.", "4 min"."""
    now = "|".join(re.escape(word) for word in sorted(data["just_now"], key=len, reverse=True))
    units = "|".join(re.escape(word) for word in sorted(data["age_units"], key=len, reverse=True))
    return re.compile(rf"^(?:{now}|\d{{1,3}}\s?(?:{units})\.?)$", re.IGNORECASE)


CALENDAR_FILE = "calendar_words.yaml"
_CALENDAR = _calendar_file()
MONTHS, WEEKDAYS, RELATIVE_DAYS = _calendar_words(_CALENDAR)
JUST_SENT = _age_pattern(_CALENDAR)
AT_WORD = "(?:" + "|".join(r"\s+".join(map(re.escape, str(word).split()))
                           for word in sorted(_CALENDAR["at_words"], key=len, reverse=True)) + ")"
MONTH_NAME = _alternatives(MONTHS)
WEEKDAY_NAME = _alternatives(WEEKDAYS)
RELATIVE_DAY_NAME = _alternatives(RELATIVE_DAYS)
_DECOR = r"[\s\-\u2013\u2014=_*#>~\u2500]*"
_DATE_BODY = (
    rf"(?:(?P<wd>{WEEKDAY_NAME})\.?,?\s+)?"
    rf"(?:(?P<mon>{MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+|del\s+)?(?P<mon2>{MONTH_NAME})\.?)"
    r"(?:,?\s+(?:de\s+)?(?P<year>\d{4}))?"
    r"|(?P<iso>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})(?:\s*\(?" + WEEKDAY_NAME + r"\)?)?"
    # Chinese, Japanese and Korean: "2026年11月20日 (金)", "2026년 11월 20일 금요일", "2026年11月20日 星期五"
    r"|(?P<cjk>\d{4})\s*[\u5e74\ub144]\s*(?P<cjk_m>\d{1,2})\s*[\u6708\uc6d4]\s*(?P<cjk_d>\d{1,2})\s*[\u65e5\uc77c]"
    r"(?:\s*[(\uff08]?[^\s()\uff08\uff09\d]{1,3}[)\uff09]?)?"
)
# ASCII matching: Unicode case folding would let "ſept" match "sept" and \d match digits int() rejects.
_FLAGS = re.IGNORECASE | re.ASCII
_DIVIDER = re.compile(rf"^{_DECOR}(?:{_DATE_BODY}){_DECOR}$", _FLAGS)
_RELATIVE_DIVIDER = re.compile(rf"^{_DECOR}(?P<rel>{RELATIVE_DAY_NAME}){_DECOR}$", re.IGNORECASE)
_LOOSE_DATE = re.compile(
    rf"(?:(?P<wd>{WEEKDAY_NAME})\.?,?\s+)?(?:(?P<mon>{MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{MONTH_NAME})\.?)(?:,?\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?,?\s+(?P<year>\d{{4}})"
    r"|(?P<iso>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})",
    _FLAGS,
)


@dataclass(frozen=True, slots=True)
class DayHint:
    """A day as written: full date, month/day without year, "N days ago" or a bare weekday."""

    month: int = 0
    day: int = 0
    year: int | None = None
    weekday: int | None = None
    days_ago: int | None = None

    def resolve(self, today: date, *, near: date | None = None) -> tuple[date | None, str | None]:
        """The calendar day this hint names, plus a warning when it had to be guessed or is impossible. A month and
        day without a year fall in the year nearest `near` (a day the transcript is known to be at), when given,
        else in the latest year up to `today`."""
        if not self.month:
            back = self.days_ago if self.days_ago is not None else (today.weekday() - (self.weekday or 0)) % 7 or 7
            try:
                return today - timedelta(days=back), None
            except OverflowError:
                return None, "ignored a day before the calendar's start"
        if self.year is not None:
            try:
                found = date(self.year, self.month, self.day)
            except ValueError:
                return None, f"ignored impossible date {self.year}-{self.month:02d}-{self.day:02d}"
            if self.weekday is not None and found.weekday() != self.weekday:
                return found, f"{found.isoformat()} is not a {_weekday_name(self.weekday)}; kept the date as written"
            return found, None
        if near is not None:
            return nearest_year(self.month, self.day, self.weekday, near)
        return infer_year(self.month, self.day, self.weekday, today)


def nearest_year(month: int, day: int, weekday: int | None, near: date) -> tuple[date | None, str | None]:
    """The date with this month/day (and weekday, when one is given) nearest to `near`, before or after it: a chat
    dated by --date goes on to later days ("Monday, October 26th" two days on), over a new year too."""
    found = min(_dates(month, day, weekday, range(near.year - 40, near.year + 41)), key=lambda at: abs(at - near),
                default=None)
    if found is None:
        return None, f"no year near {near.year} has {_weekday_name(weekday)}, {month:02d}-{day:02d}"
    return found, None


def infer_year(month: int, day: int, weekday: int | None, today: date) -> tuple[date | None, str | None]:
    """The latest date on or before `today` with this month/day (and weekday, when one is given)."""
    slack = today + timedelta(days=1)
    found = next((at for at in _dates(month, day, weekday, range(today.year, today.year - 40, -1)) if at <= slack),
                 None)
    if found is None:
        return None, f"no year before {today.year + 1} has {_weekday_name(weekday)}, {month:02d}-{day:02d}"
    return found, None


def _dates(month: int, day: int, weekday: int | None, years: Iterable[int]) -> Iterator[date]:
    """This month/day in each of `years` where it exists (not February 29th of a common year) and falls on
    `weekday`, when one is given."""
    for year in years:
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if weekday is None or found.weekday() == weekday:
            yield found


def _weekday_name(weekday: int | None) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday or 0]


def parse_day_line(line: str, *, relative: bool) -> DayHint | None:
    """A divider line that is only a date ("Tuesday, March 10th", "2026-03-10"; with `relative`, "Today")."""
    if len(line) > 60 or not line.strip():
        return None
    if relative:
        rel = _RELATIVE_DIVIDER.match(line)
        if rel:
            return DayHint(days_ago=RELATIVE_DAYS[rel.group("rel").lower()])
    match = _DIVIDER.match(line)
    return _hint(match) if match else None


def find_date(text: str) -> DayHint | None:
    """The first full date inside free text such as "Day changed Tue Mar 10 2026" or "Log opened ... 2026"."""
    match = _LOOSE_DATE.search(text)
    return _hint(match) if match else None


def _hint(match: re.Match) -> DayHint | None:
    groups = match.groupdict()
    numeric = next((prefix for prefix in ("iso", "cjk") if groups.get(prefix)), None)
    if numeric:
        year, month, day = (int(groups[name]) for name in (numeric, f"{numeric}_m", f"{numeric}_d"))
        return DayHint(month=month, day=day, year=year) if 1 <= month <= 12 and 1 <= day <= 31 else None
    month = MONTHS[(groups["mon"] or groups["mon2"]).lower()]
    day = int(groups["day"] or groups["day2"])
    if not 1 <= day <= 31:
        return None
    weekday = WEEKDAYS[groups["wd"].lower()] if groups.get("wd") else None
    stated_year = int(groups["year"]) if groups.get("year") else None
    return DayHint(month=month, day=day, year=stated_year, weekday=weekday)


def numeric_date(text: str, *, day_first: bool) -> DayHint | None:
    """`10/03/2026`, `3/10/26`, `3/10` or `2026-03-10`, reading the two small numbers in the given order."""
    parts = text.replace("-", "/").replace(".", "/").split("/")
    if len(parts) not in (2, 3) or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts]
    if len(parts) == 3 and len(parts[0]) == 4:
        year, month, day = numbers
    else:
        first, second = numbers[0], numbers[1]
        day, month = (first, second) if day_first else (second, first)
        year = None
        if len(parts) == 3:
            year = numbers[2] + (2000 if numbers[2] < 100 else 0)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return DayHint(month=month, day=day, year=year)


_DAYS_AGO = re.compile(r"^(\d{1,3}|an?) (day|week)s? ago$")


def word_day(word: str) -> DayHint | None:
    """"Today", "Yesterday" (in the languages of calendar_words.yaml), a weekday name or an age in days ("3 days
    ago"), as chat and ticket tools write recent days (an age in minutes or hours names no day of its own)."""
    lower = word.lower().rstrip(",")
    if lower in RELATIVE_DAYS:
        return DayHint(days_ago=RELATIVE_DAYS[lower])
    age = _DAYS_AGO.match(lower)
    if age:
        count = 1 if age.group(1).startswith("a") else int(age.group(1))
        return DayHint(days_ago=count * (7 if age.group(2) == "week" else 1))
    if lower in WEEKDAYS:
        return DayHint(weekday=WEEKDAYS[lower])
    return None


_NAMED_DATE = re.compile(
    rf"^(?:(?P<wd>{WEEKDAY_NAME})\.?,?\s+)?(?:(?P<mon>{MONTH_NAME})\.?[\s/\-]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[\s/\-]+(?:of\s+)?(?P<mon2>{MONTH_NAME})\.?)(?:,?[\s/\-]+(?P<year>\d{{2}}|\d{{4}}))?$",
    _FLAGS,
)


@lru_cache(maxsize=4096)  # a log repeats its few dates thousands of times
def date_text(text: str, *, day_first: bool) -> DayHint | None:
    """Any written date: `16/10/2026`, `10/16/26`, `16.10.2026`, `2026-10-16`, `Oct 16`, `16-Oct-26`,
    `Thu, Oct 16 2026`, `October 16, 2026`; numbers in the given order."""
    text = text.strip().rstrip(",")
    if not any(char.isalpha() for char in text):
        return numeric_date(text, day_first=day_first)
    match = _NAMED_DATE.match(text)
    if not match:
        return None
    hint = _hint(match)
    if hint is None or hint.year is None or hint.year >= 100:
        return hint
    return DayHint(month=hint.month, day=hint.day, year=hint.year + 2000, weekday=hint.weekday)
