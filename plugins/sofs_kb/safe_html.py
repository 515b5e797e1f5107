"""HTML a writer may put in a page, declared once, and the two places that enforce it.

Markdown lets a writer type HTML, and the `attr_list` extension lets them add any
attribute to an element (`{: onclick=... }`). Content comes from many people through
pull requests, so pages may use only a short list of harmless elements and attributes:

- no script, iframe, object, embed, form, style element, SVG or media element;
- no event handlers (`onload`, `onclick`...), no `data-` attributes (the site's own
  scripts and the search index read those), and `style` only for table-cell alignment;
- no outside sources: an image comes from the repository, never from another host,
  and no link or source uses `javascript:`, `data:` or `vbscript:`.

`find_problems` reports breaches in the Markdown, with line numbers, for `kb check`
and the build's checks. `sanitise` removes anything else from every rendered page
body, so a page that slips past the checks (a preview, a check switched off) still
cannot run a script. Both read the lists below. Plain Python, no MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
        "var", "wbr",
    }
)  # fmt: skip

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role"})
"""Allowed on every element, with any `aria-` attribute."""

TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "th": frozenset({"colspan", "rowspan", "scope", "headers", "style"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}

STYLE_PROPERTIES = frozenset({"text-align"})
"""What `style` may set: the Markdown tables extension aligns columns with it."""

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may use. Anything else (`javascript:`, `data:`) is removed."""

URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

SOURCE_ATTRIBUTES = frozenset({("img", "src")})
"""Attributes the browser loads from: they must point inside the site."""

# Elements removed with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form",
     "textarea", "select", "video", "audio", "canvas", "frameset", "frame", "applet", "title"}
)  # fmt: skip

_WHY_TAG = {
    "script": "pages may not run scripts",
    "iframe": "pages may not show other sites inside them",
    "frame": "pages may not show other sites inside them",
    "object": "pages may not embed other content",
    "embed": "pages may not embed other content",
    "applet": "pages may not embed other content",
    "style": "styles come from the site's own style sheet",
    "link": "pages may not load files from elsewhere",
    "meta": "page settings come from the front matter",
    "base": "pages may not change where their links lead",
    "form": "pages may not send information anywhere",
    "input": "pages may not send information anywhere",
    "button": "pages may not send information anywhere",
    "svg": "drawings must be image files, added with ![alt text](picture.svg)",
    "math": "formulas are not supported",
    "video": "videos must be linked to, not played in the page",
    "audio": "recordings must be linked to, not played in the page",
    "source": "videos and recordings must be linked to, not played in the page",
    "picture": "add images with ![alt text](picture.png)",
}


def attribute_allowed(tag: str, name: str) -> bool:
    return name in GLOBAL_ATTRIBUTES or name.startswith("aria-") or name in TAG_ATTRIBUTES.get(tag, ())


def _is_outside(value: str) -> bool:
    """True for an address on another host (or with any scheme): not a file of this site."""
    value = value.strip()
    return value.startswith(("//", "\\\\")) or bool(urlsplit(value).scheme)


def _bad_scheme(value: str) -> str | None:
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme and scheme not in URL_SCHEMES:
        return scheme
    return None


def _style_problem(value: str) -> str | None:
    for declaration in value.split(";"):
        name, _, setting = declaration.partition(":")
        name = name.strip().lower()
        if not name and not setting.strip():
            continue
        if name not in STYLE_PROPERTIES or "(" in setting or "\\" in setting:
            return f"'style' may only set text-align (found '{declaration.strip()[:40]}')"
    return None


def attribute_problem(tag: str, name: str, value: str | None) -> str | None:
    """Why this attribute may not be on this element, in plain English, or None."""
    value = value or ""
    if name.startswith("on"):
        return f"'{name}' runs a script when something happens. Remove it"
    if name.startswith("data-"):
        return f"'{name}' is for the site's own templates. Remove it"
    if not attribute_allowed(tag, name):
        if name == "style":
            return "'style' is only for aligning table cells. Use Markdown formatting instead"
        if name in ("srcset", "poster", "background", "formaction", "action", "xlink:href", "ping", "lowsrc", "dynsrc"):
            return f"'{name}' loads or sends something. Remove it"
        return f"'{name}' is not allowed on <{tag}>. Remove it"
    if name == "style":
        return _style_problem(value)
    if name in URL_ATTRIBUTES:
        scheme = _bad_scheme(value)
        if scheme:
            return f"'{scheme}:' addresses are not allowed. Link to a page or a web address starting with https://"
        if (tag, name) in SOURCE_ATTRIBUTES and _is_outside(value):
            return "images must be files in the repository, not loaded from another site"
    return None


