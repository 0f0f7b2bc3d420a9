"""Page metadata: title, site name, authors, publication date, canonical URL.

Sources are read in order of measured reliability (benchmarks/metadata.py):
JSON-LD, then Open Graph / Twitter / other meta tags, then visible markup
(microdata, rel=author, byline classes, <time>), and the URL for dates only as a
last resort. Which meta keys, schema.org types, selectors and vocabularies are
read is data (``data/metadata_*.json``); this module only applies it.

When nothing declares them: a byline is read from the words before the
article's <time> or from a short element opening with a byline word; a site
name is inferred when two shown sources agree (title affix, logo / home-link
text, masthead text, copyright holder, domain), or from a short named suffix of
<title> around the bare headline. Newsroom desks ("La rédaction", "編集部") are
placeholders, not authors. Visible dates are read in the languages of
``data/metadata_dates.json``.

The caller parses the page once and passes the tree before pruning; nothing
here mutates it.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as _date
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import SplitResult, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

T = TypeVar("T")


@dataclass(slots=True)
class Metadata:
    """What a page says about itself. Every field may be empty."""

    title: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    """Publication date, ISO 8601: ``YYYY-MM-DD`` or a full timestamp."""
    canonical_url: str | None = None
    paywalled_hint: bool = False
    """JSON-LD ``isAccessibleForFree: false`` (on the article or a ``hasPart``)."""
    language_hint: str | None = None
    """ISO 639-1 from ``<html lang>`` / content-language / og:locale; a hint only,
    templates often declare the wrong language."""
    page_type: str | None = None
    """og:type or the JSON-LD @type of the main object (``article``, ``website``...)."""

    @property
    def paywalled(self) -> bool:
        # The extractor looks for ``paywalled`` on whatever it gets back.
        return self.paywalled_hint


# --- data tables ------------------------------------------------------------------


def _table(name: str) -> dict[str, Any]:
    text = resources.files("newsclean.extract").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True, slots=True)
class _Tables:
    meta: dict[str, list[str]]
    article_types: frozenset[str]
    site_types: frozenset[str]
    title_keys: tuple[str, ...]
    author_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    paywall_values: frozenset[str]
    headline_sel: tuple[str, ...]
    logo_re: re.Pattern[str]
    chrome_re: re.Pattern[str]
    author_sel: tuple[tuple[str, bool], ...]
    date_sel: tuple[str, ...]
    date_text_sel: tuple[str, ...]
    modified_re: re.Pattern[str]
    connector_re: re.Pattern[str]
    prefix_re: re.Pattern[str]
    particle_re: re.Pattern[str]
    byline_start_re: re.Pattern[str]
    """prefix_re or particle_re, in one match."""
    placeholders: frozenset[str]
    navigation: frozenset[str]
    placeholder_sub_re: re.Pattern[str]
    role_words: frozenset[str]
    collectives: frozenset[str]
    agency_re: re.Pattern[str]
    role_re: re.Pattern[str]
    degrees: frozenset[str]
    cut_re: re.Pattern[str]
    split_re: re.Pattern[str]
    max_words: int
    max_chars: int
    max_authors: int
    newsroom_re: re.Pattern[str]
    cjk_suffix_re: re.Pattern[str]
    trailing_re: re.Pattern[str]
    agency_names: frozenset[str]
    home_sel: tuple[str, ...]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")


def _alternation(words: Iterable[str]) -> str:
    # Longest first so that "written by" wins over "by".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def tables() -> _Tables:
    meta = _table("metadata_meta.json")
    ld = _table("metadata_jsonld.json")
    markup = _table("metadata_markup.json")
    au = _table("metadata_authors.json")
    prefixes = _alternation(au["prefixes"])
    particles = _alternation(au["particle_prefixes"])
    conj = _alternation(au["conjunctions"])
    # A prefix is followed by ':' or whitespace ("By:", "Von ", "文/").
    prefix_re = (
        rf"^(?:(?:{prefixes})(?:\s*[:：/]\s*|\s+)"
        rf"|(?:{_alternation(au['colon_prefixes'])})\s*[:：]\s*)"
    )
    return _Tables(
        meta={k: [x.lower() for x in v] for k, v in meta.items() if not k.startswith("_")},
        article_types=frozenset(ld["article_types"]),
        site_types=frozenset(ld["site_types"]),
        title_keys=tuple(ld["title_keys"]),
        author_keys=tuple(ld["author_keys"]),
        date_keys=tuple(ld["date_keys"]),
        paywall_values=frozenset(ld["paywall_values"]),
        headline_sel=tuple(markup["headline"]),
        chrome_re=re.compile(rf"(?<![a-z])(?:{_alternation(markup['chrome_hints'])})"),
        logo_re=re.compile(rf"(?<![a-z])(?:{_alternation(markup['logo_hints'])})"),
        author_sel=tuple((e["selector"], bool(e["all"])) for e in markup["author"]),
        date_sel=tuple(markup["date"]),
        date_text_sel=tuple(markup["date_text"]),
        modified_re=re.compile(_alternation(markup["modified_words"]), re.IGNORECASE),
        # "Headline at Site": the site part is only removed when it is the known name.
        connector_re=re.compile(
            rf"\s+(?:{_alternation(markup['site_connectors'])})\s+(.+)$", re.IGNORECASE
        ),
        prefix_re=re.compile(prefix_re, re.IGNORECASE),
        particle_re=re.compile(rf"^(?:{particles})(?:\s*:\s*|\s+)", re.IGNORECASE),
        byline_start_re=re.compile(
            rf"(?:{prefix_re})|(?:^(?:{particles})(?:\s*:\s*|\s+))", re.IGNORECASE
        ),
        placeholders=frozenset(x.casefold() for x in au["placeholders"]),
        placeholder_sub_re=re.compile(_alternation(au["placeholder_substrings"]), re.IGNORECASE),
        role_words=frozenset(r.casefold() for r in au["roles"] if " " not in r),
        collectives=frozenset(x.casefold() for x in au["collective_suffixes"]),
        agency_re=re.compile(
            rf"^(\S+(?:\s+\S+)+?)\s+({_alternation(au['agencies'])})$", re.IGNORECASE
        ),
        navigation=frozenset(x.casefold() for x in au["navigation"]),
        # A one-word role needs punctuation before it ("Jane Doe, Reporter");
        # a multi-word one may follow a space ("Jane Doe Staff Writer").
        role_re=re.compile(
            rf"(?:(?:^|\s*[,|/–—(-]\s*)(?:{_alternation(au['roles'])})"
            rf"|(?:^|\s+)(?:{_alternation(r for r in au['roles'] if ' ' in r)}))\b.*$",
            re.IGNORECASE,
        ),
        degrees=frozenset(x.casefold().replace(".", "") for x in au["degrees"]),
        cut_re=re.compile(
            rf"(?:^|\s|[,|(])(?:{_alternation(au['cut_markers'])})\b.*$", re.I | re.S
        ),
        split_re=re.compile(rf"\s*(?:[,;|/、，；]|\s(?:{conj})\s)\s*", re.IGNORECASE),
        max_words=int(au["max_words"]),
        max_chars=int(au["max_chars"]),
        max_authors=int(au["max_authors"]),
        newsroom_re=re.compile(
            "|".join(
                re.escape(w) if _CJK.fullmatch(w) else rf"(?<!\w){re.escape(w)}(?!\w)"
                for w in sorted(au["newsroom_words"], key=len, reverse=True)
            ),
            re.IGNORECASE,
        ),
        cjk_suffix_re=re.compile(
            rf"(?<=[\u3040-\u30ff\u4e00-\u9fff])(?:{_alternation(au['cjk_suffixes'])})$"
        ),
        trailing_re=re.compile(
            rf"[\s,]+(?:{_alternation(au['trailing_connectors'])})$", re.IGNORECASE
        ),
        agency_names=frozenset(a.casefold() for a in au["agencies"]),
        home_sel=tuple(markup["home_link"]),
    )


# --- small helpers ----------------------------------------------------------------


def _clean(s: Any) -> str | None:
    """Whitespace-normalised text, or None for empty / non-string values."""
    if isinstance(s, (int, float)) and not isinstance(s, bool):
        s = str(s)
    if not isinstance(s, str):
        return None
    if "&" in s and ";" in s:
        # Entities escaped twice by the CMS ("don&#39;t") survive the parser once.
        s = html.unescape(s)
    # split() drops the same whitespace as a \s+ regex (no-break space too).
    s = " ".join(s.replace("\u200b", "").split())
    return s or None


@lru_cache(maxsize=8192)
def _key(s: str) -> str:
    """Comparison key: NFKC, case-folded, only letters and digits."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(ch for ch in s if ch.isalnum())


