"""Markdown to safe HTML: markdown-it-py with tables, footnotes and heading anchors, then nh3.

Rendered HTML is cached by the hash of its source, so a reload renders only what changed and a
request never parses Markdown.
"""

import hashlib
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

MODULE_FILE = re.compile(
    r"^(?:\.\./(?P<course>[a-z0-9-]+)/)?(?P<number>\d{2})-(?P<slug>[a-z0-9-]+)\.md$"
)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "section", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "li": {"id"},
    "ol": {"start"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"scope"},
    "sup": {"id"},
}  # fmt: skip
ALLOWED_CLASSES = {
    "section": {"footnotes"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
    "li": {"footnote-item"},
    "hr": {"footnotes-sep"},
    "ol": {"footnotes-list"},
}


@dataclass(frozen=True)
class Reference:
    """A link or image that points inside the course files, found on `line` (0-based)."""

    line: int
    target: str


@dataclass(frozen=True)
class Rendered:
    html: str
    references: tuple[Reference, ...]
    raw_html_lines: tuple[int, ...]


@dataclass(frozen=True)
class UrlScheme:
    """Where the app serves course media and modules; the engine itself knows no routes."""

    course_slug: str
    media_prefix: str = "/learn/media"
    course_prefix: str = "/learn/courses"

    def rewrite(self, target: str) -> str:
        if match := MODULE_FILE.match(target.split("#")[0]):
            course = match["course"] or self.course_slug
            return f"{self.course_prefix}/{course}/{match['slug']}"
        return f"{self.media_prefix}/{self.course_slug}/{target}"


def new_parser() -> MarkdownIt:
    # html=True only so that raw HTML becomes tokens that the loader can report; it is never
    # rendered, because render() escapes it and nh3 sanitises whatever comes out.
    return (
        MarkdownIt("commonmark", {"html": True, "typographer": True})
        .enable(["table", "replacements", "smartquotes", "strikethrough"])
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=2, max_level=3)
    )


PARSER = new_parser()
_cache: dict[str, Rendered] = {}


def is_internal(target: str) -> bool:
    return bool(target) and not SCHEME.match(target) and not target.startswith(("/", "#"))


def render(source: str, urls: UrlScheme, demote_headings: bool = False) -> Rendered:
    """Render Markdown to sanitised HTML, from the cache when this source was seen before."""
    key = hashlib.sha256(f"{urls}|{demote_headings}|{source}".encode()).hexdigest()
    if key not in _cache:
        _cache[key] = _render(source, urls, demote_headings)
    return _cache[key]


def _render(source: str, urls: UrlScheme, demote_headings: bool) -> Rendered:
    env: dict = {}
    tokens = PARSER.parse(source, env)
    references: list[Reference] = []
    raw_html_lines: list[int] = []
    block_line = 0
    for token in tokens:
        if token.map:
            block_line = token.map[0]
        if token.type == "html_block":
            raw_html_lines.append(block_line)
            _escape_as_paragraph(token)
        if demote_headings and token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(int(token.tag[1]) - 1, 2)}"
        for child in token.children or []:
            if child.type == "html_inline":
                raw_html_lines.append(block_line)
                child.type = "text"
            attribute = {"link_open": "href", "image": "src"}.get(child.type)
            target = str(child.attrs.get(attribute, "")) if attribute else ""
            if attribute and is_internal(target):
                references.append(Reference(block_line, target))
                child.attrs[attribute] = urls.rewrite(target)
    html = PARSER.renderer.render(tokens, PARSER.options, env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Rendered(clean, tuple(references), tuple(raw_html_lines))


def _escape_as_paragraph(token: Token) -> None:
    """Show a raw HTML block as text, so nothing an author typed is lost or executed."""
    token.content = "<p>" + nh3.clean_text(token.content) + "</p>"


def render_plain_markdown(source: str) -> str:
    """Sanitised HTML for short Markdown outside a course, such as a badge's criteria."""
    return render(source, UrlScheme(course_slug="")).html