TEMPLATE_PREFIXES = ("kb-", "training-", "impact-")
"""Page templates a page may choose: the site's own. Others (Material's redirect page, say)
print front matter into places it was never meant to go."""


def template_problem(name: object) -> str | None:
    if name is None or name == "main.html" or (isinstance(name, str) and name.startswith(TEMPLATE_PREFIXES)
                                                 and "/" not in name and ".." not in name):
        return None
    return (
        f"'{name}' is not one of the site's page templates. Remove the template field: "
        "the site chooses each page's template itself."
    )


def tag_problem(tag: str) -> str | None:
    if tag in ALLOWED_TAGS:
        return None
    why = _WHY_TAG.get(tag, "it is not on the list of elements pages may use")
    return f"<{tag}> is not allowed: {why}"


# --- checking the Markdown -----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    line: int
    message: str


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Scanner(HTMLParser):
    """Collect every element and attribute in a page's HTML, with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.refused: list[str] = []
        """Open elements that were reported: what is inside them goes with them."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.refused:
            if tag == self.refused[-1]:
                self.refused.append(tag)
            return
        line = self.getpos()[0]
        problem = tag_problem(tag)
        if problem:
            self.found.append((line, problem + ". Remove it."))
            if tag not in _VOID:
                self.refused.append(tag)
            return
        self._attributes(tag, attrs, line)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.refused:
            return
        line = self.getpos()[0]
        problem = tag_problem(tag)
        if problem:
            self.found.append((line, problem + ". Remove it."))
            return
        self._attributes(tag, attrs, line)

    def handle_endtag(self, tag: str) -> None:
        if self.refused and tag == self.refused[-1]:
            self.refused.pop()

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        for name, value in attrs:
            if tag == "a" and name == "href":
                continue  # the links checks judge links (links/https, links/broken)
            problem = attribute_problem(tag, name, value)
            if problem:
                self.found.append((line, f"<{tag}>: {problem}."))


# attr_list: `{: #id .class key="value" }` at the end of a block or after an inline element.
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"""([^\s=#.{}"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]*))""")


# Markdown's own <https://...> and <name@example.org> links are not HTML elements.
_AUTOLINK = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>")


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def find_problems(lines: list[tuple[int, str]]) -> list[Finding]:
    """Every element and attribute in Markdown lines (code already blanked) that pages may not use."""
    text = "\n".join(line for _, line in lines)
    if "<" not in text and "{" not in text:
        return []
    numbers = [number for number, _ in lines]
    found: list[Finding] = []
    if "<" in text:
        scanner = _Scanner()
        scanner.feed(_AUTOLINK.sub(_blank, text))
        scanner.close()
        found += [Finding(numbers[min(line, len(numbers)) - 1], message) for line, message in scanner.found]
    for number, line in lines:
        if "{" in line:
            for block in _ATTR_LIST.finditer(line):
                for match in _ATTR_PAIR.finditer(block.group(1)):
                    name = match.group(1).lower()
                    value = next((g for g in match.groups()[1:] if g is not None), "")
                    # attr_list can put an attribute on any element: judge it on one that may have it.
                    tag = next((tag for tag, names in TAG_ATTRIBUTES.items() if name in names), "*")
                    problem = attribute_problem(tag, name, value)
                    if problem:
                        found.append(Finding(number, f"{{: {name}=... }}: {problem}."))
    return sorted(set(found), key=lambda finding: finding.line)


# --- cleaning the rendered page --------------------------------------------------------------


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each allowed attribute: no outside sources, no stray styles."""
    if attribute_problem(tag, attribute, value) is not None:
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}},
    generic_attribute_prefixes={"aria-"},
    attribute_filter=_keep,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """A page body with only the allowed elements and attributes left."""
    return _CLEANER.clean(html)


class _SanitisePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class SanitiseExtension(Extension):
    """A Python-Markdown extension that cleans each page's HTML as the last step of converting it.

    Added to the site's Markdown extensions, it covers every page however it is built:
    hand-written pages, items, courses, newsletter issues and previews alike.
    """

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # Priority 0: after the raw-HTML postprocessor (30) has put the writer's HTML back.
        md.postprocessors.register(_SanitisePostprocessor(md), "kb_sanitise", 0)
