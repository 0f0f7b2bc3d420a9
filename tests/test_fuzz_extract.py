"""Property-based tests over ``newsclean.extract`` and ``newsclean.clean_text``.

Inputs: random text (any code point, control characters, NUL), random HTML
generated from a small tag grammar (unclosed, misnested, with scripts, comments,
entities and attributes), and a real article page mutated byte by byte. What
must hold, whatever the input:

- no exception escapes; the result is an ``Article`` with a contract status,
  and a reason from ``STATUS_REASONS`` when it is not ``ok``;
- removed lines carry reasons from the documented vocabulary;
- the text follows the contract shape (no markup tags from the input, no NUL,
  paragraphs separated by exactly one blank line, no surrounding whitespace);
- the record serialises as JSON and as an Arrow row of ``ARROW_SCHEMA``.
"""

from __future__ import annotations

import os
import re

import orjson
import pyarrow as pa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.record import ARROW_SCHEMA, OK, REASONS, STATUS_REASONS, STATUSES, Article

FUZZ = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_TAG_IN_TEXT = re.compile(r"</?(?:p|div|span|script|style|article|body|html)\b[^>]*>", re.I)


def check(art: Article, *, serialisable: bool = True) -> None:
    assert isinstance(art, Article)
    assert art.status in STATUSES
    if art.status == OK:
        assert art.reason is None
        assert art.text.strip()
    else:
        assert art.reason in STATUS_REASONS, art.reason
    for r in art.removed:
        assert r.reason in REASONS, r.reason
    assert "\x00" not in art.text
    assert art.text == art.text.strip()
    assert "\n\n\n" not in art.text
    assert all(isinstance(a, str) and a for a in art.authors)
    if serialisable:
        orjson.dumps(art.to_dict())
        pa.Table.from_pylist([art.to_dict()], schema=ARROW_SCHEMA)


# -- random text -----------------------------------------------------------------------

any_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=2000
)  # lone surrogates are checked separately below
lines_text = st.lists(
    st.one_of(
        st.text(max_size=120),
        st.sampled_from(
            [
                "",
                " ",
                "\t",
                "Share this article",
                "Subscribe to our newsletter",
                "Accept all cookies",
                "Please enable JavaScript",
                "© 2024 All rights reserved",
                "By Jane Doe",
                "Read more:",
                "Advertisement",
                "\x00",
                "\u200b",
                "\r",
                "The council voted on Tuesday to approve the new budget for roads and schools.",
            ]
        ),
    ),
    max_size=40,
).map("\n".join)


@FUZZ
@given(text=st.one_of(any_text, lines_text))
@example(text="")
@example(text="\x00" * 50)
@example(text="\n" * 10_000)
@example(text="word " * 20_000)
def test_clean_text_never_raises(text: str) -> None:
    art = newsclean.clean_text(text)
    check(art)
    if not text.strip():
        assert art.status != OK


def test_clean_text_output_is_valid_unicode_with_lone_surrogates() -> None:
    art = newsclean.clean_text(
        "A line with a lone \udcff surrogate in it, long enough to keep.\n\nMore."
    )
    check(art)


# -- random HTML -------------------------------------------------------------------------

_TAGS = [
    "p",
    "div",
    "span",
    "article",
    "main",
    "section",
    "h1",
    "h2",
    "li",
    "ul",
    "a",
    "b",
    "i",
    "table",
    "tr",
    "td",
    "pre",
    "blockquote",
    "nav",
    "footer",
    "aside",
    "form",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "title",
    "meta",
]
_ATTRS = [
    'class="content"',
    'class="share-bar"',
    'id="comments"',
    "hidden",
    'style="display:none"',
    'aria-hidden="true"',
    'itemprop="articleBody"',
    'property="og:title" content="T"',
    'name="author" content="admin"',
    'href="/x"',
    'charset="utf-8"',
    'http-equiv="content-type" content="text/html; charset=koi8-r"',
]
_WORDS = [
    "the",
    "council",
    "voted",
    "budget",
    "&amp;",
    "&lt;",
    "&gt;",
    "&#0;",
    "&#xD800;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "\x00",
    "\u00e9t\u00e9",
    "\u65b0\u805e",
    "\ufeff",
    "Share",
    "Subscribe",
    "cookies",
    "JavaScript",
    "\n",
    "\r\n",
]


