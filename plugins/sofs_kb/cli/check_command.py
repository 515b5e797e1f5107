"""`kb check`: check content before it is published, without building the site."""

from __future__ import annotations

from pathlib import Path

import click

from ..checks import markdown, run_checks
from ..impact.options import ImpactOptions
from ..impact.project import measures_problems
from ..mkdocs_plugins.checks import check_options
from ..mkdocs_plugins.project import ProjectError, feature_pages, load_project
from ..problems import ContentError, Problem, reading_order
from .base import CONFIG_OPTION, main, require_config


@main.command()
@CONFIG_OPTION
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github", "markdown"]),
    default="text",
    show_default=True,
    help="github also marks each finding on the pull request's changed lines; "
    "markdown prints a report for GitHub to show instead of the lines.",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write every finding as a Markdown report to this file, such as a pull request's job summary.",
)
@click.option(
    "--source-url",
    default=None,
    metavar="URL",
    help="In the Markdown report, link each file and line to this address plus its path, "
    "such as https://github.com/OWNER/REPO/blob/COMMIT/",
)
def check(
    config_file: Path, paths: tuple[Path, ...], output: str, summary_file: Path | None, source_url: str | None
) -> None:
    """Check all content, or only the files and folders given.

    Prints one line per finding, as path:line: rule: message, then a count.
    Errors must be fixed before publishing; warnings (such as a passed review
    date) are reminders. Exits with status 1 if there is any error.
    """
    if source_url and not source_url.endswith("/"):
        source_url += "/"
    require_config(config_file)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise click.ClickException(f"{missing[0]}: not found. Give files or folders that exist.")
    try:
        project = load_project(config_file)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None
    try:
        extra_pages, training_problems = feature_pages(project)
    except ContentError:
        # The vocabulary or the plan does not load; run_checks reports why.
        extra_pages, training_problems = set(), []
    chosen = [p.resolve() for p in paths] if paths else None
    report = run_checks(project.settings, check_options(project.mkdocs), chosen, extra_pages=extra_pages)
    if chosen is not None:
        root = project.settings.project_dir
        training_problems = [
            p for p in training_problems if any(root / p.path == c or c in (root / p.path).parents for c in chosen)
        ]
    impact = project.mkdocs.plugins.get("sofs/impact")
    measures_chosen = False
    if impact is not None and impact.config.enabled:
        raw = {name: value for name, value in impact.config.items() if value is not None}
        folder = (project.settings.project_dir / raw.get("measures_dir", ImpactOptions().measures_dir)).resolve()
        measures_chosen = chosen is not None and any(c == folder or folder in c.parents for c in chosen)
        found = measures_problems(project.settings, raw, project.config_file.name)
        if chosen is not None:
            root = project.settings.project_dir
            found = [p for p in found if any(root / p.path == c or c in (root / p.path).parents for c in chosen)]
        report.findings += found
    report.findings = sorted(report.findings + training_problems, key=reading_order)
    if paths and report.files == 0 and not measures_chosen:
        raise click.ClickException(
            "No content files in " + ", ".join(map(str, paths)) + ". Give Markdown files in knowledge_bank/, "
            "newsletters/ or the docs folder, or a folder that holds them."
        )
    if summary_file or output == "markdown":
        text = markdown.report(report.findings, report.summary(), source_url=source_url)
        if summary_file:
            summary_file.write_text(text, encoding="utf-8")
        if output == "markdown":
            click.echo(text, nl=False)
    if output != "markdown":
        for finding in report.findings:
            click.echo(finding.located())
            if output == "github":
                click.echo(_annotation(finding))
        click.echo(report.summary())
    if report.errors:
        raise SystemExit(1)


def _annotation(finding: Problem) -> str:
    """A GitHub Actions workflow command, which shows the finding on the pull request."""
    level = "error" if finding.is_error else "warning"
    message = f"{finding.field}: {finding.reason}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={finding.path},line={finding.line or 1},title={finding.rule}::{message}"
