"""Reusable page parts: <head> metadata, chrome, junk widgets and block rendering.

Every visible junk string goes through ``Ctx.pick``/``picks``/``note`` so that it
is recorded with its category.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from .page import Ctx, esc

BlockRenderer = Callable[[str, str], str]


def iso(d: date, hour: int = 8, with_time: bool = True, tz: str = "+00:00") -> str:
    return (
        f"{d.isoformat()}T{hour:02d}:{(d.day * 7) % 60:02d}:00{tz}" if with_time else d.isoformat()
    )


def title_tag(ctx: Ctx) -> str:
    """<title> with one of the usual site-suffix styles."""
    style = ctx.rng.randrange(5)
    t, s = ctx.title, ctx.site
    return [f"{t} | {s}", f"{t} - {s}", f"{t} – {s}", f"{s}: {t}", t][style]


def jsonld(
    ctx: Ctx,
    kind: str = "NewsArticle",
    authors: list[str] | None = None,
    publisher: bool = True,
    modified_first: bool = False,
) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": ctx.title,
        "inLanguage": ctx.lang,
        "mainEntityOfPage": ctx.url,
    }
    pub, mod = iso(ctx.published), iso(ctx.modified, 17)
    if modified_first:
        data = {"dateModified": mod, **data, "datePublished": pub}
    else:
        data.update(datePublished=pub, dateModified=mod)
    names = ctx.authors_shown if authors is None else authors
    if names:
        data["author"] = [{"@type": "Person", "name": n} for n in names]
    if publisher:
        data["publisher"] = {
            "@type": "Organization",
            "name": ctx.site,
            "logo": {"@type": "ImageObject", "url": f"https://www.{ctx.domain}/logo.png"},
        }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def head(
    ctx: Ctx,
    *,
    og: bool = True,
    ld: str = "",
    meta_author: bool = False,
    article_meta: bool = True,
    extra: str = "",
) -> str:
    parts = [
        '<meta charset="utf-8">',
        f"<title>{esc(title_tag(ctx))}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<link rel="canonical" href="{ctx.url}">',
    ]
    if og:
        parts += [
            f'<meta property="og:title" content="{esc(ctx.title)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:url" content="{ctx.url}">',
        ]
        if ctx.rng.random() < 0.7:
            parts.append(f'<meta property="og:site_name" content="{esc(ctx.site)}">')
    if article_meta:
        # modified before published: a reader must not take the first date it sees
        parts.append(f'<meta property="article:modified_time" content="{iso(ctx.modified, 17)}">')
        parts.append(f'<meta property="article:published_time" content="{iso(ctx.published)}">')
    if meta_author and ctx.authors_shown:
        parts.append(f'<meta name="author" content="{esc(", ".join(ctx.authors_shown))}">')
    parts.append(ld)
    parts.append(extra)
    return "<head>" + "".join(parts) + "</head>"


def nav(ctx: Ctx, cls: str = "site-nav") -> str:
    items = ctx.L["junk"]["nav"]
    for s in items:
        ctx.note("nav", s)
    lis = "".join(f'<li><a href="/{i}">{esc(s)}</a></li>' for i, s in enumerate(items))
    return f'<nav class="{cls}"><ul>{lis}</ul></nav>'


def breadcrumb(ctx: Ctx) -> str:
    items = ctx.L["junk"]["breadcrumb"]
    for s in items:
        ctx.note("navigation", s)
    return (
        '<ol class="breadcrumb">'
        + "".join(f'<li><a href="/">{esc(s)}</a></li>' for s in items)
        + "</ol>"
    )


def cookie_banner(ctx: Ctx) -> str:
    text = ctx.pick("cookie")
    buttons = ctx.picks("cookie_buttons", 2)
    btn = "".join(f"<button>{esc(b)}</button>" for b in buttons)
    cls = ctx.rng.choice(["cookie-banner", "cmp-container", "consent", "gdpr-notice", "cc-window"])
    return f'<div class="{cls}"><p>{esc(text)}</p>{btn}</div>'


def newsletter_box(ctx: Ctx) -> str:
    cls = ctx.rng.choice(["newsletter-signup", "inline-promo", "nl-box", "signup-cta"])
    return (
        f'<div class="{cls}"><p><strong>{esc(ctx.pick("newsletter"))}</strong></p>'
        '<form><input type="email" placeholder="e-mail"><button>OK</button></form></div>'
    )


def share_bar(ctx: Ctx) -> str:
    items = ctx.picks("share", ctx.rng.randint(2, 4))
    cls = ctx.rng.choice(["share-buttons", "social-share", "sharedaddy", "article-tools"])
    return f'<div class="{cls}">' + "".join(f'<a href="#">{esc(s)}</a> ' for s in items) + "</div>"


def related_block(ctx: Ctx) -> str:
    heading = ctx.pick("related_heading")
    titles = [a["title"] for a in ctx.others] + ctx.L["junk"]["teasers"]
    chosen = ctx.rng.sample(titles, min(3, len(titles)))
    for t in chosen:
        ctx.note("related", t)
    cls = ctx.rng.choice(
        ["related-posts", "more-stories", "read-more", "jp-relatedposts", "teaser-list"]
    )
    lis = "".join(f'<li><a href="/{i}">{esc(t)}</a></li>' for i, t in enumerate(chosen))
    return f'<div class="{cls}"><h3>{esc(heading)}</h3><ul>{lis}</ul></div>'


def inline_teaser(ctx: Ctx) -> str:
    """A "Read also: <headline>" paragraph in the text flow, no telltale class."""
    label = ctx.pick("related_heading")
    titles = [a["title"] for a in ctx.others] + ctx.L["junk"]["teasers"]
    title = ctx.note("related", ctx.rng.choice(titles))
    return f'<p><strong>{esc(label)}:</strong> <a href="/r">{esc(title)}</a></p>'


def inline_prompt(ctx: Ctx) -> str:
    """A newsletter prompt written as a plain paragraph of the article."""
    return f"<p><em>{esc(ctx.pick('newsletter'))}</em></p>"


def ad_slot(ctx: Ctx) -> str:
    cls = ctx.rng.choice(["ad", "ad-slot", "advert", "dfp-ad", "banner-inline"])
    slot = f'<div id="gpt-{ctx.rng.randint(1, 99)}"></div>'
    return f'<div class="{cls}"><span>{esc(ctx.pick("ad"))}</span>{slot}</div>'


def figure(ctx: Ctx) -> str:
    credit = ctx.pick("image_credit")
    return (
        f'<figure><img src="https://img.{ctx.domain}/{ctx.rng.randint(1000, 9999)}.jpg" alt="">'
        f'<figcaption><span class="credit">{esc(credit)}</span></figcaption></figure>'
    )


def comments(ctx: Ctx) -> str:
    n = ctx.rng.randint(2, 3)
    heading = ctx.pick("comments_heading")
    texts = ctx.rng.sample(ctx.L["junk"]["comments"], n)
    users = ["mike_r", "Anna K.", "Lukas1983", "citizen42", "Marta", "kenji_t", "Ali S."]
    items = []
    for t in texts:
        ctx.note("comments", t)
        meta = ctx.pick("comment_meta")
        items.append(
            f'<li class="comment"><div class="comment-author"><b>{ctx.rng.choice(users)}</b></div>'
            f'<div class="comment-content"><p>{esc(t)}</p></div><a class="reply">{esc(meta)}</a>'
            "</li>"
        )
    return (
        f'<div id="comments" class="comments-area"><h2>{esc(heading)}</h2>'
        f'<ol class="comment-list">{"".join(items)}</ol></div>'
    )


def comment_form(ctx: Ctx) -> str:
    lines = ctx.L["junk"]["comment_form"]
    for s in lines:
        ctx.note("comment_form", s)
    title, note, fields = lines[0], lines[1], lines[2:]
    inputs = "".join(f"<p><label>{esc(f)}</label><input></p>" for f in fields[:-1])
    return (
        f'<div id="respond" class="comment-respond"><h3 class="comment-reply-title">{esc(title)}'
        "</h3>"
        f'<form><p class="comment-notes">{esc(note)}</p>{inputs}'
        f'<input type="submit" value="{esc(fields[-1])}">'
        f"<p>{esc(fields[-1])}</p></form></div>"
    )


def footer(ctx: Ctx) -> str:
    items = [ctx.pick("footer", record=True) for _ in range(3)]
    return "<footer>" + "".join(f"<p>{esc(s)}</p>" for s in dict.fromkeys(items)) + "</footer>"


def wall_box(ctx: Ctx) -> str:
    lines = ctx.wall_lines()
    cls = ctx.rng.choice(
        ["paywall", "piano-offer", "article-locked", "reg-wall", "access-check", "premium-teaser"]
    )
    inner = "".join(f"<p>{esc(s)}</p>" for s in lines)
    return f'<div class="{cls}">{inner}<a class="button" href="/abo">→</a></div>'


def hidden_wall(ctx: Ctx) -> str:
    """A paywall template shipped hidden on an open page (many sites do): its text
    is not shown, so the page is not paywalled. Marks the page's wall "hidden"."""
    if ctx.wall or ctx.rng.random() >= 0.35:
        return ""
    ctx.wall = "hidden"
    variants: list[str] = ctx.L["junk"]["paywall"]
    lines = [ctx.note("hidden", s) for s in ctx.rng.sample(variants, 2)]
    inner = "".join(f"<p>{esc(s)}</p>" for s in lines)
    return f'<div class="paywall-modal" hidden style="display:none">{inner}</div>'


