"""The plan's measures as data: figures from data/measures/*.csv, and each measure's status.

Each CSV file has the columns `measure,period,value,source,note`, plus any benchmark
columns it names at the top in comment lines:

    # benchmark: neighbours = Similar areas (statistical neighbours)
    measure,period,value,source,note,neighbours

Some figures come from the site itself (newsletters, training, page views); they are
passed in as `Series` and may not be written in the files too.

A measure's status, as of a day:

- "no data yet": no figures at all;
- "no data since <date>": a whole period has passed since its latest figure's period
  ended without a new figure (a quarterly figure for July to September is due before
  the end of December);
- otherwise the latest figure for a period that has ended (or, if none has, the latest)
  is judged: against the measure's target; or else against its `compare_with`
  benchmark in the same row; or else against the figure before it. Reaching it, or
  doing no worse, is "on track"; anything else is "not on track";
- "too soon to tell": one figure, and nothing to compare it with.

Plain Python, no MkDocs. Every problem is reported at once as `file:row:column: reason`.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..formatting import long_date, number
from ..repository import outside_reason
from ..model import PlanSection
from ..model.fields import join_words
from ..model.plan import EvidenceMeasure
from ..problems import ContentError, Problem
from .periods import PERIOD_HINT, Period, PeriodError

COLUMNS = ("measure", "period", "value", "source", "note")
MAX_FILE_BYTES = 2_000_000
"""The largest measures file we read: years of figures for every measure are a few kilobytes."""
MAX_CELL = 1000
"""The longest cell: a source or a note is a sentence or two."""
_BENCHMARK = re.compile(r"^#\s*benchmark\s*:\s*([a-z0-9][a-z0-9_-]*)\s*=\s*(.+?)\s*$", re.IGNORECASE)
_EXAMPLE = re.compile(r"\bexamples?\b", re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


@dataclass(frozen=True, order=True)
class DataProblem(Problem):
    """A problem in a data file, printed as `file:row:column: reason`."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.field}: {self.reason}"


@dataclass(frozen=True)
class Point:
    """One figure of one measure for one period."""

    period: Period
    value: float
    source: str
    note: str = ""
    benchmarks: dict[str, float | None] = field(default_factory=dict)
    where: str = ""
    """'data/measures/surveys.csv:4', or empty for figures the site works out itself."""

    @property
    def example(self) -> bool:
        return bool(_EXAMPLE.search(self.source))


@dataclass
class Series:
    """Figures the site works out for a measure (such as newsletters a quarter), and where they come from."""

    measure: str
    points: list[Point]
    source: str


STATUS_LABELS = {
    "on-track": "on track",
    "not-on-track": "not on track",
    "no-data-since": "no data since {date}",
    "no-data-yet": "no data yet",
    "too-soon": "too soon to tell",
}


@dataclass(frozen=True)
class Status:
    key: str
    """on-track, not-on-track, no-data-since, no-data-yet or too-soon."""
    label: str
    reason: str
    """One sentence that explains the status with its figures."""

    @property
    def heading(self) -> str:
        """The label starting a line: 'No data since 31 March 2025' keeps the month's capital."""
        return self.label[:1].upper() + self.label[1:]


@dataclass
class MeasureFigures:
    """A measure, its figures oldest first, and its status."""

    measure: EvidenceMeasure
    section_id: str
    points: list[Point]
    status: Status
    benchmark_labels: dict[str, str]
    site_source: str = ""
    """Set when the figures come from the site itself, such as 'the newsletter archive'."""

    @property
    def id(self) -> str:
        return self.measure.id

    @property
    def title(self) -> str:
        return self.measure.title

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def benchmarks(self) -> list[str]:
        """Benchmark columns with at least one figure for this measure, in the order first met."""
        seen: list[str] = []
        for point in self.points:
            for name, value in point.benchmarks.items():
                if value is not None and name not in seen:
                    seen.append(name)
        return seen

    @property
    def has_examples(self) -> bool:
        return any(point.example for point in self.points)

    def format(self, value: float | None) -> str:
        return format_value(self.measure, value)

    @property
    def explanation(self) -> str:
        """One sentence on what each figure is, for the chart and its table."""
        unit = self.measure.unit
        if self.measure.is_percent:
            what = "a percentage"
        elif unit == "number" or unit.startswith("per "):
            what = "a number" + ("" if unit == "number" else f" {unit}")  # 'a number per 10,000 children'
        elif unit.startswith("out of "):
            what = f"a score {unit}"
        else:
            what = f"the number of {unit}"  # 'the number of staff', not 'a number staff'
        kinds = sorted({point.period.kind for point in self.points}) or ["period"]
        target = (
            f"; the target is {self.format(self.measure.target)}" if self.measure.target is not None else ""
        )
        direction = "higher" if self.measure.better == "higher" else "lower"
        return (
            f"Each figure is {what} for one {kinds[0]}, from {_sources(self)}; "
            f"{direction} is better{target}."
        )


