"""`kb report` output: the impact figures as JSON or as one long CSV table.

The CSV has four columns, `table,row,column,value`, one figure per line, so a
spreadsheet can filter or pivot it without the layout changing between
years. The tables are listed in docs/impact-report.md.
"""

from __future__ import annotations

import io
import json
from typing import Any, Iterator

from ..spreadsheet import write_csv
from .report import ImpactReport

CSV_COLUMNS = ("table", "row", "column", "value")


def to_json(report: ImpactReport) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def to_csv(report: ImpactReport) -> str:
    out = io.StringIO()
    write_csv(out, CSV_COLUMNS, csv_rows(report))
    return out.getvalue()


def csv_rows(report: ImpactReport) -> Iterator[tuple[str, str, str, Any]]:
    data = report.to_dict()
    yield ("report", "plan_year", "", data["plan_year"])
    yield ("report", "as_of", "", data["as_of"])
    yield ("report", "edition", "", data["edition"])
    yield ("items", "total", "", data["items"]["total"])
    for type_id, count in data["items"]["by_type"].items():
        yield ("items", "by_type", type_id, count)
    for section in data["plan_sections"]:
        yield ("plan_sections", section["id"], "items", section["items"])
        for measure in section["measures"]:
            yield ("evidence", measure["id"], "items", len(measure["items"]))
            yield ("evidence", measure["id"], "newsletters", len(measure["newsletters"]))
            for name, value in measure["training"].items():
                yield ("evidence", measure["id"], f"training_{name}", _number(value))
    growth = data["growth"]
    for index, quarter in enumerate(growth["quarters"]):
        yield ("growth", quarter, "total", growth["total"][index])
        for section_id, counts in growth["by_plan_section"].items():
            yield ("growth", quarter, f"plan_section:{section_id}", counts[index])
        for type_id, counts in growth["by_type"].items():
            yield ("growth", quarter, f"type:{type_id}", counts[index])
    coverage = data["coverage"]
    yield ("coverage", "threshold", "", coverage["threshold"])
    for key, label in (("by_plan_section", "plan_section"), ("by_audience", "audience"), ("by_locality", "locality")):
        for term, count in coverage[key].items():
            yield ("coverage", label, term, count)
    for term in coverage["thin_plan_sections"]:
        yield ("coverage", "thin_plan_section", term, coverage["by_plan_section"][term])
    for term in coverage["thin_audiences"]:
        yield ("coverage", "thin_audience", term, coverage["by_audience"][term])
    health = data["health"]
    for kind in ("stale", "due_soon"):
        for group in health[kind]:
            yield ("health", kind, group["owner"], len(group["items"]))
    for year in data["newsletters"]:
        for name in ("published", "quarters_begun", "quarters_missed", "commitment"):
            yield ("newsletters", year["plan_year"], name, year[name])
    training = data["training"]
    if training is not None:
        for course in training["courses"] + [{"id": "all", **training["totals"]}]:
            for name, value in _flat_training(course).items():
                yield ("training", course["id"], name, value)


def _flat_training(course: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for measure in ("events", "places"):
        for stage in ("delivered", "planned", "target"):
            flat[f"{measure}_{stage}"] = _number(course[measure][stage])
    for name in ("booked", "attended", "attendance_rate", "events_listed", "cancelled", "cancellation_rate"):
        flat[name] = _number(course.get(name))
    flat["evaluation_average"] = _number(course["evaluation"]["average"])
    return flat


def _number(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    return value