def _split(url: str) -> SplitResult:
    """urlsplit that reads a malformed URL ("http://[::1") as an empty one."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def _node_text(node: LexborNode) -> str | None:
    return _clean(node.text(deep=True, separator=" "))


# --- collecting the page's declarations -------------------------------------------


@dataclass(slots=True)
class _Page:
    tree: LexborHTMLParser
    url: str | None
    meta: dict[str, list[str]] = field(default_factory=dict)
    ld_objects: list[dict[str, Any]] = field(default_factory=list)
    ld_ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    found: dict[str, list[LexborNode]] | None = None
    """The page's matches of each ``_DECLARATIONS`` selector, by tag."""

    def declared(self, tag: str) -> list[LexborNode]:
        """Every match of the ``_DECLARATIONS`` selector for ``tag``, in order."""
        if self.found is None:
            return self.tree.css(_DECLARATIONS[tag])
        return self.found[tag]


# Where pages declare things, by tag; one selector each. Read in one query
# (each css() call is a walk of the whole page).
_DECLARATIONS = {
    "meta": "meta",
    "script": "script",
    "title": "title",
    "base": "base[href]",
    "link": "link[rel][href]",
}


def _declarations(tree: LexborHTMLParser) -> dict[str, list[LexborNode]]:
    found: dict[str, list[LexborNode]] = {tag: [] for tag in _DECLARATIONS}
    # Each selector names its tag, so the tag says which one a node matched.
    for node in tree.css(", ".join(_DECLARATIONS.values())):
        bucket = found.get(node.tag or "")
        if bucket is not None:
            bucket.append(node)
    return found