@dataclass
class MeasuresData:
    figures: list[MeasureFigures]
    benchmark_labels: dict[str, str]

    def get(self, measure_id: str) -> MeasureFigures | None:
        return next((entry for entry in self.figures if entry.id == measure_id), None)

    @property
    def uses_examples(self) -> bool:
        return any(entry.has_examples for entry in self.figures)

    def by_status(self) -> dict[str, list[MeasureFigures]]:
        grouped: dict[str, list[MeasureFigures]] = {key: [] for key in STATUS_LABELS}
        for entry in self.figures:
            grouped[entry.status.key].append(entry)
        return grouped


def format_value(measure: EvidenceMeasure, value: float | None) -> str:
    """'90%', '1,339', '1 issue', '52.1 per 10,000 children', '4.5 out of 5'."""
    if value is None:
        return number(None)
    if measure.is_percent:
        return f"{number(value, 0 if float(value).is_integer() else 1)}%"
    text = number(value, 0 if float(value).is_integer() else 1)
    if measure.unit == "number":
        return text
    return f"{text} {singular(measure.unit) if value == 1 else measure.unit}"


def singular(unit: str) -> str:
    """'issue' for 'issues', 'page view of items' for 'page views of items'; other units as they are."""
    words = unit.split(" ")
    for index, word in enumerate(words[:2]):
        if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
            words[index] = word[:-1]
            return " ".join(words)
    return unit


def _sources(entry: MeasureFigures) -> str:
    if entry.site_source:
        return entry.site_source
    sources = sorted({point.source for point in entry.points})
    # 'from A and B': semicolons here read as the end of the list of sources.
    return join_words(sources[:3] + (["others"] if len(sources) > 3 else []))


# --- reading the files ----------------------------------------------------------------------


def load_measures(
    folder: Path,
    rel: callable,
    plan: list[PlanSection],
    as_of: date,
    start_month: int = 4,
    site_series: list[Series] | None = None,
    project: Path | None = None,
) -> MeasuresData:
    """Read every CSV file in `folder`, check it against the plan and work out each measure's status.

    `rel` turns a path into the form people know (relative to the project). Raises
    ContentError listing every problem found. A file that is a link to something outside
    `project` (or a pipe) is reported without being read.
    """
    measures = {measure.id: (section.id, section.path, measure) for section in plan for measure in section.evidence}
    from_site = {series.measure: series for series in site_series or []}
    problems: list[Problem] = []
    labels: dict[str, str] = {}
    points: dict[str, list[Point]] = {measure_id: [] for measure_id in measures}
    seen: dict[tuple[str, Period], str] = {}
    kinds: dict[str, tuple[str, str]] = {}
    root = project or folder.parent
    folder_reason = outside_reason(folder, root)
    if folder_reason:
        problems.append(DataProblem(rel(folder), "folder", folder_reason, rule="measures"))
    files = sorted(folder.glob("*.csv")) if folder.is_dir() and not folder_reason else []
    for path in files:
        reason = outside_reason(path, root)
        if reason:
            problems.append(DataProblem(rel(path), "file", reason, line=1, rule="measures"))
            continue
        _read_file(path, rel(path), measures, from_site, as_of, start_month, labels, points, seen, kinds, problems)
    for series in from_site.values():
        if series.measure in points:
            points[series.measure] = list(series.points)
    for measure_id, (_, section_path, measure) in measures.items():
        if measure.compare_with and points[measure_id] and measure.compare_with not in labels:
            problems.append(
                Problem(
                    section_path,
                    "evidence",
                    f"measure '{measure_id}': compare_with: '{measure.compare_with}' is not a benchmark "
                    "column in data/measures. Name it at the top of a measures file, like "
                    f"'# benchmark: {measure.compare_with} = Similar areas'.",
                )
            )
    if problems:
        raise ContentError(problems)
    figures = []
    for measure_id, (section_id, _, measure) in measures.items():
        found = sorted(points[measure_id], key=lambda point: point.period)
        series = from_site.get(measure_id)
        figures.append(
            MeasureFigures(
                measure=measure,
                section_id=section_id,
                points=found,
                status=judge(measure, found, as_of, labels),
                benchmark_labels=labels,
                site_source=series.source if series else "",
            )
        )
    return MeasuresData(figures, labels)