def post_navigation(ctx: Ctx) -> str:
    labels = ctx.L["junk"]["pager"]
    titles = [a["title"] for a in ctx.others] + ctx.L["junk"]["teasers"]
    links = []
    for label, title in zip(labels, ctx.rng.sample(titles, 2), strict=False):
        ctx.note("navigation", label)
        ctx.note("related", title)
        links.append(
            f'<div class="nav-links"><span>{esc(label)}</span><a href="/p">{esc(title)}</a></div>'
        )
    return f'<nav class="navigation post-navigation">{"".join(links)}</nav>'


def byline(ctx: Ctx) -> str:
    if not ctx.authors_shown:
        return ""
    names = " & ".join(ctx.authors_shown)
    tmpl = ctx.rng.choice(ctx.L["junk"]["byline"])
    text = tmpl.replace("{author}", names)
    ctx.note("byline", text)
    return text


def dateline(ctx: Ctx, with_updated: bool = True) -> str:
    text = ctx.pick("published", date=ctx.fmt_date(ctx.published))
    out = f'<time datetime="{iso(ctx.published)}">{esc(text)}</time>'
    if with_updated and ctx.rng.random() < 0.6:
        up = ctx.pick("updated", date=ctx.fmt_date(ctx.modified))
        out += f' <span class="updated">{esc(up)}</span>'
    return out


