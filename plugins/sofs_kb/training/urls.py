"""Where each training page and calendar lives, as a path inside the docs folder.

MkDocs turns `training/upcoming.md` into `/training/upcoming/`. Course pages
are written by people, so their paths come from the course files.
"""

from __future__ import annotations

ROOT = "training"


def home(root: str = ROOT) -> str:
    return f"{root}/index.md"


def upcoming(root: str = ROOT) -> str:
    return f"{root}/upcoming.md"


def archive(root: str = ROOT) -> str:
    return f"{root}/past-events.md"


def locality_index(root: str = ROOT) -> str:
    return f"{root}/locality/index.md"


def locality(term: str, root: str = ROOT) -> str:
    return f"{root}/locality/{term}.md"


def calendars(root: str = ROOT) -> str:
    return f"{root}/calendars.md"


def progress_index(root: str = ROOT) -> str:
    return f"{root}/progress/index.md"


def progress(plan_year_label: str, root: str = ROOT) -> str:
    return f"{root}/progress/{plan_year_label}.md"


def calendar_all(root: str = ROOT) -> str:
    return f"{root}/calendar/all.ics"


def calendar_course(course_id: str, root: str = ROOT) -> str:
    return f"{root}/calendar/course/{course_id}.ics"


def calendar_locality(term: str, root: str = ROOT) -> str:
    return f"{root}/calendar/locality/{term}.ics"


def calendar_event(slug: str, root: str = ROOT) -> str:
    return f"{root}/calendar/event/{slug}.ics"


def page_url(src_uri: str) -> str:
    """The address MkDocs gives a page with directory URLs: training/upcoming.md -> training/upcoming/."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
