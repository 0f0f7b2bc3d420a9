"""Assemble the generated set: every (language, article, template) combination,
with metadata, walls and placeholder authors drawn from a seeded random source.

    from genpages.build import build_pages
    pages = build_pages(seed=7)
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .page import TLD, Ctx, GenPage, ascii_slug, load_languages
from .templates import PLACEHOLDER_PRONE, TEMPLATES, WALLABLE

WALL_KINDS = ("paywall", "registration", "js")


def _ctx(rng: random.Random, L: dict, art: dict, others: list[dict], template: str, si: int) -> Ctx:
    site = L["sites"][si % len(L["sites"])]
    slug = ascii_slug(site) or f"{L['lang']}-news{si}"
    domain = f"{slug.replace('-', '')}.{TLD.get(L['lang'], 'com')}"
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    modified = published + timedelta(days=rng.randint(1, 400))
    # Half the URLs carry a different date (an earlier draft or a later move)
    url_date = published if rng.random() < 0.5 else published - timedelta(days=rng.randint(3, 200))
    n_auth = 2 if rng.random() < 0.2 else 1
    shown = rng.sample(L["authors"], n_auth)
    true = list(shown)
    if template in PLACEHOLDER_PRONE and rng.random() < 0.35:
        shown = [rng.choice(L["placeholders"])]
        true = []
    elif rng.random() < 0.1:
        shown, true = [], []
    wall: str | None = None
    if template == "farm":
        wall = "syndicated"
    elif template in WALLABLE and rng.random() < 0.3:
        wall = rng.choice(WALL_KINDS)
    return Ctx(
        rng=rng,
        L=L,
        article=art,
        others=others,
        site=site,
        domain=domain,
        authors_shown=shown,
        authors_true=true,
        published=published,
        modified=modified,
        url_date=url_date,
        wall=wall,
    )


def _lang_pages(rng: random.Random, L: dict, templates: list[str] | None, r: int) -> list[GenPage]:
    """Every article x template page of one language table, draw ``r``."""
    lang = L["lang"]
    pages: list[GenPage] = []
    for ai, art in enumerate(L["articles"]):
        others = [a for a in L["articles"] if a is not art]
        for ti, name in enumerate(TEMPLATES):
            if templates and name not in templates:
                continue
            ctx = _ctx(rng, L, art, others, name, ai + ti + r)
            html = TEMPLATES[name](ctx)
            text = "\n\n".join(t for _, t in ctx.blocks)
            pages.append(
                GenPage(
                    id=f"{lang}-{ai}-{name}-{r}",
                    lang=lang,
                    template=name,
                    url=ctx.url,
                    html=html,
                    text=text,
                    blocks=list(ctx.blocks),
                    junk=list(ctx.junk),
                    title=ctx.title,
                    site_name=ctx.site,
                    authors=ctx.authors_true,
                    date=ctx.published.isoformat(),
                    paywalled=ctx.wall not in (None, "hidden"),
                    wall=ctx.wall,
                    placeholder=bool(ctx.authors_shown) and not ctx.authors_true,
                )
            )
    return pages


def build_pages(
    seed: int = 7,
    langs: list[str] | None = None,
    templates: list[str] | None = None,
    repeat: int = 1,
    held_out: bool = False,
) -> list[GenPage]:
    """Every language x article x template combination, ``repeat`` times with
    different random draws; deterministic for a seed.

    ``langs`` picks languages, trained or held out; without it every trained
    language, and the held-out ones too when ``held_out`` is set (the training
    scripts call this without either, so they never draw a held-out language).
    The held-out languages come after all the trained ones, each from a random
    source of its own (seeded by the seed and the language): the trained pages
    are the same with or without them, and a held-out language's pages the same
    whatever else is asked for."""
    rng = random.Random(seed)
    tables = load_languages()
    pages: list[GenPage] = []
    for r in range(repeat):
        for lang in sorted(tables):
            if langs and lang not in langs:
                continue
            pages += _lang_pages(rng, tables[lang], templates, r)
    for lang, L in sorted(load_languages(held_out=True).items()):
        if lang in tables or not (lang in langs if langs else held_out):
            continue
        own = random.Random(f"{seed}:{lang}")
        for r in range(repeat):
            pages += _lang_pages(own, L, templates, r)
    return pages
