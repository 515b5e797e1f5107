"""Options for the `sofs/training` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class TrainingConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the training pages and calendars off without removing the plugin from mkdocs.yml."""

    courses_dir = opt.Type(str, default="training")
    """Folder of course pages, one Markdown file per course, relative to the docs folder.
    The generated training pages are added to the same folder."""

    events_dir = opt.Type(str, default="data/training")
    """Folder of events files, one CSV file per plan year (such as 2026-27.csv), relative to mkdocs.yml."""

    plan_year_start_month = opt.Choice(tuple(range(1, 13)), default=4)
    """The month each plan year starts in, as a number: 4 for April to March, 1 for calendar years."""

    uid_domain = opt.Type(str, default="norfolk-sofs-kb")
    """The part after '@' in every calendar event's UID. Changing it makes calendar apps
    treat every event as new, so set it once and leave it."""