def _read_file(path, where, measures, from_site, as_of, start_month, labels, points, seen, kinds, problems) -> None:
    def problem(row: int, column: str, reason: str) -> None:
        problems.append(DataProblem(where, column, reason, line=row, rule="measures"))

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problem(1, "file", f"is larger than the {MAX_FILE_BYTES // 1_000_000} MB a measures file may be. "
                    "Check it is the right file.")
            return
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem(1, "file", f"is not UTF-8 text (byte {error.start + 1}). In your spreadsheet, save it as 'CSV UTF-8'.")
        return
    except OSError as error:
        problem(1, "file", f"could not be read ({error.strerror}).")
        return
    header: list[str] | None = None
    columns: dict[str, int] = {}
    benchmarks: dict[str, int] = {}
    declared: dict[str, str] = {}
    for row, cells in _rows(csv.reader(io.StringIO(text, newline="")), problem):
        if not any(cell.strip() for cell in cells):
            continue
        long = [index for index, cell in enumerate(cells) if len(cell) > MAX_CELL]
        if long:
            for index in long:
                name = header[index] if header and index < len(header) and header[index] else f"cell {index + 1}"
                problem(row, name, f"is {len(cells[index]):,} characters long; the most is {MAX_CELL:,}. "
                        "Look for text pasted into the wrong cell.")
            continue
        if cells[0].lstrip().startswith("#"):
            # Spreadsheets pad comment lines with empty cells; a comma inside one splits it.
            comment = ",".join(cells).rstrip(", ")
            match = _BENCHMARK.match(comment)
            if match:
                name, label = match.group(1).lower(), match.group(2)
                if labels.get(name, label) != label:
                    problem(row, "benchmark", f"'{name}' is named '{labels[name]}' in another file. Use one name for it everywhere.")
                labels.setdefault(name, label)
                declared[name] = label
            elif re.match(r"^#\s*benchmark", comment, re.IGNORECASE):
                problem(row, "benchmark", "write it like '# benchmark: neighbours = Similar areas (statistical neighbours)'.")
            continue
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            _read_header(header, row, declared, columns, benchmarks, problem)
            if any(name not in columns for name in COLUMNS):
                return
            continue
        values = {name: (cells[index].strip() if index < len(cells) else "") for name, index in columns.items()}
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
            problem(row, "cells", f"has {len(cells)} cells but there are {len(header)} columns. Look for a stray comma; "
                    "text with a comma in it needs double quotes around it.")
            continue
        point = _read_row(values, cells, row, where, benchmarks, measures, from_site, as_of, start_month, problem)
        if point is None:
            continue
        measure_id = values["measure"]
        key = (measure_id, point.period)
        if key in seen:
            problem(row, "period", f"{measure_id} already has a figure for {point.period.key} at {seen[key]}. Keep one of the rows.")
            continue
        kind = kinds.get(measure_id)
        if kind is not None and kind[0] != point.period.kind:
            problem(row, "period", f"{measure_id} has figures for each {kind[0]} (as at {kind[1]}). "
                    f"Use one kind of period for each measure.")
            continue
        seen[key] = f"{where}:{row}"
        kinds.setdefault(measure_id, (point.period.kind, f"{where}:{row}"))
        points[measure_id].append(point)
    if header is None:
        problem(1, "columns", "the file is empty. The first row must name the columns: " + ",".join(COLUMNS) + ".")


