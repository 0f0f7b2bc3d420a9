"""The metadata tables (``data/*.json``), compiled once per process."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsclean.text import UNSPACED_CHARS

# --- data tables ------------------------------------------------------------------


def load_table(name: str) -> dict[str, Any]:
    text = resources.files("newsclean.metadata").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# A selector of one compound (no combinator) testing a class substring
# whatever its case: ``[class*=byline i]``.
_CLASS_PART = re.compile(r"\[class\*=([\w-]+) i\]")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_COMBINATOR = re.compile(r"\s*[\s>+~]\s*")


def _compounds(selector: str) -> list[str]:
    """The compound selectors of a complex one, left to right (no commas)."""
    # Combinators are read outside attribute brackets only.
    masked = _BRACKETS.sub(lambda m: "\0" * len(m.group(0)), selector.strip())
    out: list[str] = []
    start = 0
    for m in _COMBINATOR.finditer(masked):
        out.append(selector.strip()[start : m.start()])
        start = m.end()
    out.append(selector.strip()[start:])
    return out


def _implies(compound: str, class_word: str) -> bool:
    """Whether an element matching ``compound`` matches ``[class*=class_word i]``:
    the compound asks for a class substring or a class holding the word."""
    word = class_word.lower()
    if any(word in w.lower() for w in _CLASS_PART.findall(compound)):
        return True
    classes = re.findall(r"\.([\w-]+)", _BRACKETS.sub("", compound))
    return any(word in c.lower() for c in classes)


def existence_selectors(selectors: list[str]) -> list[str]:
    """The selectors without those that cannot match where none of the others
    does: a query for *whether any* matches gets the same answer from fewer
    tests per element. A selector of several compounds goes when one of them
    is in the list on its own (its match is an element matching that one); a
    selector asking for a class holding a word goes when a kept
    ``[class*=part i]`` of that word is in the list."""
    words = [
        (i, m.group(1).lower()) for i, s in enumerate(selectors) if (m := _CLASS_PART.fullmatch(s))
    ]
    # Of class substrings that hold one another, the shortest (the first of
    # equals) answers for the others.
    keepers = {
        i: w for i, w in words if not any(j != i and v in w and (v != w or j < i) for j, v in words)
    }
    plain = set(selectors)
    out: list[str] = []
    for i, sel in enumerate(selectors):
        if i not in keepers:
            parts = _compounds(sel)
            if len(parts) > 1 and any(p in plain for p in parts):
                continue
            if any(_implies(p, w) for p in parts for w in keepers.values()):
                continue
        out.append(sel)
    return out


# Characters of a text's head told from the byline words without the regex.
HEAD = 3


@dataclass(frozen=True, slots=True)
class _Tables:
    meta: dict[str, list[str]]
    article_types: frozenset[str]
    site_types: frozenset[str]
    title_keys: tuple[str, ...]
    author_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    headline_sel: tuple[str, ...]
    logo_re: re.Pattern[str]
    chrome_re: re.Pattern[str]
    author_sel: tuple[tuple[str, bool], ...]
    forum_poster_sel: str
    author_any: str
    """The author selectors as one selector list (matches where any of them does)."""
    modified_re: re.Pattern[str]
    connector_re: re.Pattern[str]
    prefix_re: re.Pattern[str]
    particle_re: re.Pattern[str]
    byline_start_re: re.Pattern[str]
    """prefix_re or particle_re, in one match."""
    byline_heads: frozenset[str] | None
    """``_byline_heads`` of the byline words."""
    placeholders: frozenset[str]
    navigation: frozenset[str]
    label_words: frozenset[str]
    """Every word of the byline words, placeholders and navigation labels: a
    "name" of these words alone is a label ("Posted", "The Author")."""
    label_ends: frozenset[str]
    """The byline words that end a longer one ("by" of "written by", "por" of
    "escrito por"): a "name" ending in one is a label whose name was left out
    ("Reviewed by")."""
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
    coauthor_words: frozenset[str]
    """Words that open a byline's parenthesis of co-authors: the connectives
    ("with", "avec", "mit"...) and the conjunctions."""
    home_sel: tuple[str, ...]
    title_sep_re: re.Pattern[str]
    title_colon_re: re.Pattern[str]
    strong_seps: frozenset[str]
    copyright_re: re.Pattern[str]
    rights_re: re.Pattern[str]
    undecomposed: dict[int, str]
    name_particles: frozenset[str]
    elided_particles: frozenset[str]

    def opens_byline(self, text: str) -> bool:
        """Whether a byline word opens ``text``: ``byline_start_re`` matches
        ``text + " "``. Asked of every text node at the top of a page without
        a byline; most open with three ASCII characters that open no byline
        word, told by a set where the regex tries its words (``_byline_heads``)."""
        head = text[:HEAD]
        if (self.byline_heads is not None and len(head) == HEAD and head.isascii()
                and head.lower() not in self.byline_heads):
            return False
        return self.byline_start_re.match(text + " ") is not None


# The middle dots sites put between a byline's or a date line's fields (the
# dot operator and the bullet operator stand in for the middle dot and the
# bullet), spaced; unspaced, a middle dot joins a transcribed name's parts.
MIDDLE_DOTS = "·•⋅∙"

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
# Scripts written without spaces between words (CJK, Thai...) and Hangul: a
# desk's word inside a name in one of them is found as a substring.
UNSPACED = re.compile(f"[{UNSPACED_CHARS}]+")


def _label_ends(prefixes: Iterable[str]) -> frozenset[str]:
    """The one-word byline words that also end a longer one ("by", "por")."""
    words = [p.casefold().split() for p in prefixes]
    single = {w[0] for w in words if len(w) == 1}
    return frozenset(w[-1] for w in words if len(w) > 1 and w[-1] in single)


def alternation(words: Iterable[str]) -> str:
    # Longest first so that "written by" wins over "by".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# A prefix tree of words: each character leads to the words' continuations;
# "" marks the end of a word.
_Trie = dict[str, "_Trie"]


def prefix_tree(words: Iterable[str]) -> str:
    """``alternation(words)`` with common beginnings written once ("b(?:y|ởi)"):
    it matches the same texts, but where the flat one tries every word at a
    position this one tries only the words that share what matched so far
    (a hundred and fifty byline words, two and a half times faster to reject
    a text). A match may end at another word than the flat one's, so it serves
    patterns read for whether they match only."""
    root: _Trie = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branches(node: _Trie) -> str:
        # Longer words first, as in ``alternation``.
        alts = [re.escape(ch) + branches(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return branches(root)


def _byline_heads(words: Iterable[str]) -> frozenset[str] | None:
    """The ``HEAD`` first characters, lower-cased, that a text opening with a
    byline word may have when they are ASCII: a word's own, or a shorter
    word's with the character after it one that may follow a word (any ASCII
    character but a letter or a digit: a space, a colon, a slash). A regex
    ignoring case matches an ASCII character with an ASCII one when they
    lower-case alike, and with none of another script but a few (the long s
    and "s"): where one of those is in a word's head, or a word is shorter
    than two characters, None."""
    words = list(words)
    if any(len(w) < 2 and (not w or w.isascii()) for w in words):
        return None
    others = {ch for w in words for ch in w[:HEAD] if not ch.isascii()}
    if others:
        other = re.compile("[{}]".format("".join(map(re.escape, sorted(others)))), re.IGNORECASE)
        if any(other.match(chr(c)) for c in range(128)):
            return None
    ends = [chr(c) for c in range(128) if not chr(c).isalnum()]
    heads: set[str] = set()
    for w in words:
        head = w[:HEAD].lower()
        if not head.isascii():
            continue
        if len(head) == HEAD:
            heads.add(head)
        else:
            heads.update(head + end for end in ends)
    return frozenset(heads)


@lru_cache(maxsize=1)
def tables() -> _Tables:
    meta = load_table("meta.json")
    ld = load_table("jsonld.json")
    markup = load_table("markup.json")
    au = load_table("authors.json")
    words = load_table("words.json")
    seps = words["title_separators"]
    conj = alternation(au["conjunctions"])

    def byline_start(words: Callable[[Iterable[str]], str]) -> tuple[str, str]:
        """The prefix pattern and the particle pattern, their words written by
        ``words``. A prefix is followed by ':' or whitespace ("By:", "Von ",
        "文/")."""
        prefix = (
            rf"^(?:(?:{words(au['prefixes'])})(?:\s*[:：/]\s*|\s+)"
            rf"|(?:{words(au['colon_prefixes'])})\s*[:：]\s*)"
        )
        return prefix, rf"^(?:{words(au['particle_prefixes'])})(?:\s*:\s*|\s+)"

    prefix_re, particle_re = byline_start(alternation)
    return _Tables(
        meta={k: [x.lower() for x in v] for k, v in meta.items() if not k.startswith("_")},
        article_types=frozenset(ld["article_types"]),
        site_types=frozenset(ld["site_types"]),
        title_keys=tuple(ld["title_keys"]),
        author_keys=tuple(ld["author_keys"]),
        date_keys=tuple(ld["date_keys"]),
        headline_sel=tuple(markup["headline"]),
        chrome_re=re.compile(rf"(?<![a-z])(?:{alternation(markup['chrome_hints'])})"),
        logo_re=re.compile(rf"(?<![a-z])(?:{alternation(markup['logo_hints'])})"),
        author_sel=tuple((e["selector"], bool(e["all"])) for e in markup["author"]),
        forum_poster_sel=", ".join(markup["forum_poster"]),
        author_any=", ".join(existence_selectors([e["selector"] for e in markup["author"]])),
        modified_re=re.compile(alternation(markup["modified_words"]), re.IGNORECASE),
        # "Headline at Site": the site part is only removed when it is the known name.
        connector_re=re.compile(
            rf"\s+(?:{alternation(markup['site_connectors'])})\s+(.+)$", re.IGNORECASE
        ),
        prefix_re=re.compile(prefix_re, re.IGNORECASE),
        particle_re=re.compile(particle_re, re.IGNORECASE),
        # Read for whether it matches only (once per text node of a page
        # without a byline), so its words are written as prefix trees.
        byline_start_re=re.compile("(?:{})|(?:{})".format(*byline_start(prefix_tree)),
                                   re.IGNORECASE),
        byline_heads=_byline_heads(
            [*au["prefixes"], *au["colon_prefixes"], *au["particle_prefixes"]]
        ),
        placeholders=frozenset(x.casefold() for x in au["placeholders"]),
        placeholder_sub_re=re.compile(alternation(au["placeholder_substrings"]), re.IGNORECASE),
        role_words=frozenset(r.casefold() for r in au["roles"] if " " not in r),
        collectives=frozenset(x.casefold() for x in au["collective_suffixes"]),
        agency_re=re.compile(
            rf"^(\S+(?:\s+\S+)+?)\s+({alternation(au['agencies'])})$", re.IGNORECASE
        ),
        navigation=frozenset(x.casefold() for x in au["navigation"]),
        label_words=frozenset(
            w for x in (*au["prefixes"], *au["placeholders"], *au["navigation"])
            for w in x.casefold().split()
        ),
        label_ends=_label_ends(au["prefixes"]),
        # A one-word role needs punctuation before it ("Jane Doe, Reporter");
        # a multi-word one may follow a space ("Jane Doe Staff Writer").
        role_re=re.compile(
            rf"(?:(?:^|\s*[,|/–—(-]\s*)(?:{alternation(au['roles'])})"
            rf"|(?:^|\s+)(?:{alternation(r for r in au['roles'] if ' ' in r)}))\b.*$",
            re.IGNORECASE,
        ),
        degrees=frozenset(x.casefold().replace(".", "") for x in au["degrees"]),
        # Where a credit or an update note starts ("Foto: ...", "Updated ...");
        # authors._cut_credits cuts the line there unless a name particle comes
        # just before it: "José María de la Fuente" is a name, not a source.
        cut_re=re.compile(rf"(?:^|\s|[,|(])({alternation(au['cut_markers'])})\b", re.I),
        # a spaced middle dot separates fields ("Ann Lee · Review Editor")
        split_re=re.compile(rf"\s*(?:[,;|/、，；]|\s(?:{conj})\s|\s[{MIDDLE_DOTS}]\s)\s*",
                            re.IGNORECASE),
        max_words=int(au["max_words"]),
        max_chars=int(au["max_chars"]),
        max_authors=int(au["max_authors"]),
        newsroom_re=re.compile(
            "|".join(
                re.escape(w) if UNSPACED.fullmatch(w) else rf"(?<!\w){re.escape(w)}(?!\w)"
                for w in sorted(au["newsroom_words"], key=len, reverse=True)
            ),
            re.IGNORECASE,
        ),
        cjk_suffix_re=re.compile(
            rf"(?<=[\u3040-\u30ff\u4e00-\u9fff])(?:{alternation(au['cjk_suffixes'])})$"
        ),
        trailing_re=re.compile(
            rf"[\s,]+(?:{alternation(au['trailing_connectors'])})$", re.IGNORECASE
        ),
        agency_names=frozenset(a.casefold() for a in au["agencies"]),
        coauthor_words=frozenset(w.casefold()
                                 for w in (*au["coauthor_connectives"], *au["conjunctions"])),
        home_sel=tuple(markup["home_link"]),
        title_sep_re=re.compile(seps["pattern"]),
        title_colon_re=re.compile(seps["colon"]),
        strong_seps=frozenset(seps["strong"]),
        copyright_re=re.compile(
            rf"(?:{alternation(words['copyright_markers'])})\s*"
            r"(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*)?"
            r"(?:by\s+)?([^\d.|,;·。©]{2,60})",
            re.IGNORECASE,
        ),
        rights_re=re.compile(rf"\s+(?:{alternation(words['rights_phrases'])}).*$", re.IGNORECASE),
        undecomposed=str.maketrans(words["undecomposed_letters"]),
        name_particles=frozenset(words["name_particles"]),
        elided_particles=frozenset(words["elided_particles"]),
    )
