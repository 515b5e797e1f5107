"""`kb usage import`: page views by month from real log files, with counts known in advance.

The main log is 100,000 lines in the combined log format, generated here with a fixed
seed. Each line is chosen from a list of kinds (a view of a page, a bot, an asset, an
error, a POST, an address that is not a page, a broken line), and the generator keeps
its own tally of what should be counted, so the test compares the import with that
tally rather than with numbers written by hand.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import lzma
import zlib
import zipfile
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import article, build_site, write

KB = [sys.executable, "-m", "sofs_kb.cli"]
BASE = "/kb"  # the fixture's site_url is https://example.org/kb/

PAGES = [
    "/knowledge-bank/tool/three-houses/",
    "/knowledge-bank/tool/scaling-questions/",
    "/knowledge-bank/practice-resource/mapping-guide/",
    "/knowledge-bank/research-summary/munro-review/",
    "/",
    "/plan/learning/",
    "/knowledge-bank/audience/health/",
    "/newsletters/",
]
ITEMS = {page for page in PAGES if page.split("/")[2:3] in (["tool"], ["practice-resource"], ["research-summary"])}
NEVER_VISITED = {"supervision-prompts", "network-meeting"}
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "-",
]
MONTHS = [("Oct", "2026-10"), ("Nov", "2026-11")]


def line(ip: str, day: int, month: str, method: str, target: str, status: int, agent: str) -> str:
    return (f'{ip} - - [{day:02d}/{month}/2026:{day % 24:02d}:15:{day % 60:02d} +0000] "{method} {target} HTTP/1.1" '
            f'{status} 5120 "https://example.org{BASE}/" "{agent}"')


def generate_log(count: int, seed: int = 7) -> tuple[str, Counter, Counter, list[int]]:
    """(log text, expected views by (month, address), expected left-out by reason, bad line numbers)."""
    rng = random.Random(seed)
    views: Counter = Counter()
    dropped: Counter = Counter()
    bad: list[int] = []
    lines = []
    for number in range(1, count + 1):
        ip = f"192.0.2.{rng.randrange(1, 255)}"
        short, key = rng.choice(MONTHS)
        day = rng.randrange(1, 29)
        page = rng.choice(PAGES)
        kind = rng.choices(
            ["view", "query", "index", "bot", "asset", "error", "redirect", "post", "elsewhere", "bad"],
            weights=[50, 8, 4, 10, 12, 4, 3, 3, 4, 2],
        )[0]
        if kind in ("view", "query", "index"):
            target = BASE + page + ("?utm_source=newsletter&x=1" if kind == "query" else "")
            if kind == "index":
                target = BASE + page + "index.html"
            lines.append(line(ip, day, short, "GET", target, rng.choice([200, 200, 304]), rng.choice(BROWSERS)))
            views[(key, page)] += 1
        elif kind == "bot":
            lines.append(line(ip, day, short, "GET", BASE + page, 200, rng.choice(BOTS)))
            dropped["bot"] += 1
        elif kind == "asset":
            asset = rng.choice(["/assets/stylesheets/main.css", "/assets/javascripts/bundle.js", "/favicon.png",
                                "/pagefind/fragment/en_1a2b.pf_fragment", "/assets/fonts/x.woff2"])
            lines.append(line(ip, day, short, "GET", BASE + asset, 200, rng.choice(BROWSERS)))
            dropped["asset"] += 1
        elif kind in ("error", "redirect"):
            status = rng.choice([404, 500]) if kind == "error" else 301
            lines.append(line(ip, day, short, "GET", BASE + page.rstrip("/"), status, rng.choice(BROWSERS)))
            dropped["status"] += 1
        elif kind == "post":
            lines.append(line(ip, day, short, rng.choice(["POST", "HEAD"]), BASE + page, 200, rng.choice(BROWSERS)))
            dropped["method"] += 1
        elif kind == "elsewhere":
            target = rng.choice(["/wp-admin/", BASE + "/no-such-page/", "/other-site/page/"])
            lines.append(line(ip, day, short, "GET", target, 200, rng.choice(BROWSERS)))
            dropped["page"] += 1
        else:
            lines.append(rng.choice(["\x16\x03\x01 garbage", 'only "half a line', ip + " - - [bad date]"]))
            bad.append(number)
    return "\n".join(lines) + "\n", views, dropped, bad


def kb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def stored(project: Path) -> Counter:
    found: Counter = Counter()
    for path in sorted((project / "data/usage").glob("20*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        assert rows[0] == ["address", "views"]
        for address, views in rows[1:]:
            found[(path.stem, address)] += int(views)
    return found


@pytest.fixture(scope="module")
def big_log(tmp_path_factory) -> tuple[Path, Counter, Counter, list[int]]:
    text, views, dropped, bad = generate_log(100_000)
    path = tmp_path_factory.mktemp("logs") / "access.log"
    path.write_text(text, encoding="utf-8")
    return path, views, dropped, bad


def test_a_100000_line_log_gives_exactly_the_known_counts(site_dir: Path, big_log):
    path, views, dropped, bad = big_log
    result = kb("usage", "import", str(path), cwd=site_dir)
    assert result.returncode == 0, result.stderr
    assert stored(site_dir) == views
    out = result.stdout
    assert f"{path} (combined log format): 100,000 lines; {sum(views.values()):,} page views kept, in 2026-10, 2026-11." in out
    assert f"{dropped['bot']:,} from bots and scripts" in out
    assert f"{dropped['asset']:,} for styles, scripts, images, fonts or search files" in out
    assert f"{dropped['status']:,} errors and redirects" in out
    assert f"{dropped['method']:,} not GET requests" in out
    assert f"{dropped['page']:,} for addresses that are not pages of this site" in out
    # Bad lines never stop it: counted, and the first few listed by file and line number.
    assert f"{len(bad):,} lines could not be read, for example:" in out
    assert f"{path}:{bad[0]}: is not in the combined log format" in out
    assert f"... and {len(bad) - 20:,} more." in out


def test_nothing_personal_is_stored(site_dir: Path, big_log):
    path, *_ = big_log
    assert kb("usage", "import", str(path), cwd=site_dir).returncode == 0
    for stored_file in (site_dir / "data/usage").iterdir():
        text = stored_file.read_text(encoding="utf-8")
        assert not re.search(r"\d+\.\d+\.\d+\.\d+", text), stored_file  # no IP addresses
        assert "Mozilla" not in text and "bot" not in text.lower() and "curl" not in text  # no user agents
        assert not re.search(r"\d\d:\d\d", text) and "/Oct/" not in text  # no times
        assert "utm_source" not in text  # query strings count as their page


def test_importing_twice_adds_nothing_even_compressed_or_renamed(site_dir: Path, big_log):
    path, views, *_ = big_log
    assert kb("usage", "import", str(path), cwd=site_dir).returncode == 0
    copy = site_dir / "access.log.1.gz"
    copy.write_bytes(gzip.compress(path.read_bytes()))
    squeezed = site_dir / "access.log.2"  # bzip2, with no telling name
    squeezed.write_bytes(bz2.compress(path.read_bytes()))
    again = kb("usage", "import", str(copy), str(squeezed), str(path), cwd=site_dir)
    assert again.returncode == 0, again.stderr
    assert f"{copy}: nothing added: it was imported before." in again.stdout
    assert f"{squeezed}: nothing added: it was imported before." in again.stdout
    assert stored(site_dir) == views
    ledger = list(csv.DictReader((site_dir / "data/usage/imported.csv").open(encoding="utf-8")))
    assert [set(row) for row in ledger] == [{"content_sha256", "bytes", "head_sha256", "months"}]
    assert ledger[0]["months"] == "2026-10 2026-11"


def test_a_log_that_grew_counts_only_its_new_lines(site_dir: Path):
    first, views_first, *_ = generate_log(3_000, seed=1)
    more, views_more, *_ = generate_log(2_000, seed=2)
    log = site_dir / "access.log"
    log.write_text(first, encoding="utf-8")
    assert kb("usage", "import", str(log), cwd=site_dir).returncode == 0
    log.write_text(first + more, encoding="utf-8")  # nginx appended to the same file
    result = kb("usage", "import", str(log), cwd=site_dir)
    assert result.returncode == 0, result.stderr
    assert "were imported before; only the lines after them are counted" in result.stdout
    assert stored(site_dir) == views_first + views_more
    older = site_dir / "older-copy.log"
    older.write_text(first[: len(first) * 2 // 3].rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    copy = kb("usage", "import", str(older), cwd=site_dir)
    assert "nothing added: it starts like a longer log imported before" in copy.stdout
    assert stored(site_dir) == views_first + views_more


def test_iis_goatcounter_and_plausible_files(site_dir: Path):
    iis = write(site_dir / "u_ex261015.log", "\n".join([
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        "#Date: 2026-10-15 00:00:00",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        f"2026-10-15 08:01:02 10.0.0.1 GET {BASE}/knowledge-bank/tool/three-houses/ - 443 - 198.51.100.7 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15",
        f"2026-10-15 08:01:03 10.0.0.1 GET {BASE}/knowledge-bank/tool/three-houses/index.html a=1 443 - 198.51.100.7 Mozilla/5.0+(Windows+NT+10.0) - 304 0 0 15",
        f"2026-10-15 08:01:04 10.0.0.1 GET {BASE}/knowledge-bank/tool/three-houses/ - 443 - 198.51.100.8 Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html) - 200 0 0 15",
        f"2026-10-16 08:01:04 10.0.0.1 GET {BASE}/assets/x.css - 443 - 198.51.100.8 Mozilla/5.0 - 200 0 0 15",
        "2026-10-16 too few fields",
        "#Fields: date cs-method cs-uri-stem sc-status",
        f"2026-11-01 GET {BASE}/plan/learning/ 200",
    ]) + "\n")
    goat = write(site_dir / "goatcounter.csv", "\n".join([
        "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date",
        f"{BASE}/knowledge-bank/tool/scaling-questions/,Scaling,false,,Firefox 131,Linux,1,0,,,\"1920,1080,1\",GB,true,2026-10-03T10:00:00Z",
        f"{BASE}/knowledge-bank/tool/scaling-questions/,Scaling,false,,Firefox 131,Linux,1,0,,,\"1920,1080,1\",GB,false,2026-11-03T10:00:00Z",
        f"{BASE}/knowledge-bank/tool/scaling-questions/,Scaling,false,,,,,4,,,,,false,2026-11-03T10:00:00Z",
        "download-click,Download,true,,Firefox 131,Linux,1,0,,,,GB,false,2026-11-03T10:00:00Z",
        f"{BASE}/knowledge-bank/tool/scaling-questions/,Scaling,false,,,,,0,,,,,false,not a date",
    ]) + "\n")
    plausible = write(site_dir / "imported_pages_20261001_20261130.csv", "\n".join([
        "date,hostname,page,visits,visitors,pageviews,scroll_depth,pageleave_visitors",
        f"2026-10-01,example.org,{BASE}/knowledge-bank/research-summary/munro-review/,3,3,5,,2",
        f"2026-11-02,example.org,{BASE}/knowledge-bank/research-summary/munro-review/,1,1,2,,1",
        f"2026-11-02,example.org,{BASE}/no-such-page/,1,1,9,,1",
        "2026-11-03,example.org,/x/,1,1,lots,,1",
    ]) + "\n")
    result = kb("usage", "import", str(iis), str(goat), str(plausible), cwd=site_dir)
    assert result.returncode == 0, result.stderr
    assert stored(site_dir) == Counter({
        ("2026-10", "/knowledge-bank/tool/three-houses/"): 2,
        ("2026-11", "/plan/learning/"): 1,
        ("2026-10", "/knowledge-bank/tool/scaling-questions/"): 1,
        ("2026-11", "/knowledge-bank/tool/scaling-questions/"): 1,
        ("2026-10", "/knowledge-bank/research-summary/munro-review/"): 5,
        ("2026-11", "/knowledge-bank/research-summary/munro-review/"): 2,
    })
    out = result.stdout
    assert "(W3C extended log format (IIS))" in out and f"{iis}:9: has 4 fields, but the #Fields line names 15" in out
    assert "(GoatCounter export)" in out and f"{goat}:6: has 'not a date' as its date" in out
    assert "1 event such as clicks" not in out and "events such as clicks" in out
    assert "(Plausible export)" in out and f"{plausible}:5: has 'lots' as its page views" in out


def test_a_plausible_export_without_dates_is_explained(site_dir: Path):
    pages = write(site_dir / "pages.csv", "name,visitors,pageviews,bounce_rate,time_on_page\n/kb/,3,4,50,10\n")
    result = kb("usage", "import", str(pages), cwd=site_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "has no dates" in result.stderr


def test_missing_and_empty_files_are_reported_and_the_rest_imported(site_dir: Path, big_log):
    empty = write(site_dir / "empty.log", "")
    result = kb("usage", "import", str(site_dir / "nope.log"), str(empty), cwd=site_dir)
    assert result.returncode == 1
    assert "nope.log: file: not found." in result.stderr
    assert f"{empty}: nothing added: it is empty." in result.stdout


def test_the_resource_use_page_shows_most_least_and_never_used(site_dir: Path, big_log):
    path, views, *_ = big_log
    assert kb("usage", "import", str(path), cwd=site_dir).returncode == 0
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "\nnav:\n", "\n  - sofs/impact:\n      usage_measures:\n        items: leadership-measure-one\n"
                    "        site: leadership-measure-two\nnav:\n", 1))
    site = build_site(site_dir)
    page = article(site, "impact/resource-use")
    by_item: Counter = Counter()
    for (month, address), count in views.items():
        if address.startswith("/knowledge-bank/") and address.count("/") == 4:
            by_item[address] += count
    top = max(by_item, key=by_item.get)
    most = page.find(id="most-used").find_next("ol").find_all("li")
    assert top.rstrip("/").split("/")[-1] in most[0].a["href"]
    assert most[0].get_text().endswith(f"{by_item[top]:,} views")
    never = [li.a.get_text() for li in page.find(id="never-visited").find_next("ul").find_all("li")]
    assert never == ["Supervision prompts", "A family network meeting that changed the plan"]
    months = page.find("caption", string="Page views each month").find_parent("table")
    october = [td.get_text() for td in months.tbody.find_all("tr")[-1].find_all("td")]
    assert october[0] == f"{sum(c for (m, _), c in views.items() if m == '2026-10'):,}"
    assert october[1] == f"{sum(c for (m, a), c in views.items() if m == '2026-10' and a in ITEMS):,}"
    data = json.loads(kb("report", cwd=site_dir).stdout)
    measures = {m["id"]: m for s in data["plan_sections"] for m in s["measures"]}
    assert [f["period"] for f in measures["leadership-measure-one"]["figures"]] == ["2026-10", "2026-11"]
    assert data["usage"]["never_visited"] == sorted(NEVER_VISITED, key=["supervision-prompts", "network-meeting"].index)


def test_a_huge_line_is_a_bad_line_not_a_memory_problem(site_dir: Path):
    text, views, *_ = generate_log(50, seed=4)
    log = site_dir / "access.log"
    with log.open("w", encoding="utf-8") as out:
        out.write("x" * 3_000_000 + "\n")  # one 3 MB line, read in pieces
        out.write(text)
    result = kb("usage", "import", str(log), cwd=site_dir)
    assert result.returncode == 0, result.stderr
    assert f"{log}:1: is longer than 65,536 characters" in result.stdout
    assert stored(site_dir) == views


def test_a_zipped_plausible_export_counts_only_its_pages_table(site_dir: Path):
    archive = site_dir / "Plausible export example.org.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("imported_visitors_20261001_20261031.csv", "date,visitors,pageviews,bounces,visits,visit_duration\n"
                     "2026-10-01,5,99,1,5,100\n")
        out.writestr("imported_pages_20261001_20261031.csv", "date,hostname,page,visits,visitors,pageviews,scroll_depth,"
                     "pageleave_visitors\n" + f"2026-10-01,example.org,{BASE}/knowledge-bank/tool/three-houses/,3,3,4,,2\n")
    xz = site_dir / "old.log.xz"
    xz.write_bytes(lzma.compress(line("192.0.2.1", 3, "Nov", "GET", BASE + "/plan/learning/", 200, BROWSERS[0]).encode() + b"\n"))
    result = kb("usage", "import", str(archive), str(xz), cwd=site_dir)
    assert result.returncode == 0, result.stderr
    assert f"{archive}:imported_pages_20261001_20261031.csv (Plausible export)" in result.stdout
    assert "imported_visitors" not in result.stdout
    assert stored(site_dir) == Counter({("2026-10", "/knowledge-bank/tool/three-houses/"): 4,
                                        ("2026-11", "/plan/learning/"): 1})


def test_a_settings_file_that_grows_through_reuse_is_refused(site_dir: Path):
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text() + "\nextra:\n" + "\n".join("  " + line for line in levels) + "\n")
    log = write(site_dir / "access.log", "")
    result = subprocess.run([*KB, "usage", "import", str(log)], cwd=site_dir, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: mkdocs.yml: ")


def _blank_lines(compressor, megabytes: int) -> bytes:
    """A 'compression bomb': megabytes of blank lines, squeezed into a tiny file."""
    packer = compressor()
    chunk = b"\n" * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def test_a_compression_bomb_is_refused_quickly_and_the_other_files_imported(site_dir: Path):
    text, views, *_ = generate_log(200, seed=5)
    good = site_dir / "access.log.1.gz"
    good.write_bytes(gzip.compress(text.encode()))
    bombs = {
        "bomb.log.gz": _blank_lines(lambda: zlib.compressobj(9, zlib.DEFLATED, 31), 400),
        "bomb.log.bz2": _blank_lines(bz2.BZ2Compressor, 20),
        "bomb.log.xz": _blank_lines(lambda: lzma.LZMACompressor(preset=0), 20),
    }
    for name, data in bombs.items():
        (site_dir / name).write_bytes(data)
    archive = site_dir / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("imported_pages_20261001_20261031.csv", "\n" * 20_000_000)
    names = [*bombs, "export.zip"]
    # 400 MB of blank lines took minutes to read, line by line; the limit stops each at once.
    result = subprocess.run([*KB, "usage", "import", str(good), *names], cwd=site_dir, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for name in names[:-1]:
        assert f"{name}: nothing added: it grows more than 100 times when uncompressed" in result.stderr
    assert f"export.zip:imported_pages_20261001_20261031.csv: nothing added: it grows more than 100 times when unzipped" in result.stderr
    assert stored(site_dir) == views
    again = kb("usage", "import", *names, cwd=site_dir)  # refused files were not recorded as imported
    assert "it was imported before" not in again.stdout + again.stderr


def test_a_file_with_no_line_it_can_read_is_refused_and_not_recorded(site_dir: Path):
    wrong = write(site_dir / "goatcounter.csv", "2,Path,Title,Event,Bot,Date\n"  # the version run into the header
                  + "\n".join(f"{BASE}/plan/learning/,Learning,false,0,2026-10-0{day}T10:00:00Z" for day in range(1, 6)) + "\n")
    long_line = site_dir / "one-long-line.log"
    long_line.write_text("x" * 200_000 + "\n")
    for _ in range(2):  # the second time too: nothing was recorded as imported
        result = kb("usage", "import", str(wrong), str(long_line), cwd=site_dir)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (f"{wrong}: nothing added: none of its lines could be read as a web server log or a page-view export; "
                "for example, line 1: is not in the combined log format.") in result.stderr
        assert f"{long_line}: nothing added: none of its lines could be read" in result.stderr
        assert "it is empty" not in result.stdout + result.stderr
        assert "imported before" not in result.stdout + result.stderr
    ledger = site_dir / "data/usage/imported.csv"
    assert not ledger.exists() or len(ledger.read_text().splitlines()) == 1


def test_a_bad_line_is_quoted_without_its_control_characters(site_dir: Path):
    iis = write(site_dir / "u_ex261001.log", "#Fields: date time cs-method cs-uri-stem sc-status cs(User-Agent)\n"
                "2026\r\x07\x1b]0;x-10 10:00:00 GET /kb/plan/learning/ 200 Mozilla/5.0\n")
    result = kb("usage", "import", str(iis), cwd=site_dir)
    assert result.returncode == 1
    assert "\\x0d\\x07\\x1b]0;x-10" in result.stderr and not any(c in result.stdout + result.stderr for c in "\r\x07\x1b")
