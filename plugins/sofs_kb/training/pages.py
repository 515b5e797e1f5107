"""Which training pages the site has, with their templates and data. No MkDocs here.

Course pages and the training home page are written by people; the rest
are generated. The same plans drive the site build and `kb training build`.
"""

from __future__ import annotations

from ..pages import PagePlan
from . import urls
from .chart import progress_charts
from .listings import archive, by_month, for_course, for_locality, past, upcoming
from .tracking import track_plan_year
from .view import TrainingView


def training_pages(view: TrainingView) -> list[PagePlan]:
    data, root, today = view.data, view.root, view.today
    pages = [PagePlan(urls.home(root), "", "training-home.html")]
    for course in data.courses:
        events = for_course(data, course.id)
        pages.append(
            PagePlan(
                course.src_uri,
                "",
                "training-course.html",
                description=course.summary,
                data={
                    "course": course,
                    "months": by_month(upcoming(events, today)),
                    "past": past(events, today),
                },
            )
        )
    pages.append(
        PagePlan(
            urls.upcoming(root),
            "Upcoming training",
            "training-upcoming.html",
            body="",
            description="Every training course and development session coming up, month by month.",
            data={"months": view.upcoming_by_month()},
        )
    )
    pages += _locality_pages(view)
    pages.append(
        PagePlan(
            urls.archive(root),
            "Past training",
            "training-archive.html",
            body="",
            description="Training that has already taken place, and dates that were cancelled.",
            data={"years": archive(data)},
        )
    )
    pages.append(
        PagePlan(
            urls.calendars(root),
            "Training calendars",
            "training-calendars.html",
            body="",
            description="Add training dates to Outlook or another calendar app, and keep them up to date.",
        )
    )
    pages += _progress_pages(view)
    return pages


def _locality_pages(view: TrainingView) -> list[PagePlan]:
    data, root = view.data, view.root
    pages = [
        PagePlan(
            urls.locality_index(root),
            "Training by locality",
            "training-localities.html",
            body="",
            description="Training and development sessions in each of Norfolk's localities.",
        )
    ]
    for term, label in data.localities.items():
        pages.append(
            PagePlan(
                urls.locality(term, root),
                f"Training in {label}",
                "training-locality.html",
                body="",
                description=f"Upcoming training and development sessions in {label}.",
                in_nav=False,
                data={
                    "locality": term,
                    "label": label,
                    "months": by_month(view.upcoming_in(term)),
                    "open_to_all": by_month(view.upcoming_open_to_all()),
                    "past": past(for_locality(data, term), view.today),
                },
            )
        )
    return pages


def _progress_pages(view: TrainingView) -> list[PagePlan]:
    data, root = view.data, view.root
    reports = [track_plan_year(data, plan_year) for plan_year in reversed(data.plan_years)]
    pages = [
        PagePlan(
            urls.progress_index(root),
            "Training against the plan",
            "training-progress-index.html",
            body="",
            description="How training in each plan year compares with what the plan promises.",
            data={"reports": reports, "current": data.plan_year_of_today()},
        )
    ]
    for report in reports:
        pages.append(
            PagePlan(
                urls.progress(report.plan_year.label, root),
                f"Training against the plan, {report.plan_year.label}",
                "training-progress.html",
                body="",
                description=f"Training delivered, planned and targeted in plan year {report.plan_year.label}.",
                in_nav=False,
                data={"report": report, "charts": progress_charts(report)},
            )
        )
    return pages