def _collect_meta(metas: Iterable[LexborNode]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for node in metas:
        attrs = node.attributes
        content = _clean(attrs.get("content"))
        if content is None:
            content = _clean(attrs.get("value"))
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            raw = attrs.get(attr)
            if not raw:
                continue
            # Properties may be space-separated lists ("og:title dc:title").
            for k in raw.lower().split():
                out.setdefault(k.replace("dc:", "dc.").replace("dcterms:", "dcterms."), []).append(
                    content
                )
    return out


_JSON_FIXES = (
    (re.compile(r"^\s*<!--|-->\s*$"), ""),
    (re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$"), ""),
    (re.compile(r";\s*$"), ""),
)


def _parse_json(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    for pat, rep in _JSON_FIXES:
        raw = pat.sub(rep, raw)
    try:
        # Trailing commas are the most common hand-written JSON-LD error.
        return json.loads(re.sub(r",\s*([\]}])", r"\1", raw), strict=False)
    except ValueError:
        return None


def _walk_ld(obj: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    """Flatten lists and @graph containers into a list of typed objects."""
    if depth > 6:
        return
    if isinstance(obj, list):
        for x in obj:
            _walk_ld(x, out, depth + 1)
    elif isinstance(obj, dict):
        if "@type" in obj or "@id" in obj:
            out.append(obj)
        graph = obj.get("@graph")
        if graph is not None:
            _walk_ld(graph, out, depth + 1)
        main = obj.get("mainEntity")
        if isinstance(main, (dict, list)):
            _walk_ld(main, out, depth + 1)


def _collect_ld(scripts: Iterable[LexborNode]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in scripts:
        typ = (node.attributes.get("type") or "").lower()
        if "ld+json" not in typ:
            continue
        raw = node.text(deep=True)
        if not raw or not raw.strip():
            continue
        _walk_ld(_parse_json(raw), out)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    vals = t if isinstance(t, list) else [t]
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" name the same type.
    return {re.split(r"[/:#]", v)[-1] for v in vals if isinstance(v, str)}


def _page(tree: LexborHTMLParser, url: str | None) -> _Page:
    found = _declarations(tree)
    page = _Page(
        tree=tree,
        url=url,
        meta=_collect_meta(found["meta"]),
        ld_objects=_collect_ld(found["script"]),
        found=found,
    )
    for obj in page.ld_objects:
        oid = obj.get("@id")
        if isinstance(oid, str) and len(obj) > 1:
            page.ld_ids.setdefault(oid, obj)
    return page


def _meta_first(page: _Page, field_name: str) -> Iterator[str]:
    for key in tables().meta.get(field_name, []):
        yield from page.meta.get(key, [])


def _resolve(page: _Page, obj: Any) -> Any:
    if isinstance(obj, dict) and set(obj) <= {"@id", "@type"}:
        ref = obj.get("@id")
        if isinstance(ref, str) and ref in page.ld_ids:
            return page.ld_ids[ref]
    return obj


def _ld_article(page: _Page) -> dict[str, Any] | None:
    """The main article object: the first article-typed object, preferring real
    article types over a generic WebPage."""
    t = tables()
    best: dict[str, Any] | None = None
    for obj in page.ld_objects:
        types = _types(obj)
        if not types & t.article_types:
            continue
        if types - {"WebPage", "Blog", "VideoObject"}:
            return obj
        if best is None:
            best = obj
    return best


def _ld_name(page: _Page, obj: Any) -> str | None:
    obj = _resolve(page, obj)
    if isinstance(obj, list):
        for x in obj:
            name = _ld_name(page, x)
            if name:
                return name
        return None
    if isinstance(obj, dict):
        name = _clean(obj.get("name"))
        if name is None and (obj.get("givenName") or obj.get("familyName")):
            name = _clean(f"{obj.get('givenName') or ''} {obj.get('familyName') or ''}")
        return name
    return _clean(obj)


# --- title and site name ----------------------------------------------------------

# Separators between a headline and a site name. A colon only separates a
# known site name ("Site: Headline"), since headlines use colons themselves.
_SEP = re.compile(r"\s+[|\-–—·•»:~/]{1,2}\s+|\s*[|·•»]\s*|\s*[_｜]\s*|\s+::\s+")
_STRONG_SEPS = frozenset(("|", "–", "—", "-", "_", "·", "»", "｜"))
_COLON = re.compile(r"\s*[:：]\s+")


def _segments(title: str) -> list[str]:
    return [s for s in (x.strip() for x in _SEP.split(title)) if s]


def _site_keys(sites: Iterable[str | None], url: str | None) -> set[str]:
    keys = {_key(s) for s in sites if s}
    if url:
        host = (_split(url).hostname or "").lower()
        parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
        if parts:
            keys.add(_key("".join(parts[:-1]) if len(parts) > 1 else parts[0]))
            keys.add(_key(".".join(parts)))
            keys.add(_key(parts[0]))
    keys.discard("")
    return keys


def _is_site(segment: str, keys: set[str]) -> bool:
    k = _key(segment)
    if not k:
        return False
    if k in keys:
        return True
    # "The Guardian" vs "Guardian", "Le Monde.fr" vs "Le Monde", "BBC News" vs "BBC".
    return any(
        len(s) >= 3 and (k.startswith(s) or s.startswith(k)) and abs(len(s) - len(k)) <= 6
        for s in keys
    ) or (k.startswith("the") and k[3:] in keys)


def _strip_site(title: str, others: list[str], keys: set[str]) -> tuple[str, str | None]:
    """Remove a site name around the headline. Returns (headline, removed site)."""
    tk = _key(title)
    # 1. Another source (og:title, h1, JSON-LD) gives the bare headline.
    for other in others:
        ok = _key(other)
        if not ok or ok == tk or len(ok) < 0.3 * len(tk):
            continue
        for pos in (title.find(other), title.lower().find(other.lower())):
            if pos < 0:
                continue
            before, after = title[:pos].strip(), title[pos + len(other) :].strip()
            rest = after or before
            if not rest:
                continue
            if after and before:
                continue  # the headline sits in the middle: not a site affix
            ends = [m.end() for m in _SEP.finditer(before + " ")] if before else []
            if (after and _SEP.match(" " + after)) or (ends and ends[-1] == len(before) + 1):
                return other, _clean(_SEP.sub(" ", " " + rest + " "))
    # 2. A leading or trailing segment that is the site's name.
    segs = _segments(title)
    removed: list[str] = []
    while len(segs) > 1 and _is_site(segs[-1], keys):
        removed.append(segs.pop())
    while len(segs) > 1 and _is_site(segs[0], keys):
        removed.append(segs.pop(0))
    if removed:
        return _rejoin(title, segs), removed[-1] if len(removed) == 1 else removed[0]
    for m in tables().connector_re.finditer(title):
        head = title[: m.start()].strip()
        if _is_site(m.group(1), keys) and len(head.split()) >= 3:
            return head, m.group(1).strip()
    cm = _COLON.search(title)
    if cm and _is_site(title[: cm.start()], keys) and title[cm.end() :].strip():
        return title[cm.end() :].strip(), title[: cm.start()].strip()
    # 3. An unknown short trailing segment after a long headline is a site name
    #    ("Headline words here | Daily Post"); keep anything that could be part
    #    of the headline.
    if len(segs) >= 2:
        head, tail = _rejoin(title, segs[:-1]), segs[-1]
        last_sep = [m.group().strip() for m in _SEP.finditer(title)][-1:]
        strong = bool(last_sep) and last_sep[0] in _STRONG_SEPS
        # A site name is written like a name: not starting with a lower-case word.
        named = not tail[:1].islower()
        if strong and named and len(tail.split()) <= 4 and len(tail) <= 40 and _long_headline(head):
            return head, tail
    return title, None


def _long_headline(head: str) -> bool:
    """Four words, or eight CJK characters (written without spaces)."""
    return len(head.split()) >= 4 or sum(len(run) for run in _CJK.findall(head)) >= 8


def _rejoin(title: str, segs: list[str]) -> str:
    """The span of the original title from the first to the last kept segment."""
    if not segs:
        return title
    start = title.find(segs[0])
    end = title.rfind(segs[-1])
    if start < 0 or end < 0 or end < start:
        return " ".join(segs)
    return title[start : end + len(segs[-1])].strip()


def _is_logo(node: LexborNode) -> bool:
    """An h1 that is the site's logo or name: a link home, or logo/brand classes."""
    t = tables()
    cur: LexborNode | None = node
    for _ in range(4):
        if cur is None:
            break
        attrs = cur.attributes
        cls = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        if t.logo_re.search(cls):
            return True
        cur = cur.parent
    link = node.css_first("a[href]")
    if link is None:
        return False
    href = (link.attributes.get("href") or "").strip()
    path = _split(href).path
    home = path in ("", "/", "./", "../") or re.fullmatch(r"/?(?:\.\./)*index\.\w+", path)
    return bool(home) and _key(_node_text(link) or "") == _key(_node_text(node) or "")


def _headline_nodes(page: _Page) -> tuple[list[str], list[str]]:
    """Visible headline candidates, and logo texts (the site's name as shown)."""
    out: list[str] = []
    logos: list[str] = []
    h1s: list[LexborNode] | None = None
    for sel in tables().headline_sel:
        keep = _h1_filter(sel)
        if keep is None:
            found = page.tree.css(sel)
        else:
            # The h1 selectors filter one list of the page's h1s (each css()
            # call is a walk of the whole page).
            if h1s is None:
                h1s = page.tree.css("h1")
            found = [n for n in h1s if keep(n)]
        for node in found[:2]:
            text = _node_text(node)
            if not text or len(text) > 300 or text in out:
                continue
            if _is_logo(node):
                logos.append(text)
                continue
            out.append(text)
            break
        if len(out) >= 3:
            break
    return out, logos


# Selectors of h1 elements that are filtered in Python: "h1", "<tag> h1",
# "h1[class*=<word> i]".
_H1_PLAIN = re.compile(r"h1")
_H1_INSIDE = re.compile(r"([a-z][a-z0-9]*)\s+h1")
_H1_CLASS = re.compile(r"h1\[class\*=([a-z0-9_-]+) i\]")
# CSS "i" compares ASCII letters without case, and nothing else.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _h1_filter(selector: str) -> Callable[[LexborNode], bool] | None:
    """For an h1 selector of the forms above, the test it makes of an h1
    element; None for any other selector."""
    sel = selector.strip()
    if _H1_PLAIN.fullmatch(sel):
        return lambda node: True
    m = _H1_INSIDE.fullmatch(sel)
    if m:
        tag = m.group(1)

        def inside(node: LexborNode) -> bool:
            cur = node.parent
            while cur is not None:
                if cur.tag == tag:
                    return True
                cur = cur.parent
            return False

        return inside
    m = _H1_CLASS.fullmatch(sel)
    if m:
        word = m.group(1)
        return lambda node: word in (node.attributes.get("class") or "").translate(_ASCII_LOWER)
    return None


def _agrees(a: str, b: str) -> bool:
    """Same headline, possibly with a site name around one of them."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return short in long_ and len(short) >= 0.4 * len(long_)


def _title_and_site(page: _Page, article: dict[str, Any] | None) -> tuple[str | None, str | None]:
    t = tables()
    ld_title = None
    if article is not None:
        for k in t.title_keys:
            ld_title = _clean(article.get(k))
            if ld_title:
                break
    meta_title = next(iter(_meta_first(page, "title")), None)
    tnode = next(iter(page.declared("title")), None)
    doc_title = _node_text(tnode) if tnode is not None else None
    h1s, logos = _headline_nodes(page)

    site = _site_name(page, article)
    if site is None:
        titles = [c for c in (doc_title, meta_title, ld_title) if c]
        site = _inferred_site(page, titles, logos)
    keys = _site_keys([site, *logos], page.url)
    candidates: list[str] = []
    for c in (ld_title, meta_title, doc_title, *h1s):
        if c and c not in candidates:
            candidates.append(c)
    if not candidates:
        return None, site
    # The headline most sources agree on wins (the visible h1 counts as a
    # source); on a tie the order above decides: JSON-LD and og:title are
    # written for sharing and are the cleanest.
    support = [sum(_agrees(c, o) for o in candidates if o is not c) for c in candidates]
    best = max(range(len(candidates)), key=lambda i: (support[i], -i))
    title = candidates[best]
    others = [c for c in candidates if c is not title and _agrees(c, title)]
    headline, removed = _strip_site(title, others, keys)
    if site is None and removed and _name_like(removed):
        site = removed  # not a section word ("Opinion | Headline")
    if site is None:
        site = _suffix_site(headline, [c for c in (doc_title, meta_title) if c])
    return headline, site


def _suffix_site(headline: str, titles: list[str]) -> str | None:
    """<title> is the bare headline plus a short named tail ("Headline - Site"):
    one source only, so only after a strong separator and shaped like a name."""
    for title in titles:
        pos = title.find(headline)
        if title == headline or pos < 0:
            continue
        # "Section | Headline - Site": what follows the headline.
        rest = title[pos + len(headline) :]
        m = _SEP.match(rest)
        if not m or m.group().strip() not in _STRONG_SEPS:
            continue
        tail = rest[m.end() :].strip()
        if (
            _name_like(tail)
            and len(tail.split()) <= 4
            and len(tail) <= 40
            and not tail[:1].islower()
            and not _SEP.search(tail)
        ):
            return tail
    return None


_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*)?"
    r"(?:by\s+)?([^\d.|,;·。©]{2,60})",
    re.IGNORECASE,
)
_RIGHTS = re.compile(
    r"\s+(?:all rights|alle rechte|tous droits|todos los derechos|tutti i diritti"
    r"|todos os direitos|alle rechten|wszelkie prawa|все права|tüm hakları).*$",
    re.IGNORECASE,
)


# Letters NFKD leaves whole, as domains write them ("Głos Pomorza" -> gospomorza.pl).
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def _fold(s: str) -> str:
    """_key without accents: "L'Écho des Vallées" meets lechodesvallees.fr."""
    d = unicodedata.normalize("NFKD", _key(s)).translate(_UNDECOMPOSED)
    return "".join(ch for ch in d if not unicodedata.combining(ch))


def _same_site(a: str, b: str) -> bool:
    ka, kb = _fold(a), _fold(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    # "Harbour Courier" / "The Harbour Courier"; "Salon" / "Salon.com".
    if len(short) >= 4 and (
        long_ == "the" + short or (long_.startswith(short) and len(long_) - len(short) <= 3)
    ):
        return True
    # A long name and a domain one letter apart ("Głos Pomorza" / gospomorza.pl).
    return len(short) >= 8 and _one_edit(short, long_)


def _one_edit(a: str, b: str) -> bool:
    """b is a with at most one letter inserted, deleted or replaced."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


def _name_like(text: str | None) -> bool:
    if not text or len(text) > 60 or len(text.split()) > 6:
        return False
    return text.casefold() not in tables().navigation and any(ch.isalpha() for ch in text)


def _home_texts(page: _Page) -> list[str]:
    """How the site shows its own name: logo text, the link home."""
    out: list[str] = []
    # One pass over the tree for all selectors, in document order (headers first).
    for node in page.tree.css(", ".join(tables().home_sel))[:6]:
        text = _node_text(node)
        if text and _name_like(text) and text not in out:
            out.append(text)
    return out


def _masthead_texts(page: _Page) -> list[str]:
    """The first texts of the body: where an old layout prints its name."""
    body = page.tree.body
    out: list[str] = []
    if body is None:
        return out
    for i, node in enumerate(body.traverse(include_text=True)):
        if i > 200 or len(out) >= 2:
            break
        if not node.is_text_node or node.parent is None or node.parent.tag in _NOT_MASTHEAD:
            continue
        text = _clean(node.text(deep=False))
        if text and not _in_chrome(node.parent):
            if _name_like(text):
                out.append(text)
            else:
                break
    return out


def _copyright_holders(page: _Page) -> list[str]:
    out: list[str] = []
    sel = "footer, [class*=footer i], [id*=footer i], [class*=copyright i]"
    for node in page.tree.css(sel)[:6]:
        text = _node_text(node) or ""
        for m in _COPYRIGHT.finditer(text[:2000]):
            holder = _clean(_RIGHTS.sub("", m.group(1)))
            if not holder:
                continue
            # "瀬戸内日日新聞 無断転載を禁じます": CJK holders end at the first space.
            first = holder.split()[0]
            for h in (holder, first) if _CJK.fullmatch(first) else (holder,):
                if _name_like(h) and h not in out and not _COPYRIGHT.fullmatch(h + " x"):
                    out.append(h)
    return out


def _title_affixes(titles: list[str]) -> list[str]:
    """The first and last segment of each title ("Headline | Site", "Site: Headline")."""
    out: list[str] = []
    for title in titles:
        parts: list[str] = []
        segs = _segments(title)
        if len(segs) >= 2:
            parts.extend((segs[-1], segs[0]))
        m = _COLON.search(title)
        if m:
            parts.extend((title[: m.start()].strip(), title[m.end() :].strip()))
        # The longest part is the headline, whatever else repeats it on the page.
        longest = max([*segs, *parts], key=len, default="")
        out.extend(p for p in parts if len(p) < len(longest))
    return [a for a in out if _name_like(a)]


def _inferred_site(page: _Page, titles: list[str], logos: list[str]) -> str | None:
    """A site name no declaration gives, from two sources that agree: a title
    affix, the logo / home-link text, the copyright holder, the domain."""
    affixes = _title_affixes(titles)
    home = [*logos, *_home_texts(page)]
    holders = _copyright_holders(page)
    host = (_split(page.url or "").hostname or "").lower()
    labels = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
    domain = labels[0] if len(labels) > 1 else ""
    masthead = _masthead_texts(page)
    for a in affixes:
        if any(_same_site(a, x) for x in (*home, *holders, *masthead)) or (
            domain and _same_site(a, domain)
        ):
            return a
    for h in (*home, *masthead):
        if any(_same_site(h, c) for c in holders) or (domain and _same_site(h, domain)):
            return h
    for c in holders:
        if domain and _same_site(c, domain):
            return c
    return None


def _site_candidates(page: _Page, article: dict[str, Any] | None) -> list[str]:
    t = tables()
    out: list[str] = [
        v
        for v in page.meta.get(t.meta["site_name"][0], [])[:1]
        if not _URLISH.match(v) and not v.startswith("@")
    ]
    if article is not None:
        name = _ld_name(page, article.get("publisher"))
        if name:
            out.append(name)
    for key in t.meta["site_name"][1:]:
        for v in page.meta.get(key, [])[:1]:
            if not v.lower().startswith(("http", "www.", "@", "©", "(c)", "copyright")):
                out.append(v)
    for obj in page.ld_objects:
        if _types(obj) & t.site_types:
            name = _clean(obj.get("name"))
            if name:
                out.append(name)
    return out


def _site_name(page: _Page, article: dict[str, Any] | None) -> str | None:
    cands = [c for c in _site_candidates(page, article) if len(c) <= 100]
    if not cands:
        return None
    best = cands[0]
    # "Site - tagline" / "Site Inc" / "Site.fr" next to a bare "Site" from
    # another declaration: the bare name is how the site names itself.
    # The shorter one must end at a word boundary: "Le Monde.fr" is how that
    # site writes itself, "Spiceworks Inc" and "Site - tagline" are not.
    for other in cands[1:]:
        n = len(other)
        if (
            3 <= n < len(best)
            and best[:n].casefold() == other.casefold()
            and (best[n].isspace() or best[n] in "|-–—:·,")
        ):
            best = other
    return best


# --- authors ----------------------------------------------------------------------

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URLISH = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DATEISH = re.compile(
    r"(?:\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b.*$|"
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[,.]\s.*$|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b\d{1,2}:\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b.*$)",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"^@\w+$")


_INVERTED = re.compile(r"^([^\W\d_][\w'’-]+),\s+((?:[^\W\d_][\w.'’-]*\s?){1,3})$")


def _clean_author(raw: str) -> list[str]:
    """One raw author value -> zero or more clean names."""
    t = tables()
    if not isinstance(raw, str) or len(raw) > 300:
        return []
    # A byline box's first line names the author; later lines are dates, roles
    # or the outlet.
    lines = [ln for ln in (x.strip() for x in raw.splitlines()) if ln]
    s = _clean(lines[0] if lines else "") or ""
    if len(lines) > 1 and t.prefix_re.fullmatch(s + " "):
        s = _clean(f"{s} {lines[1]}") or ""
    if _URLISH.match(s) or s.casefold() in t.navigation or s.casefold() in t.placeholders:
        return []
    s = re.sub(r"\((?:[^)]*(?:@|http|www\.|twitter|\d{4})[^)]*)\)", " ", s)
    s = _EMAIL.sub(" ", s)
    s = _URLISH.sub(" ", s)
    s = _clean(s) or ""
    for _ in range(2):
        s = t.prefix_re.sub("", s).strip()
        m = t.particle_re.match(s)
        if m and len(s[m.end() :].split()) >= 2:
            s = s[m.end() :].strip()
    s = t.cut_re.sub(" ", s)
    s = _clean(months().dateish.sub(" ", _DATEISH.sub(" ", s))) or ""
    s = t.trailing_re.sub("", s.strip(" |·•-–—,/")).strip()
    inv = _INVERTED.match(s)
    if inv and not t.split_re.search(inv.group(2)) and not _CJK.search(s):
        # Bibliographic "Last, First" (dc.creator, citation_author).
        s = f"{inv.group(2).strip()} {inv.group(1)}"
    names: list[str] = []
    parts = t.split_re.split(s)
    if len(parts) > 1 and any(sum(ch.isalpha() for ch in p) < 2 for p in parts):
        # "Mac & i", "Smith, J": a split that leaves a letter alone is not a list.
        parts = [s]
    if len(parts) == 1 and " " in s and all(_CJK.fullmatch(w) for w in s.split()):
        # CJK names carry no inner space: "李明轩 陈晓燕" is two people.
        parts = s.split()
    desk = False
    for part in parts:
        part = t.prefix_re.sub("", part.strip(" -–—:|,.·•")).strip()
        part = t.role_re.sub("", part).strip(" -–—:|,·•")
        part = t.trailing_re.sub("", t.cjk_suffix_re.sub("", part)).strip()
        if not part or part.casefold().replace(".", "") in t.degrees:
            continue
        if t.newsroom_re.search(part) or part.casefold() in t.placeholders:
            desk = True
            continue
        agency = t.agency_re.match(part)
        if agency:
            # "ERIC TUCKER Associated Press": a name with its agency appended.
            names.extend(agency.groups())
            continue
        names.append(part)
    if desk and all(n.casefold() in t.agency_names for n in names):
        # "dpa/Redaktion": the desk's own rewrite of wire copy names nobody.
        return []
    return [n for n in names if _plausible_name(n)]


_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|co|info|news|[a-z]{2})\b", re.IGNORECASE)


def _plausible_name(name: str) -> bool:
    t = tables()
    low = name.casefold()
    if low in t.placeholders or low in t.navigation or _HANDLE.match(name):
        return False
    # "jdadmin"; "Cleveland.com" (the outlet, not a person); "AP Auto Writer"
    # (a role description standing where a name would be).
    if t.placeholder_sub_re.search(name) or _DOMAIN.search(name) or t.newsroom_re.search(name):
        return False
    last = low.split()
    if last[-1] in t.role_words:
        return False
    # "HNN Staff", "Telegraph Sport", "News Nation Bureau": a newsroom, not a person.
    if len(last) > 1 and (last[-1] in t.collectives or " ".join(last[-2:]) in t.collectives):
        return False
    if len(name) > t.max_chars or len(name.split()) > t.max_words:
        return False
    letters = sum(ch.isalpha() for ch in name)
    if letters < 2 or letters < 0.6 * len(name.replace(" ", "")):
        return False
    words = low.split()
    # Latin-script names have a word of two letters or more ("J S" is debris);
    # CJK names are written without spaces and pass on letter count.
    if all(len(w.strip(".")) < 2 for w in words):
        return False
    # "Read more from Jane" / "Follow on Twitter": a sentence, not a name.
    return not (len(words) > 1 and sum(w in t.navigation for w in words) > len(words) / 2)


def _dedup(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for n in names:
        k = _key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out[: tables().max_authors]


def _ld_authors(page: _Page, article: dict[str, Any] | None) -> list[str]:
    if article is None:
        return []
    out: list[str] = []
    for key in tables().author_keys:
        val = article.get(key)
        vals = val if isinstance(val, list) else [val]
        for v in vals:
            v = _resolve(page, v)
            if isinstance(v, dict):
                name = _ld_name(page, v)
                if name:
                    out.extend(_clean_author(name))
            elif isinstance(v, str):
                out.extend(_clean_author(v))
        if out:
            break
    return _dedup(out)


def _in_chrome(node: LexborNode) -> bool:
    """Inside navigation, menus, footers or sidebars: author links there are
    lists of the site's writers, not this article's byline."""
    rx = tables().chrome_re
    cur = node.parent
    for _ in range(10):
        if cur is None or cur.tag in ("body", "html", "article", "main"):
            return False
        if cur.tag in ("nav", "footer", "aside", "menu"):
            return True
        attrs = cur.attributes
        if rx.search(
            f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}".lower()
        ):
            return True
        cur = cur.parent
    return False


def _text_without_time(node: LexborNode) -> str:
    """A byline box's text without its <time>: "Ann Lee · Published 3 May" -> "Ann Lee ·"."""
    text = node.text(deep=True, separator=" ") or ""
    for tnode in node.css("time"):
        ttext = tnode.text(deep=True, separator=" ") or ""
        if ttext.strip():
            text = text.replace(ttext, " ")
    return text


def _markup_authors(page: _Page) -> list[str]:
    for sel, read_all in tables().author_sel:
        out: list[str] = []
        for node in page.tree.css(sel)[:6]:
            if not read_all and _in_chrome(node):
                continue
            text = _clean(node.attributes.get("content")) or _text_without_time(node)
            if text and len(text) <= 200:
                out.extend(_clean_author(text))
            if out and not read_all:
                break
        if out:
            return _dedup(out)
    return []


_BYLINE_MAX = 120
_BYLINE_SCAN = 4000  # nodes
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "title"))
_NOT_BYLINE = _HEADINGS | {"a", "script", "style", "button", "option", "label", "noscript"}
# A masthead may be a link home; the rest of _NOT_BYLINE holds no masthead.
_NOT_MASTHEAD = _NOT_BYLINE - {"a"}
_BYLINE_RESIDUE = 20  # letters of prefix and date words left beside the names
# Lower-case words inside a name ("Pieter van Dam", "Ana de la Cruz").
_PARTICLES = frozenset(
    ("von", "van", "de", "da", "di", "del", "della", "der", "den", "du", "la", "le")
    + ("al", "el", "bin", "ibn", "y", "e", "dos", "das", "do", "zu", "ten")
)


def _cased_name(name: str) -> bool:
    """Words of a cased script start with a capital ("Ann de la Cruz"); "the end
    of the year" after a "By" is a sentence. Uncased scripts pass."""
    for w in name.split():
        c = w[0]
        cased_lower = c.isalpha() and c.lower() != c.upper() and not c.isupper()
        if cased_lower and w.casefold() not in _PARTICLES:
            return False
    return True


def _full_name(name: str) -> bool:
    """Two words, or a script written without spaces (CJK)."""
    return len(name.split()) >= 2 or bool(_CJK.search(name))


def _byline_names(text: str | None) -> list[str]:
    """Names of a short byline text, when names are most of it: "Yahoo's Sale
    Ends an Era for a Web Pioneer" is a headline that happens to end in capitals."""
    if not text or len(text) > _BYLINE_MAX:
        return []
    names = [n.strip(" /／|·•-–—,") for n in _clean_author(text.strip(" |·•-–—,"))]
    if not names or not all(_cased_name(n) for n in names):
        return []
    # Unmarked text needs full names: "Mon" before "18 Nov 2019" is a weekday,
    # "Madrid" after "Ana Ruiz |" a dateline.
    names = [n for n in names if _full_name(n)]
    rest = months().dateish.sub(" ", _DATEISH.sub(" ", text))
    for n in names:
        rest = rest.replace(n, " ")
    rest = tables().prefix_re.sub("", rest.strip())
    return names if sum(ch.isalpha() for ch in rest) <= _BYLINE_RESIDUE else []


_CAPTION = re.compile(r"caption|credit", re.IGNORECASE)


def _in_figure(node: LexborNode) -> bool:
    """In a figure or caption: "Photo: Agency" credits, not bylines."""
    cur: LexborNode | None = node
    for _ in range(4):
        if cur is None:
            return False
        if cur.tag in ("figure", "figcaption") or _CAPTION.search(
            cur.attributes.get("class") or ""
        ):
            return True
        cur = cur.parent
    return False


def _text_byline(page: _Page) -> list[str]:
    """Bylines without byline markup: the words before the article's <time>
    ("Von Ann Lee · <time>", "Ann Lee | <time>"), or a short element opening with
    a byline word ("Submitted by Ann Lee on 3 May 2021", "Por Ann Lee")."""
    t = tables()
    for node in page.tree.css("time")[:4]:
        parent = node.parent
        if parent is None or parent.tag in _HEADINGS or _in_chrome(node):
            continue
        before: list[str] = []
        for child in parent.iter(include_text=True):
            if child == node:
                break
            before.append(child.text(deep=True, separator=" ") or "")
        names = _byline_names(_clean(" ".join(before)))
        if names:
            return _dedup(names)
    body = page.tree.body
    if body is None:
        return []
    for i, node in enumerate(body.traverse(include_text=True)):
        if i > _BYLINE_SCAN:
            break  # bylines sit near the top; a long page is not scanned to its end
        if not node.is_text_node:
            continue
        raw = (node.text(deep=False) or "").strip()
        if not raw or not t.byline_start_re.match(raw + " "):
            continue
        parent = node.parent
        # A link opening with a byline word is a link label ("Text Without Notes").
        if parent is None or parent.tag in _NOT_BYLINE or _in_chrome(parent):
            continue
        if _in_figure(parent):
            continue  # "Photo: Agency" credits
        text = _node_text(parent)
        if not text or not text.startswith(raw[:12]):
            continue
        names = _byline_names(text)
        if names:
            return _dedup(names)
    return []


def _authors(page: _Page, article: dict[str, Any] | None) -> list[str]:
    found = _ld_authors(page, article)
    if found:
        return found
    for key in tables().meta["author"]:
        # Every value of the first key that names someone: one meta tag per
        # co-author is common (dc.creator, citation_author, article:author).
        names = _dedup(n for v in page.meta.get(key, []) for n in _clean_author(v))
        if names:
            return names
    return _markup_authors(page) or _text_byline(page)


# --- dates ------------------------------------------------------------------------

_MIN_YEAR = 1990
_ISO_TZ = re.compile(r"([+-]\d{2})(\d{2})$")
_YMD = re.compile(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_YMD_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:\D|$)")
_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b")
_CJK_YMD = re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True, slots=True)
class _Months:
    names: dict[str, int]
    mdy: re.Pattern[str]
    dmy: re.Pattern[str]
    dateish: re.Pattern[str]


@lru_cache(maxsize=1)
def months() -> _Months:
    """Month names of every language in data/metadata_dates.json -> month number,
    and the text-date patterns built from them."""
    data = _table("metadata_dates.json")
    names: dict[str, int] = {}
    for per_lang in data["months"].values():
        for i, forms in enumerate(per_lang):
            for form in forms:
                names[form.casefold()] = i + 1
    alt = _alternation(names)
    day_words = _alternation(data["day_words"])
    month = rf"(?<![^\W\d_])({alt})(?![^\W\d_])\.?"
    year = r"((?:19|20)\d{2})(?!\d)"
    return _Months(
        names=names,
        mdy=re.compile(rf"{month},?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}", re.I),
        dmy=re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:(?:{day_words})\s+)?{month},?"
            rf"\s*(?:(?:{day_words})\s+)?{year}",
            re.I,
        ),
        # In a byline: a date from the first day-and-month on ("Von Ann Lee 5. Mai 2021").
        dateish=re.compile(
            rf"(?<!\d)\d{{1,2}}(?:\.|º|er)?\s+(?:(?:{day_words})\s+)?{month}.*$", re.I | re.S
        ),
    )


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\.html?|$)"
)
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)")