def _rows(reader, problem):
    """(row number, cells), stopping with one clear problem at a row the csv module cannot read
    (a cell past its 131,072-character limit, usually from a quotation mark never closed)."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            problem(reader.line_num, "cells", "cannot be read: a cell is far too long. Look for a quotation mark (\") "
                    "that is not closed. The rows after it were not read.")
            return
        yield reader.line_num, cells


def _read_header(header, row, declared, columns, benchmarks, problem) -> None:
    for index, name in enumerate(header):
        if not name:
            continue
        if name in columns or name in benchmarks:
            problem(row, name, "is named twice. Keep one of the columns.")
        elif name in COLUMNS:
            columns[name] = index
        elif name in declared:
            benchmarks[name] = index
        else:
            hint = difflib.get_close_matches(name, list(COLUMNS) + list(declared), n=1)
            problem(
                row,
                name,
                (f"is not a column we know. Did you mean '{hint[0]}'? " if hint else "is not a column we know. ")
                + f"Benchmark columns must be named above the header, like '# benchmark: {name} = England average'.",
            )
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        problem(row, "columns", ", ".join(f"'{name}'" for name in missing) + (" is" if len(missing) == 1 else " are")
                + " missing. The first row must name the columns: " + ",".join(COLUMNS) + ", then any benchmarks.")


def _read_row(values, cells, row, where, benchmarks, measures, from_site, as_of, start_month, problem) -> Point | None:
    ok = True
    measure_id = values["measure"]
    measure: EvidenceMeasure | None = None
    if not measure_id:
        problem(row, "measure", "is empty. Write the measure's id from its plan page, such as staff-survey-participation.")
        ok = False
    elif measure_id not in measures:
        hint = difflib.get_close_matches(measure_id, list(measures), n=1)
        problem(row, "measure", f"'{measure_id}' is not a measure in the plan pages."
                + (f" Did you mean '{hint[0]}'?" if hint else " Use the id from the measure's plan page."))
        ok = False
    elif measure_id in from_site:
        problem(row, "measure", f"'{measure_id}' gets its figures from {from_site[measure_id].source}. Remove this row.")
        ok = False
    else:
        measure = measures[measure_id][2]
    period = None
    try:
        period = Period.parse(values["period"], start_month) if values["period"] else None
        if period is None:
            problem(row, "period", f"is empty. {PERIOD_HINT}")
            ok = False
        elif period.first_day > as_of:
            problem(row, "period", f"{period.key} has not started yet (today is {long_date(as_of)}). "
                    "Add figures once their period has begun.")
            ok = False
    except PeriodError as error:
        problem(row, "period", str(error))
        ok = False
    value = _number(values["value"], "value", row, measure, problem, required=True)
    ok = ok and value is not None
    if not values["source"]:
        problem(row, "source", "is empty. Say where the figure comes from, such as 'Staff survey 2026'.")
        ok = False
    found: dict[str, float | None] = {}
    for name, index in benchmarks.items():
        raw = cells[index].strip() if index < len(cells) else ""
        found[name] = _number(raw, name, row, measure, problem, required=False) if raw else None
        if raw and found[name] is None:
            ok = False
    if not ok or period is None or value is None:
        return None
    return Point(period, value, values["source"], values["note"], found, f"{where}:{row}")


def _number(raw: str, column: str, row: int, measure: EvidenceMeasure | None, problem, *, required: bool) -> float | None:
    if not raw:
        if required:
            problem(row, column, "is empty. Write the figure, like 1339 or 90.5, or leave the row out until there is one.")
        return None
    text = raw
    if text.endswith("%"):
        if measure is not None and not measure.is_percent:
            problem(row, column, f"'{raw}' is a percentage, but this measure counts {measure.unit}s. Write the number alone."
                    if measure.unit == "number" else f"'{raw}' is a percentage, but this measure is {measure.unit}.")
            return None
        text = text[:-1].strip()
    if not _NUMBER.match(text):
        problem(row, column, f"'{raw}' is not a number. Write the figure alone, like 1339 or 90.5.")
        return None
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        problem(row, column, f"'{raw}' is not a number we can use.")
        return None
    return value


# --- status ---------------------------------------------------------------------------------


def judge(measure: EvidenceMeasure, points: list[Point], as_of: date, labels: dict[str, str] | None = None) -> Status:
    """The measure's status as of a day; see the module docstring for the rules."""
    if not points:
        return Status("no-data-yet", STATUS_LABELS["no-data-yet"], "No figures have been added for this measure yet.")
    latest = points[-1]
    if as_of > latest.period.next().last_day:
        day = long_date(latest.period.last_day)
        return Status(
            "no-data-since",
            STATUS_LABELS["no-data-since"].format(date=day),
            f"The latest figure is for {latest.period.label}; the figure for {latest.period.next().label} is overdue.",
        )
    ended = [point for point in points if point.period.last_day < as_of]
    point = ended[-1] if ended else latest
    value = format_value(measure, point.value)
    higher = measure.better == "higher"
    when = point.period.label + ("" if point in ended else " so far")
    if measure.target is not None:
        good = point.value >= measure.target if higher else point.value <= measure.target
        target = format_value(measure, measure.target)
        verb = "reached" if good else "did not reach"
        if not higher:
            verb = "kept within" if good else "went over"
        return _status(good, f"The figure for {when}, {value}, {verb} the target of {target}.")
    bench = point.benchmarks.get(measure.compare_with) if measure.compare_with else None
    if bench is not None:
        good = point.value >= bench if higher else point.value <= bench
        other = format_value(measure, bench)
        compared = "above" if point.value > bench else ("below" if point.value < bench else "level with")
        name = (labels or {}).get(measure.compare_with or "", "the benchmark")
        return _status(good, f"The figure for {when}, {value}, is {compared} {name} at {other}; "
                             f"{'higher' if higher else 'lower'} is better.")
    earlier = [other for other in points if other.period < point.period]
    if not earlier:
        return Status("too-soon", STATUS_LABELS["too-soon"], f"There is one figure so far ({value} for {when}), "
                      "and no target or benchmark to compare it with.")
    before = earlier[-1]
    good = point.value >= before.value if higher else point.value <= before.value
    change = "rose" if point.value > before.value else ("fell" if point.value < before.value else "stayed")
    ending = f"from {format_value(measure, before.value)} to {value}" if change != "stayed" else f"at {value}"
    return _status(good, f"The figure {change} {ending} between {before.period.label} and {when}; "
                         f"{'higher' if higher else 'lower'} is better.")


def _status(good: bool, reason: str) -> Status:
    key = "on-track" if good else "not-on-track"
    return Status(key, STATUS_LABELS[key], reason)