def semantic(kind: str, text: str) -> str:
    t = esc(text)
    return {
        "p": f"<p>{t}</p>",
        "h": f"<h2>{t}</h2>",
        "li": f"<li>{t}</li>",
        "bq": f"<blockquote><p>{t}</p></blockquote>",
    }[kind]


def render(
    blocks: list[tuple[str, str]],
    one: BlockRenderer = semantic,
    list_open: str = "<ul>",
    list_close: str = "</ul>",
) -> list[str]:
    """Blocks to HTML chunks; consecutive list items share one list element."""
    chunks: list[str] = []
    in_list = False
    for kind, text in blocks:
        if kind == "li" and not in_list:
            chunks.append(list_open)
            in_list = True
        elif kind != "li" and in_list:
            chunks[-1] += list_close
            in_list = False
        if in_list:
            chunks[-1] += one(kind, text)
        else:
            chunks.append(one(kind, text))
    if in_list:
        chunks[-1] += list_close
    return chunks


def interleave(ctx: Ctx, chunks: list[str], widgets: list[str]) -> str:
    """Put widgets between chunks at random positions after the first chunk."""
    out = list(chunks)
    for w in widgets:
        pos = ctx.rng.randint(1, max(1, len(out) - 1))
        out.insert(pos, w)
    return "".join(out)
