"""The quarterly report to the partnership board, as one printable HTML page. No MkDocs.

It renders the site's own partials (theme/partials) with Jinja2, so each measure,
chart and table reads as it does on the "Measuring impact" pages. Links point to the
published site. Everything, charts and styles included, is inside the one file.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader

from .. import formatting
from ..project_config import SiteConfig
from ..quarters import Quarter
from .addresses import page_address
from .pages import counted_period, measure_chart, usage_charts
from .report import ImpactReport

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = [PACKAGE / "templates" / "impact", PACKAGE / "theme"]


def site_filters(config: SiteConfig) -> dict:
    """The filters the site's templates use, outside MkDocs; links go to the published site."""
    base = config.site_url.rstrip("/")
    return {
        "kb_date": formatting.long_date,
        "kb_count": formatting.count,
        "kb_number": formatting.number,
        "kb_percent": formatting.percent,
        "kb_score": formatting.score,
        "kb_link": lambda src_uri: base + page_address(src_uri, config.use_directory_urls),
    }


def environment(config: SiteConfig) -> Environment:
    """The site's templates and partials, rendered outside MkDocs."""
    env = Environment(loader=FileSystemLoader([str(path) for path in TEMPLATES]), autoescape=True)
    env.filters.update(site_filters(config))
    env.globals["training"] = SimpleNamespace(count=formatting.count)
    return env


def board_report(report: ImpactReport, quarter: Quarter, config: SiteConfig) -> str:
    env = environment(config)
    charts = {entry.id: measure_chart(entry) for entry in report.measures.figures if entry.points}
    usage = usage_charts(report)
    return env.get_template("board.html").render(
        title=f"Signs of Safety: report to the partnership board, {quarter.label} ({quarter})",
        site_name=config.site_name,
        report=report,
        charts=charts,
        usage_chart=usage.get("trend_chart"),
        period=counted_period(report.usage),
        css=(TEMPLATES[0] / "board.css").read_text(encoding="utf-8"),
    )
