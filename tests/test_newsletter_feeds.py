"""Reading saved research feeds: every RSS version and Atom, bad feeds, and sanitising."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES
from sofs_kb.newsletter.feeds import entries_for, read_feed
from sofs_kb.newsletter.sanitise import clean_html, to_text
from sofs_kb.newsletter.settings import FeedSource
from sofs_kb.newsletter.window import draft_window
from sofs_kb.quarters import Quarter

FEEDS = FIXTURES / "feeds"
# The first issue's window: its own quarter, drafted on the quarter's last day.
Q4 = draft_window(Quarter(2026, 4), date(2026, 12, 31), [])


def saved(cache: Path, fixture: str, name: str | None = None, tags=()) -> FeedSource:
    source = FeedSource(name or Path(fixture).stem, f"https://feeds.example.org/{fixture}", tuple(tags))
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copy(FEEDS / fixture, source.cache_file(cache))
    return source


def rel(path: Path) -> str:
    return f"data/feeds/{path.name}"


@pytest.mark.parametrize(
    "fixture, titles",
    [
        ("rss091.xml", ["Notes on café conversations with parents"]),
        ("rss092.xml", ["What we learned from group supervision"]),
        ("rss10.rdf", ["Safety planning with extended families", "An older study from the spring"]),
        ("rss20.xml", ["Voice of the child in assessments", "Scaling questions [click](javascript:alert(1))", "Summer reading list"]),
        ("atom.xml", ["Multi-agency audit & learning", "Relative links are made absolute"]),
    ],
)
def test_every_feed_format_is_read(tmp_path: Path, fixture: str, titles: list[str]):
    reading = read_feed(saved(tmp_path, fixture), tmp_path, rel)
    assert [entry.title for entry in reading.entries] == titles
    assert all(entry.link.startswith("https://") for entry in reading.entries)


def test_rss_09x_items_take_the_channel_date(tmp_path: Path):
    (entry,) = read_feed(saved(tmp_path, "rss091.xml"), tmp_path, rel).entries
    assert entry.published.isoformat() == "2026-10-12"


def test_rss_090_has_no_dates_so_its_entries_are_left_out_with_a_warning(tmp_path: Path):
    reading = read_feed(saved(tmp_path, "rss090.rdf", "Old list"), tmp_path, rel)
    assert reading.entries == []
    assert [str(p) for p in reading.problems] == [
        "data/feeds/old-list.xml: feed 'Old list': 2 entries have no date or no web address, so they are left out."
    ]


def test_entries_are_chosen_by_date_within_the_quarter(tmp_path: Path):
    sources = (saved(tmp_path, "rss20.xml"), saved(tmp_path, "rss10.rdf"), saved(tmp_path, "atom.xml"))
    reading = entries_for(Q4, sources, tmp_path, rel, per_feed=5)
    assert [(entry.feed.name, entry.published.isoformat()) for entry in reading.entries] == [
        ("rss20", "2026-10-22"),
        ("rss20", "2026-10-07"),
        ("rss10", "2026-11-03"),
        ("atom", "2026-11-10"),
        ("atom", "2026-10-02"),
    ]
    summer = entries_for(draft_window(Quarter(2026, 3), date(2026, 12, 31), []), sources, tmp_path, rel, per_feed=5)
    assert [entry.title for entry in summer.entries] == ["Summer reading list"]


@dataclass
class Issue:
    quarter: Quarter
    status: str
    published: date
    issue: int = 1


def test_entries_come_from_the_previous_issue_to_the_draft_date(tmp_path: Path):
    sources = (saved(tmp_path, "rss20.xml"), saved(tmp_path, "rss10.rdf"), saved(tmp_path, "atom.xml"))
    # Issue 1 (2026-Q3) went out on 7 October and listed the entry of that day; the draft is made on 4 November.
    previous = Issue(Quarter(2026, 3), "published", date(2026, 10, 7))
    listed = "Read [this study](https://research.example.org/voice-of-the-child)."
    window = draft_window(Quarter(2026, 4), date(2026, 11, 4), [previous], listed_text=listed)
    reading = entries_for(window, sources, tmp_path, rel, per_feed=5)
    assert [(entry.feed.name, entry.published.isoformat()) for entry in reading.entries] == [
        ("rss20", "2026-10-22"),
        ("rss10", "2026-11-03"),
    ]  # not 2 October (before issue 1), 7 October (issue 1 lists it) or 10 November (after the draft date)
    # Not yet published issues, and later ones, do not count as the previous issue.
    drafts = [Issue(Quarter(2026, 3), "draft", date(2026, 10, 7)), Issue(Quarter(2027, 1), "published", date(2027, 1, 1))]
    assert draft_window(Quarter(2026, 4), date(2026, 11, 4), drafts).start == date(2026, 10, 1)


def test_the_number_of_entries_per_feed_is_limited(tmp_path: Path):
    sources = (saved(tmp_path, "rss20.xml"),)
    reading = entries_for(Q4, sources, tmp_path, rel, per_feed=1)
    assert [entry.published.isoformat() for entry in reading.entries] == ["2026-10-22"]


@pytest.mark.parametrize(
    "fixture, name, message",
    [
        (
            "malformed.xml",
            "Broken feed",
            "data/feeds/broken-feed.xml: feed 'Broken feed': is not a feed we can read (line 2, column 43: "
            "not well-formed (invalid token)), so it is left out. Check its address, then run kb newsletter fetch again.",
        ),
        ("empty.xml", "Quiet feed", "data/feeds/quiet-feed.xml: feed 'Quiet feed': is empty: it has no entries."),
        (
            "not-a-feed.html",
            "Web page",
            "data/feeds/web-page.xml: feed 'Web page': is not an RSS or Atom feed, so it is left out. "
            "Check its address, then run kb newsletter fetch again.",
        ),
    ],
)
def test_bad_feeds_give_a_warning_that_names_them(tmp_path: Path, fixture: str, name: str, message: str):
    good = saved(tmp_path, "atom.xml")
    bad = saved(tmp_path, fixture, name)
    reading = entries_for(Q4, (bad, good), tmp_path, rel, per_feed=5)
    assert [str(p) for p in reading.problems] == [message]
    assert all(p.severity.value == "warning" for p in reading.problems)
    assert len(reading.entries) == 2  # the good feed is still used


def test_a_feed_never_downloaded_is_named(tmp_path: Path):
    missing = FeedSource("Not yet fetched", "https://feeds.example.org/x")
    reading = entries_for(Q4, (missing,), tmp_path, rel, per_feed=5)
    assert [str(p) for p in reading.problems] == [
        "data/feeds/not-yet-fetched.xml: feed 'Not yet fetched': has not been downloaded yet. Run: kb newsletter fetch"
    ]


def test_feed_html_is_sanitised(tmp_path: Path):
    entries = read_feed(saved(tmp_path, "rss20.xml"), tmp_path, rel).entries
    hostile = next(entry for entry in entries if entry.link.endswith("/scaling"))
    for text in (hostile.summary_html, hostile.summary, hostile.title):
        assert "<script" not in text and "alert(0)" not in text
        assert "onclick" not in text and "onerror" not in text
        assert "javascript:alert(2)" not in text
        assert "<iframe" not in text and "evil.example" not in text
    assert hostile.summary == "A useful study of scaling."
    assert hostile.summary_html == '<p>A useful <a rel="noopener noreferrer">study</a> of scaling.</p>'


def test_sanitiser_keeps_harmless_markup_and_drops_the_rest():
    dirty = (
        '<p class="x" style="color:red">Hello <a href="https://ok.example/" onmouseover="x()">ok</a> '
        '<a href="JaVaScRiPt:alert(1)">bad</a> <a href="data:text/html,hi">data</a></p>'
        "<iframe src=https://evil.example/></iframe><object data=x></object><svg><script>x()</script></svg>"
        "<form action=https://evil.example/><input name=p></form><style>body{}</style>"
    )
    assert clean_html(dirty) == (
        '<p>Hello <a href="https://ok.example/" rel="noopener noreferrer">ok</a> '
        '<a rel="noopener noreferrer">bad</a> <a rel="noopener noreferrer">data</a></p>'
    )
    assert to_text("<p>Fish &amp; chips</p><script>x()</script>") == "Fish & chips"