@st.composite
def html_tree(draw: st.DrawFn, depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 6 if depth < 4 else 1))):
        choice = draw(st.integers(0, 9))
        if choice < 4 or depth >= 6:
            parts.append(" ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=30))))
        elif choice < 9:
            tag = draw(st.sampled_from(_TAGS))
            attrs = " ".join(draw(st.lists(st.sampled_from(_ATTRS), max_size=2)))
            inner = draw(html_tree(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>", "</p"]))
            parts.append(f"<{tag} {attrs}>{inner}{close}")
        else:
            parts.append(draw(st.text(max_size=40)))
    return "".join(parts)


random_html = st.builds(
    lambda head, body, doctype: f"{doctype}<html><head>{head}</head><body>{body}</body></html>",
    html_tree(2),
    html_tree(),
    st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>"]),
)


@FUZZ
@given(html=st.one_of(random_html, html_tree(), st.text(max_size=500)), as_bytes=st.booleans())
@example(html="<html>", as_bytes=False)
@example(html="<" * 5000, as_bytes=False)
@example(html="<div>" * 50_000, as_bytes=False)
@example(html="<table>" + "<tr><td>" * 5000, as_bytes=False)
@example(html="<p>" + "&amp;" * 20_000, as_bytes=True)
@example(html="<PRE>" + "0" * 59 + " <?", as_bytes=False)
def test_extract_never_raises_on_random_html(html: str, as_bytes: bool) -> None:
    art = newsclean.extract(html.encode("utf-8", "surrogatepass") if as_bytes else html)
    check(art)
    assert not _TAG_IN_TEXT.search(art.text.replace("&lt;", "")), art.text[:300]


@FUZZ
@given(data=st.binary(max_size=3000), url=st.one_of(st.none(), st.text(max_size=60)))
def test_extract_never_raises_on_random_bytes(data: bytes, url: str | None) -> None:
    check(newsclean.extract(data, url=url))


# -- a real page, mutated ------------------------------------------------------------------

REAL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>City council approves budget | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://daily.example/news/budget">
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>City council approves budget</h1>
<p class="byline">By Jane Doe, March 5, 2024</p>
<p>The city council approved a budget of 12 million for roads and schools on Tuesday,
after a debate that lasted more than four hours.</p>
<p>Residents had asked for more money for the two primary schools in the north of the city,
where classes have grown by a third in five years.</p>
<div class="share-bar">Share this article <a href="#">Facebook</a> <a href="#">Twitter</a></div>
<p>The mayor said the new plan would be reviewed in the autumn, when the state grants are known.</p>
</article></main>
<aside><h3>Related</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<footer>&copy; 2024 The Daily Example. All rights reserved.</footer>
</body></html>"""


def test_real_page_extracts_the_article() -> None:
    """The baseline the mutation test departs from: the page itself is extracted well."""
    art = newsclean.extract(REAL_PAGE, url="https://daily.example/news/budget")
    check(art)
    assert art.status == OK
    assert "approved a budget of 12 million" in art.text
    assert "Residents had asked" in art.text
    assert "Facebook" not in art.text and "All rights reserved" not in art.text


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    buf = bytearray(REAL_PAGE.encode("utf-8"))
    for _ in range(draw(st.integers(1, 12))):
        pos = draw(st.integers(0, len(buf)))
        op = draw(st.integers(0, 3))
        if op == 0 and pos < len(buf):
            buf[pos] = draw(st.integers(0, 255))
        elif op == 1:
            buf[pos:pos] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"</",
                        b"<!--",
                        b"\x00",
                        b"\xff",
                        b"<div>" * 50,
                        b"<script>",
                        b"&#",
                        b"\"'",
                    ]
                )
            )
        elif op == 2:
            del buf[pos : pos + draw(st.integers(1, 200))]
        else:
            del buf[pos:]
    return bytes(buf)


@FUZZ
@given(page=mutated_page(), decode=st.booleans())
def test_extract_never_raises_on_mutated_page(page: bytes, decode: bool) -> None:
    art = newsclean.extract(page.decode("utf-8", "replace") if decode else page)
    check(art)
