"""Training and development: courses, events, listings, calendar feeds and plan tracking.

Plain Python, no MkDocs. The `sofs/training` plugin and the `kb training`
commands are thin adapters over this package. Other features use:

- `load_training(settings, vocabulary, plan)` -> `TrainingData` (raises ContentError);
- `upcoming_events(data, start, end)` -> `list[UpcomingEvent]`, for the newsletter;
- `track_plan_year(data, plan_year)` -> `PlanYearReport`, whose `to_dict()` is the
  documented JSON shape (docs/training-report.md), for the impact dashboard.
"""

from .course import Course, YearlyTarget
from .events import Event
from .listings import UpcomingEvent, upcoming_events
from .loader import TrainingData, load_training
from .plan_year import Month, PlanYear, PlanYearError
from .settings import TrainingSettings
from .tracking import PlanYearReport, track_plan_year

__all__ = [
    "Course",
    "Event",
    "Month",
    "PlanYear",
    "PlanYearError",
    "PlanYearReport",
    "TrainingData",
    "TrainingSettings",
    "UpcomingEvent",
    "YearlyTarget",
    "load_training",
    "track_plan_year",
    "upcoming_events",
]
