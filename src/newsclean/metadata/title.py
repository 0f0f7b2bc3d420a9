"""Title and site name.

When nothing declares the site name it is inferred when two shown sources agree
(title affix, logo / home-link text, masthead text, copyright holder, domain), or
from a short named suffix of <title> around the bare headline.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from selectolax.lexbor import LexborNode

from newsclean.metadata.jsonld import ld_types
from newsclean.metadata.page import (
    NOT_MASTHEAD,
    URLISH,
    Page,
    fold_key,
    in_chrome,
    ld_name,
    meta_values,
    node_text,
    split_url,
    tidy,
)
from newsclean.metadata.tables import CJK, tables

# --- title and site name ----------------------------------------------------------

# Separators between a headline and a site name. A colon only separates a
# known site name ("Site: Headline"), since headlines use colons themselves.
def _segments(title: str) -> list[str]:
    return [s for s in (x.strip() for x in tables().title_sep_re.split(title)) if s]


def _site_keys(sites: Iterable[str | None], url: str | None) -> set[str]:
    keys = {fold_key(s) for s in sites if s}
    if url:
        host = (split_url(url).hostname or "").lower()
        parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
        if parts:
            keys.add(fold_key("".join(parts[:-1]) if len(parts) > 1 else parts[0]))
            keys.add(fold_key(".".join(parts)))
            keys.add(fold_key(parts[0]))
    keys.discard("")
    return keys


def _is_site(segment: str, keys: set[str]) -> bool:
    k = fold_key(segment)
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
    tk = fold_key(title)
    # 1. Another source (og:title, h1, JSON-LD) gives the bare headline.
    for other in others:
        ok = fold_key(other)
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
            sep = tables().title_sep_re
            ends = [m.end() for m in sep.finditer(before + " ")] if before else []
            if (after and sep.match(" " + after)) or (ends and ends[-1] == len(before) + 1):
                return other, tidy(sep.sub(" ", " " + rest + " "))
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
    cm = tables().title_colon_re.search(title)
    if cm and _is_site(title[: cm.start()], keys) and title[cm.end() :].strip():
        return title[cm.end() :].strip(), title[: cm.start()].strip()
    # 3. An unknown short trailing segment after a long headline is a site name
    #    ("Headline words here | Daily Post"); keep anything that could be part
    #    of the headline.
    if len(segs) >= 2:
        head, tail = _rejoin(title, segs[:-1]), segs[-1]
        last_sep = [m.group().strip() for m in tables().title_sep_re.finditer(title)][-1:]
        strong = bool(last_sep) and last_sep[0] in tables().strong_seps
        # A site name is written like a name: not starting with a lower-case word.
        named = not tail[:1].islower()
        if strong and named and len(tail.split()) <= 4 and len(tail) <= 40 and _long_headline(head):
            return head, tail
    return title, None


def _long_headline(head: str) -> bool:
    """Four words, or eight CJK characters (written without spaces)."""
    return len(head.split()) >= 4 or sum(len(run) for run in CJK.findall(head)) >= 8


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
    path = split_url(href).path
    home = path in ("", "/", "./", "../") or re.fullmatch(r"/?(?:\.\./)*index\.\w+", path)
    return bool(home) and fold_key(node_text(link) or "") == fold_key(node_text(node) or "")


def _headline_nodes(page: Page) -> tuple[list[str], list[str]]:
    """Visible headline candidates, and logo texts (the site's name as shown)."""
    out: list[str] = []
    logos: list[str] = []
    for sel in tables().headline_sel:
        keep = _h1_filter(sel)
        # The h1 selectors filter the page's h1s, read with its declarations
        # (each css() call is a walk of the whole page).
        found = page.tree.css(sel) if keep is None else [n for n in page.declared("h1") if keep(n)]
        for node in found[:2]:
            text = node_text(node)
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


@cache
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
    ka, kb = fold_key(a), fold_key(b)
    if not ka or not kb:
        return False
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return short in long_ and len(short) >= 0.4 * len(long_)


def title_and_site(page: Page, article: dict[str, Any] | None) -> tuple[str | None, str | None]:
    t = tables()
    ld_title = None
    if article is not None:
        for k in t.title_keys:
            ld_title = tidy(article.get(k))
            if ld_title:
                break
    meta_title = next(iter(meta_values(page, "title")), None)
    tnode = next(iter(page.declared("title")), None)
    doc_title = node_text(tnode) if tnode is not None else None
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


# Elements inside a headline that break its line: their text is not glued on.
_BREAKING = "br, div, p, li, h2, h3"
_MAX_H1S = 20


def shown_title(page: Page) -> str | None:
    """The headline as the page shows it: the text of its one <h1> (None when
    it has none or several, when that is the site's logo, or when the text is
    longer than a headline). Inline elements join as rendered ("Metroid<em>,
    One</em>" is "Metroid, One"), line breaks and blocks with a space."""
    h1s = page.declared("h1")
    if len(h1s) > _MAX_H1S:
        return None  # a page of many headings names none of them the page's
    found: LexborNode | None = None
    for node in h1s:
        if not node_text(node):
            continue
        if found is not None:
            return None
        found = node
    if found is None or _is_logo(found):
        return None
    sep = " " if found.css_first(_BREAKING) is not None else ""
    text = tidy(found.text(deep=True, separator=sep))
    return text if text and len(text) <= 300 else None


def _suffix_site(headline: str, titles: list[str]) -> str | None:
    """<title> is the bare headline plus a short named tail ("Headline - Site"):
    one source only, so only after a strong separator and shaped like a name."""
    for title in titles:
        pos = title.find(headline)
        if title == headline or pos < 0:
            continue
        # "Section | Headline - Site": what follows the headline.
        rest = title[pos + len(headline) :]
        m = tables().title_sep_re.match(rest)
        if not m or m.group().strip() not in tables().strong_seps:
            continue
        tail = rest[m.end() :].strip()
        if (
            _name_like(tail)
            and len(tail.split()) <= 4
            and len(tail) <= 40
            and not tail[:1].islower()
            and not tables().title_sep_re.search(tail)
        ):
            return tail
    return None


def _fold(s: str) -> str:
    """fold_key without accents: "L'Écho des Vallées" meets lechodesvallees.fr."""
    d = unicodedata.normalize("NFKD", fold_key(s)).translate(tables().undecomposed)
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


def _home_texts(page: Page) -> list[str]:
    """How the site shows its own name: logo text, the link home."""
    out: list[str] = []
    # One pass over the tree for all selectors, in document order (headers first).
    for node in page.tree.css(", ".join(tables().home_sel))[:6]:
        text = node_text(node)
        if text and _name_like(text) and text not in out:
            out.append(text)
    return out


def _masthead_texts(page: Page) -> list[str]:
    """The first texts of the body: where an old layout prints its name."""
    out: list[str] = []
    for i, raw in page.texts.upto(200):
        if len(out) >= 2:
            break
        text = tidy(raw)
        if not text:
            continue
        parent = page.texts.node(i).parent
        if parent is None or parent.tag in NOT_MASTHEAD or in_chrome(parent):
            continue
        if _name_like(text):
            out.append(text)
        else:
            break
    return out


def _copyright_holders(page: Page) -> list[str]:
    out: list[str] = []
    sel = "footer, [class*=footer i], [id*=footer i], [class*=copyright i]"
    for node in page.tree.css(sel)[:6]:
        text = node_text(node) or ""
        for m in tables().copyright_re.finditer(text[:2000]):
            holder = tidy(tables().rights_re.sub("", m.group(1)))
            if not holder:
                continue
            # "瀬戸内日日新聞 無断転載を禁じます": CJK holders end at the first space.
            first = holder.split()[0]
            for h in (holder, first) if CJK.fullmatch(first) else (holder,):
                if _name_like(h) and h not in out and not tables().copyright_re.fullmatch(h + " x"):
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
        m = tables().title_colon_re.search(title)
        if m:
            parts.extend((title[: m.start()].strip(), title[m.end() :].strip()))
        # The longest part is the headline, whatever else repeats it on the page.
        longest = max([*segs, *parts], key=len, default="")
        out.extend(p for p in parts if len(p) < len(longest))
    return [a for a in out if _name_like(a)]


def _inferred_site(page: Page, titles: list[str], logos: list[str]) -> str | None:
    """A site name no declaration gives, from two sources that agree: a title
    affix, the logo / home-link text, the copyright holder, the domain."""
    host = (split_url(page.url or "").hostname or "").lower()
    labels = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
    domain = labels[0] if len(labels) > 1 else ""
    # The names the page shows are each read when a name is first compared with
    # them, the cheapest first: a title affix that is the domain needs none.
    masthead = cache(lambda: _masthead_texts(page))
    home = cache(lambda: [*logos, *_home_texts(page)])
    holders = cache(lambda: _copyright_holders(page))

    def agrees(name: str, *sources: Callable[[], list[str]]) -> bool:
        if domain and _same_site(name, domain):
            return True
        return any(_same_site(name, shown) for source in sources for shown in source())

    for a in _title_affixes(titles):
        if agrees(a, masthead, home, holders):
            return a
    for h in (*home(), *masthead()):
        if agrees(h, holders):
            return h
    for c in holders():
        if domain and _same_site(c, domain):
            return c
    return None


def _site_candidates(page: Page, article: dict[str, Any] | None) -> list[str]:
    t = tables()
    out: list[str] = [
        v
        for v in page.meta.get(t.meta["site_name"][0], [])[:1]
        if not URLISH.match(v) and not v.startswith("@")
    ]
    if article is not None:
        name = ld_name(page, article.get("publisher"))
        if name:
            out.append(name)
    for key in t.meta["site_name"][1:]:
        for v in page.meta.get(key, [])[:1]:
            if not v.lower().startswith(("http", "www.", "@", "©", "(c)", "copyright")):
                out.append(v)
    for obj in page.ld_objects:
        if ld_types(obj) & t.site_types:
            name = tidy(obj.get("name"))
            if name:
                out.append(name)
    return out


def _site_name(page: Page, article: dict[str, Any] | None) -> str | None:
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
