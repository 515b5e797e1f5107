"""Training dates as search records: each upcoming date can be found by its course,
place and month, and leads to the date on its course's page. No MkDocs here.

Courses are pages, so search reads them as it reads any page (theme/training-course.html).
"""

from __future__ import annotations

from ..search import SearchRecord
from .listings import location_label, upcoming
from .view import TrainingView

DATE_TYPE = "Training date"


def date_records(view: TrainingView) -> list[SearchRecord]:
    """A search record for every date still to come, soonest first."""
    data = view.data
    records = []
    for event in upcoming(data.events, view.today):
        course = event.course
        where = location_label(data, event)
        sections = [section.title for section in data.plan if section.id in course.plan_sections]
        status = f" {event.tag}." if event.tag else ""
        places = "" if event.status == "cancelled" else f" {view.places_text(event)}."
        # An online date open to every locality has no locality of its own.
        localities = [data.locality_label(event.locality)] if event.locality else []
        records.append(
            SearchRecord(
                src_uri=course.src_uri,
                anchor=f"date-{event.slug}",
                title=f"{course.title}: {event.when}",
                content=f"{course.title}. {event.when}. {where}.{status}{places} {course.summary}",
                meta={"type": DATE_TYPE, "section": "; ".join(sections), "date": event.when},
                filters={
                    key: values
                    for key, values in {
                        "type": [DATE_TYPE],
                        "section": sections,
                        "locality": localities,
                        "month": [event.month.label],
                    }.items()
                    if values
                },
            )
        )
    return records
