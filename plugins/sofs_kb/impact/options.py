"""The `sofs/impact` options, declared once. Plain Python, no MkDocs.

The MkDocs plugin builds its Config class from these fields, and the commands read
the same section of mkdocs.yml through `read_options`, so the site and `kb report`
always use the same settings.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

TRAINING_FIGURES = ("advertised", "attendance", "evaluations", "cancellations")
USAGE_FIGURES = ("items", "site")


class ImpactOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    enabled: bool = True
    """Turn the "Measuring impact" pages off without removing the plugin."""
    plan_year: str | None = None
    """The plan year the pages show, like 2026-27. Leave it empty for the plan year today is in."""
    plan_year_start_month: int = Field(4, ge=1, le=12)
    """The month a plan year starts in: 4 for April to March."""
    thin_threshold: int = Field(3, ge=0)
    """A plan section or audience with fewer items than this has thin coverage."""
    due_days: int = Field(90, ge=0)
    """Items whose review date falls within this many days are listed as due for review."""
    newsletter_measure: str | None = None
    """The measure whose figures are the newsletter issues published each quarter."""
    training_measures: dict[str, str] = {}
    """Which measure each training figure is: advertised, attendance, evaluations, cancellations."""
    usage_measures: dict[str, str] = {}
    """Which measure is page views of items (items) and of the whole site (site), by month."""
    measures_dir: str = "data/measures"
    """Folder of measures data, CSV files with measure,period,value,source,note; relative to mkdocs.yml."""
    usage_dir: str = "data/usage"
    """Folder of page views by month, written by `kb usage import`; relative to mkdocs.yml."""
    list_length: int = Field(10, ge=1)
    """How many items the most used and least used lists show."""


class OptionsError(Exception):
    """The options need fixing. `problems` lists every one, ready to print."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The sofs/impact options need fixing.")


def read_options(raw: dict, measure_ids: set[str], where: str) -> ImpactOptions:
    """Check the options from mkdocs.yml against each other and the plan's measures."""
    try:
        options = ImpactOptions.model_validate({key: value for key, value in raw.items() if value is not None})
    except ValidationError as error:
        raise OptionsError(
            [f"{where}: {'.'.join(str(part) for part in detail['loc'])}: {detail['msg']}." for detail in error.errors()]
        ) from None
    problems = []
    named: dict[str, str] = {}
    if options.newsletter_measure:
        named["newsletter_measure"] = options.newsletter_measure
    for option, allowed in (("training_measures", TRAINING_FIGURES), ("usage_measures", USAGE_FIGURES)):
        for figure, measure in getattr(options, option).items():
            if figure not in allowed:
                problems.append(f"{where}: {option}: '{figure}' is not a figure we know. Use {', '.join(allowed)}.")
            named[f"{option}: {figure}"] = measure
    seen: dict[str, str] = {}
    for option, measure in named.items():
        if measure not in measure_ids:
            problems.append(f"{where}: {option}: '{measure}' is not an evidence measure in the plan pages.")
        elif measure in seen and not (option.startswith("training") and seen[measure].startswith("training")):
            problems.append(f"{where}: {option}: '{measure}' already gets its figures from {seen[measure]}.")
        seen.setdefault(measure, option)
    if problems:
        raise OptionsError(problems)
    return options