def _valid(d: _date) -> bool:
    return _MIN_YEAR <= d.year <= datetime.now(UTC).year + 1


def parse_date(value: str) -> str | None:
    """A date or timestamp in a common machine or English format -> ISO 8601.

    Timestamps keep their time and offset; plain dates give ``YYYY-MM-DD``.
    """
    s = _clean(value)
    if s is None or len(s) > 80:
        return None
    if s.isdigit() and len(s) in (10, 13):
        # Unix seconds / milliseconds.
        try:
            ts = int(s) / (1000 if len(s) == 13 else 1)
            dt = datetime.fromtimestamp(ts, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return dt.isoformat(timespec="seconds") if _valid(dt.date()) else None
    iso = s.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", s) else s
    iso = _ISO_TZ.sub(r"\1:\2", iso)
    iso = re.sub(r"(\.\d{6})\d+", r"\1", iso)
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        parsed = None
    if parsed is not None:
        dt = parsed
        if not _valid(dt.date()):
            return None
        has_time = "T" in iso and len(iso) > 10
        return dt.isoformat(timespec="seconds") if has_time else dt.date().isoformat()
    if re.match(r"^[A-Za-z]{3},", s):
        try:
            dt = parsedate_to_datetime(s)
            return dt.isoformat(timespec="seconds") if _valid(dt.date()) else None
        except (TypeError, ValueError, IndexError):
            pass
    mo = months()
    s = s.translate(_DIGITS)
    for rx, order in (
        (_YMD, "ymd"),
        (_CJK_YMD, "ymd"),
        (_YMD_COMPACT, "ymd"),
        (_DMY, "dmy"),
        (mo.mdy, "mdy"),
        (mo.dmy, "dmy"),
    ):
        m = rx.search(s)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month_s = parts["m"]
        month = int(month_s) if month_s.isdigit() else mo.names.get(month_s.casefold())
        if month is None:
            continue
        day = int(parts["d"])
        if rx is _DMY and month > 12 >= day:
            # 05/29/2007: the US month-first order.
            month, day = day, month
        try:
            d = _date(int(parts["y"]), month, day)
        except ValueError:
            continue
        if _valid(d):
            return d.isoformat()
    return None


def _ld_date(article: dict[str, Any] | None, objects: list[dict[str, Any]]) -> str | None:
    t = tables()
    pool = [article] if article is not None else []
    pool.extend(o for o in objects if o is not article and _types(o) & t.article_types)
    for obj in pool:
        for key in t.date_keys:
            val = obj.get(key)
            if isinstance(val, list):
                val = val[0] if val else None
            if isinstance(val, str):
                d = parse_date(val)
                if d:
                    return d
    return None


def _markup_date(page: _Page) -> str | None:
    t = tables()
    for sel in t.date_sel:
        for node in page.tree.css(sel)[:3]:
            attrs = node.attributes
            for val in (attrs.get("datetime"), attrs.get("content"), _node_text(node)):
                if val:
                    d = parse_date(val)
                    if d:
                        return d
    # Dates written as text next to the byline ("Published 3 March 2021").
    for sel in t.date_text_sel:
        for node in page.tree.css(sel)[:3]:
            if _in_chrome(node):
                continue
            text = _node_text(node)
            cls = f"{node.attributes.get('class') or ''} {text or ''}"
            if not text or len(text) > 200 or t.modified_re.search(cls):
                continue
            d = parse_date(text)
            if d:
                return d
    return None


def url_date(url: str | None) -> str | None:
    """A YYYY/MM/DD date in the URL path; the last resort for a date."""
    if not url:
        return None
    path = _split(url).path
    m = _URL_DATE.search(path) or _URL_DATE_COMPACT.search(path)
    if not m:
        return None
    try:
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return d.isoformat() if _valid(d) else None


def _published(page: _Page, article: dict[str, Any] | None) -> str | None:
    d = _ld_date(article, page.ld_objects)
    if d:
        return d
    for v in _meta_first(page, "date"):
        d = parse_date(v)
        if d:
            return d
    found = _markup_date(page) or url_date(page.url)
    if found:
        return found
    # The URL the page declares for itself often carries the date when the
    # page was fetched under another address.
    for v in _meta_first(page, "canonical_url"):
        found = url_date(v)
        if found:
            return found
    node = page.tree.css_first("link[rel=canonical][href]")
    return url_date(node.attributes.get("href")) if node is not None else None


# --- canonical URL, language, paywall ---------------------------------------------


def _base(page: _Page) -> str | None:
    node = next(iter(page.declared("base")), None)
    href = node.attributes.get("href") if node is not None else None
    if href:
        return urljoin(page.url or "", href.strip())
    return page.url


def _absolute(href: str | None, base: str | None) -> str | None:
    href = _clean(href)
    if not href:
        return None
    try:
        full = urljoin(base or "", href)
    except ValueError:
        return None
    parts = _split(full)
    return full if parts.scheme in ("http", "https") and parts.netloc else None


def _canonical(page: _Page) -> str | None:
    base = _base(page)
    for node in page.declared("link"):
        rels = (node.attributes.get("rel") or "").lower().split()
        if "canonical" in rels:
            found = _absolute(node.attributes.get("href"), base)
            if found:
                return found
    for v in _meta_first(page, "canonical_url"):
        found = _absolute(v, base)
        if found:
            return found
    return None


_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def normalise_language(value: str | None) -> str | None:
    """'en-US' / 'pt_BR' / 'DE' -> 'en' / 'pt' / 'de'; None for anything else."""
    if not value:
        return None
    m = _LANG.match(value.strip())
    return m.group(1).lower() if m else None


def _language(page: _Page) -> str | None:
    html = page.tree.css_first("html")
    if html is not None:
        for attr in ("lang", "xml:lang"):
            lang = normalise_language(html.attributes.get(attr))
            if lang:
                return lang
    for v in _meta_first(page, "language"):
        lang = normalise_language(v.split(",")[0])
        if lang:
            return lang
    return None


def _not_free(page: _Page, article: dict[str, Any] | None) -> bool:
    t = tables()

    def flag(obj: Any) -> bool:
        if not isinstance(obj, dict):
            return False
        val = obj.get("isAccessibleForFree")
        return val is False or (isinstance(val, str) and val.strip().lower() in t.paywall_values)

    pool = [article] if article is not None else []
    pool.extend(o for o in page.ld_objects if _types(o) & t.article_types)
    for obj in pool:
        if flag(obj):
            return True
        parts = obj.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if flag(part):
                return True
    return any(v.lower() in ("locked", "metered", "premium") for v in _meta_first(page, "paywall"))


def _page_type(page: _Page, article: dict[str, Any] | None) -> str | None:
    og = next(iter(_meta_first(page, "page_type")), None)
    if og:
        return og.lower()
    if article is not None:
        types = sorted(_types(article))
        if types:
            return types[0].lower()
    return None


# --- entry point ------------------------------------------------------------------


def _without_outlet(names: list[str], site: str | None) -> list[str]:
    """Drop the outlet listed beside its writers ("Jill Disis, CNN Business");
    alone it stays: an agency or outlet byline is all the page says."""
    sk = _key(site) if site else ""
    if len(names) < 2 or len(sk) < 3:
        return names
    kept = [
        n
        for n in names
        if not (_key(n).startswith(sk) or (len(_key(n)) >= 5 and sk.startswith(_key(n))))
    ]
    return kept or names


def _safe(fn: Callable[[], T], default: T) -> T:
    # One field that trips over odd markup must not cost the others.
    try:
        return fn()
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        return default


def extract_metadata(tree: LexborHTMLParser, url: str | None = None) -> Metadata:
    """Title, site name, authors, publication date, canonical URL and hints of one
    page. Never raises on odd markup: a field it cannot read stays empty."""
    page = _safe(lambda: _page(tree, url), None) or _Page(tree=tree, url=url)
    article = _safe(lambda: _ld_article(page), None)
    no_title: tuple[str | None, str | None] = (None, None)
    title, site = _safe(lambda: _title_and_site(page, article), no_title)
    return Metadata(
        title=title,
        site_name=site,
        authors=_without_outlet(_safe(lambda: _authors(page, article), []), site),
        date=_safe(lambda: _published(page, article), None),
        canonical_url=_safe(lambda: _canonical(page), None),
        paywalled_hint=_safe(lambda: _not_free(page, article), False),
        language_hint=_safe(lambda: _language(page), None),
        page_type=_safe(lambda: _page_type(page, article), None),
    )


__all__ = ["Metadata", "extract_metadata", "normalise_language", "parse_date", "url_date"]
