"""Page templates modelled on common CMSs and site types.

Each template renders a whole HTML page from a ``Ctx`` and decides which junk
widgets go inside the article container (where extractors struggle) and which go
around it. ``WALLABLE`` lists the templates a wall can be applied to.
"""

from __future__ import annotations

from collections.abc import Callable

from . import parts as P
from .page import Ctx, esc

Template = Callable[[Ctx], str]


def _html(ctx: Ctx, head: str, body: str, attrs: str = "") -> str:
    lang = f' lang="{ctx.lang}"' if ctx.rng.random() < 0.8 else ""
    rtl = ' dir="rtl"' if ctx.lang == "ar" else ""
    return f"<!DOCTYPE html><html{lang}{rtl}{attrs}>{head}<body>{body}</body></html>"


def wordpress(ctx: Ctx) -> str:
    blocks = ctx.truth()
    ld = P.jsonld(ctx, "BlogPosting") if ctx.rng.random() < 0.5 else ""
    head = P.head(ctx, ld=ld, meta_author=ctx.rng.random() < 0.3)
    by = P.byline(ctx)
    author = (
        '<span class="byline"><span class="author vcard">'
        f'<a class="url fn n" href="/author/">{esc(by)}</a></span></span>'
        if by
        else ""
    )
    widgets = [P.share_bar(ctx)]
    if ctx.rng.random() < 0.6:
        widgets.append(P.related_block(ctx))
    if ctx.rng.random() < 0.4:
        widgets.append(P.ad_slot(ctx))
    if ctx.rng.random() < 0.4:
        widgets.append(P.inline_teaser(ctx))
    content = P.interleave(ctx, P.render(blocks), widgets[1:]) + widgets[0]
    if ctx.wall:
        content += P.wall_box(ctx)
    tags = ctx.pick("tags_label") + " " + ", ".join(ctx.article["tags"])
    ctx.note("tags", ", ".join(ctx.article["tags"]))
    body = (
        '<div id="page" class="site"><header id="masthead" class="site-header">'
        f'<p class="site-title"><a href="/">{esc(ctx.site)}</a></p>'
        f"{P.nav(ctx, 'main-navigation')}</header><div id='content' class='site-content'>"
        "<main id='main'>"
        '<article class="post type-post status-publish hentry"><header class="entry-header">'
        f'<h1 class="entry-title">{esc(ctx.title)}</h1>'
        f'<div class="entry-meta"><span class="posted-on">{P.dateline(ctx)}</span> {author}</div>'
        "</header>"
        f'<div class="entry-content">{content}</div>{P.post_navigation(ctx)}'
        '<footer class="entry-footer">'
        f'<span class="tags-links">{esc(tags)}</span></footer></article>'
        f"{P.comments(ctx) if ctx.rng.random() < 0.6 else ''}{P.comment_form(ctx)}</main>"
        f'<aside id="secondary" class="widget-area">{P.related_block(ctx)}</aside>'
        f"</div>{P.footer(ctx)}</div>"
        f"{P.cookie_banner(ctx) if ctx.rng.random() < 0.5 else ''}"
    )
    return _html(ctx, head, body)


def drupal(ctx: Ctx) -> str:
    blocks = ctx.truth()
    head = P.head(
        ctx,
        og=ctx.rng.random() < 0.5,
        article_meta=False,
        extra=f'<meta name="dcterms.date" content="{ctx.published.isoformat()}">'
        '<meta name="Generator" content="Drupal 10">',
    )
    by = P.byline(ctx)
    submitted = (
        f'<div class="node__submitted">{esc(by)} · {P.dateline(ctx, with_updated=False)}</div>'
    )
    chunks = P.render(blocks)
    widgets = [P.figure(ctx)]
    if ctx.rng.random() < 0.5:
        widgets.append(P.newsletter_box(ctx))
    elif ctx.rng.random() < 0.5:
        widgets.append(P.inline_prompt(ctx))
    if ctx.rng.random() < 0.4:
        widgets.append(P.inline_teaser(ctx))
    body_html = P.interleave(ctx, chunks, widgets)
    if ctx.wall:
        body_html += P.wall_box(ctx)
    tags = "".join(
        f'<div class="field__item"><a href="/t">{esc(t)}</a></div>' for t in ctx.article["tags"]
    )
    for t in ctx.article["tags"]:
        ctx.note("tags", t)
    body = (
        '<div class="dialog-off-canvas-main-canvas"><header role="banner">'
        f'<a href="/" rel="home" class="site-logo">{esc(ctx.site)}</a>'
        f"{P.nav(ctx, 'menu--main')}</header>{P.breadcrumb(ctx)}<main role='main'>"
        "<div class='region region-content'>"
        f'<h1 class="page-title"><span class="field field--name-title">{esc(ctx.title)}</span></h1>'
        f'<article role="article" class="node node--type-article node--view-mode-full">{submitted}'
        '<div class="node__content">'
        '<div class="clearfix text-formatted field field--name-body '
        'field--type-text-with-summary field--label-hidden field__item">'
        f"{body_html}</div>"
        f'<div class="field field--name-field-tags field__items">{tags}</div>{P.share_bar(ctx)}'
        "</div></article>"
        f"</div></main>{P.footer(ctx)}</div>{P.cookie_banner(ctx)}"
    )
    return _html(ctx, head, body)


def newspaper(ctx: Ctx) -> str:
    blocks = ctx.truth()
    head = P.head(ctx, ld=P.jsonld(ctx, modified_first=ctx.rng.random() < 0.5), meta_author=True)
    by = P.byline(ctx)
    widgets = [P.ad_slot(ctx), P.related_block(ctx), P.figure(ctx)]
    if ctx.rng.random() < 0.6:
        widgets.append(P.newsletter_box(ctx))
    if ctx.rng.random() < 0.5:
        widgets.append(P.ad_slot(ctx))
    if ctx.rng.random() < 0.5:
        widgets.append(P.inline_teaser(ctx))
    if ctx.rng.random() < 0.3:
        widgets.append(P.inline_prompt(ctx))
    story = P.interleave(ctx, P.render(blocks), widgets)
    if ctx.wall:
        story += P.wall_box(ctx)
    rt = ctx.pick("read_time")
    body = (
        f'{P.cookie_banner(ctx)}<header class="masthead">'
        f'<div class="top-bar">{esc(ctx.pick("live_label"))}</div>'
        f'<a class="logo" href="/"><img alt="{esc(ctx.site)}" src="/logo.svg">'
        f"</a>{P.nav(ctx, 'mega-menu')}</header>"
        f'{P.ad_slot(ctx)}<main><article class="story">{P.breadcrumb(ctx)}'
        f'<h1 class="headline">{esc(ctx.title)}</h1>'
        f'<div class="story-meta"><span class="author">{esc(by)}</span> {P.dateline(ctx)} '
        f"<span>{esc(rt)}</span></div>"
        f'{P.share_bar(ctx)}<div class="story-body" itemprop="articleBody">{story}'
        f"</div>{P.share_bar(ctx)}{P.hidden_wall(ctx)}</article>"
        f'<section class="recirculation">{P.related_block(ctx)}{P.related_block(ctx)}</section>'
        f"{P.comments(ctx) if ctx.rng.random() < 0.4 else ''}</main>{P.footer(ctx)}"
    )
    return _html(ctx, head, body)


def amp(ctx: Ctx) -> str:
    blocks = ctx.truth()
    head = P.head(
        ctx,
        ld=P.jsonld(ctx),
        article_meta=False,
        extra='<script async src="https://cdn.ampproject.org/v0.js"></script>'
        "<style amp-custom>body{font-family:serif}</style>",
    )
    ad = (
        '<amp-ad width="300" height="250" type="doubleclick">'
        f"<div placeholder>{esc(ctx.pick('ad'))}</div></amp-ad>"
    )
    share = "".join(
        f'<amp-social-share type="{t}" aria-label="{esc(ctx.pick("share"))}"></amp-social-share>'
        for t in ("facebook", "email")
    )
    img = (
        '<amp-img src="/img.jpg" width="800" height="450" layout="responsive"></amp-img>'
        f'<p class="caption">{esc(ctx.pick("image_credit"))}</p>'
    )
    story = P.interleave(ctx, P.render(blocks), [ad, img])
    if ctx.wall:
        story += P.wall_box(ctx)
    by = P.byline(ctx)
    body = (
        f'<amp-sidebar id="sidebar" layout="nodisplay">{P.nav(ctx)}</amp-sidebar><header>'
        f'<a href="/">{esc(ctx.site)}</a></header>'
        f'<article><h1>{esc(ctx.title)}</h1><p class="byline">{esc(by)}</p><p>{P.dateline(ctx)}'
        f"</p>{share}"
        f"{story}{P.hidden_wall(ctx)}{P.related_block(ctx)}</article>{P.footer(ctx)}"
        f'<amp-user-notification id="consent" layout="nodisplay"><p>{esc(ctx.pick("cookie"))}</p>'
        "</amp-user-notification>"
    )
    return _html(ctx, head, body, attrs=" ⚡")


def ghost(ctx: Ctx) -> str:
    blocks = ctx.truth()
    ld = P.jsonld(ctx, "Article", publisher=ctx.rng.random() < 0.5)
    head = P.head(ctx, ld=ld)
    by = P.byline(ctx)
    rt = ctx.pick("read_time")
    cta = (
        '<div class="kg-card kg-signup-card">'
        f'<h2 class="kg-signup-card-heading">{esc(ctx.pick("newsletter"))}</h2>'
        '<form><input type="email"><button>→</button></form></div>'
    )
    story = P.interleave(ctx, P.render(blocks), [cta] if ctx.rng.random() < 0.7 else [])
    if ctx.wall:
        story += (
            '<aside class="gh-post-upgrade-cta">'
            + "".join(f"<h2>{esc(s)}</h2>" for s in ctx.wall_lines())
            + "</aside>"
        )
    body = (
        '<div class="gh-site"><header class="gh-head">'
        f'<a class="gh-head-logo" href="/">{esc(ctx.site)}</a>{P.nav(ctx, "gh-head-menu")}</header>'
        f'<main class="gh-main"><article class="gh-article post"><header class="gh-article-header">'
        f'<h1 class="gh-article-title">{esc(ctx.title)}</h1><div class="gh-article-meta">'
        f'<span class="gh-article-author-name">{esc(by)}</span>'
        f'{P.dateline(ctx, with_updated=False)} <span class="gh-article-meta-length">{esc(rt)}'
        "</span></div></header>"
        f'<section class="gh-content gh-canvas">{story}</section></article>'
        f'<section class="gh-read-next"><h3>{esc(ctx.pick("related_heading"))}'
        f"</h3>{P.related_block(ctx)}</section></main>"
        f"{P.footer(ctx)}</div>"
    )
    return _html(ctx, head, body)


def farm(ctx: Ctx) -> str:
    """A content farm's WordPress copy of a newspaper story: the original's wall
    text, a comment form and a copy-protection notice inside the post body."""
    blocks = ctx.truth()
    head = P.head(
        ctx,
        ld=P.jsonld(ctx, "BlogPosting") if ctx.rng.random() < 0.5 else "",
        og=ctx.rng.random() < 0.6,
    )
    by = P.byline(ctx)
    wall = [
        f"<p>{esc(s)}</p>" for s in ctx.picks("js", 2) + ctx.picks("paywall", ctx.rng.randint(1, 2))
    ]
    ctx.rng.shuffle(wall)
    chunks = P.render(blocks)
    pos = ctx.rng.choice([0, len(chunks) // 2, len(chunks)])
    chunks[pos:pos] = wall
    copy = ctx.pick("copy")
    content = "".join(chunks) + P.share_bar(ctx)
    inner_form = P.comment_form(ctx) if ctx.rng.random() < 0.5 else ""
    body = (
        f'<div id="wrapper"><div class="header"><a href="/">{esc(ctx.site)}</a>{P.nav(ctx)}</div>'
        '<div class="td-container">'
        f'<div class="td-post-header"><h1 class="entry-title">{esc(ctx.title)}</h1>'
        f'<div class="td-module-meta-info"><span class="td-post-author-name">{esc(by)}'
        f"</span> {P.dateline(ctx, with_updated=False)}</div></div>"
        f'<div class="td-post-content tagdiv-type">{content}{inner_form}</div>'
        f'{"" if inner_form else P.comment_form(ctx)}<div class="td-related">{P.related_block(ctx)}'
        "</div></div>"
        f'{P.footer(ctx)}</div><div id="wpcp-error-message" class="msgmsg-box-wpcp">{esc(copy)}'
        "</div>"
    )
    return _html(ctx, head, body)


def liveblog(ctx: Ctx) -> str:
    """Live blog: every truth block is one timestamped entry (subheadings become
    entry titles); timestamps and per-entry share links are junk."""
    blocks = ctx.truth()
    head = P.head(ctx, ld=P.jsonld(ctx, "LiveBlogPosting"))
    entries = []
    hour = ctx.rng.randint(7, 12)
    i = 0
    pending_h = ""
    for kind, text in blocks:
        if kind == "h":
            pending_h = f"<h3>{esc(text)}</h3>"
            continue
        stamp = ctx.note("timestamp", f"{hour + i // 4:02d}:{(i * 13) % 60:02d}")
        body = P.semantic(kind if kind != "li" else "p", text)
        share = (
            f'<a class="entry-share">{esc(ctx.pick("share"))}</a>' if ctx.rng.random() < 0.4 else ""
        )
        entries.append(
            f'<div class="live-entry"><time>{stamp}</time>{pending_h}{body}{share}</div>'
        )
        pending_h = ""
        i += 1
    entries.reverse()  # newest first, as live blogs show them
    # reading order of the truth follows the page
    ordered: list[tuple[str, str]] = []
    groups: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for b in blocks:
        cur.append(b)
        if b[0] != "h":
            groups.append(cur)
            cur = []
    for g in reversed(groups):
        ordered.extend(g)
    ctx.blocks = ordered
    label = ctx.pick("live_label")
    wall = P.wall_box(ctx) if ctx.wall else ""
    body = (
        f'<header>{esc(ctx.site)}{P.nav(ctx)}</header><main><div class="live-badge">{esc(label)}'
        "</div>"
        f'<h1>{esc(ctx.title)}</h1><div class="meta">{esc(P.byline(ctx))} {P.dateline(ctx)}</div>'
        f'<div class="liveblog-feed">{"".join(entries)}</div>{wall}{P.related_block(ctx)}'
        f"</main>{P.footer(ctx)}{P.cookie_banner(ctx)}"
    )
    return _html(ctx, head, body)


def tables(ctx: Ctx) -> str:
    """An article whose list is a data table (numbered rows)."""
    blocks = ctx.truth()
    head = P.head(ctx, ld=P.jsonld(ctx) if ctx.rng.random() < 0.5 else "", meta_author=True)
    chunks: list[str] = []
    rows: list[str] = []
    new_blocks: list[tuple[str, str]] = []
    for kind, text in blocks + [("end", "")]:
        if kind == "li":
            n = len(rows) + 1
            rows.append(f"<tr><td>{n}</td><td>{esc(text)}</td></tr>")
            new_blocks.append(("td", f"{n} {text}"))
            continue
        if rows:
            chunks.append(f'<table class="data"><tbody>{"".join(rows)}</tbody></table>')
            rows = []
        if kind != "end":
            chunks.append(P.semantic(kind, text))
            new_blocks.append((kind, text))
    ctx.blocks = new_blocks
    story = P.interleave(ctx, chunks, [P.ad_slot(ctx)])
    if ctx.wall:
        story += P.wall_box(ctx)
    layout = (
        f'<table class="layout" width="100%"><tr><td class="sidebar">{P.nav(ctx)}</td>'
        '<td class="main">'
        f'<h1>{esc(ctx.title)}</h1><p class="by">{esc(P.byline(ctx))} — {P.dateline(ctx)}</p>'
        f'<div class="article-text">{story}</div>{P.share_bar(ctx)}</td></tr></table>'
    )
    return _html(ctx, head, f"{layout}{P.related_block(ctx)}{P.footer(ctx)}")


def divs(ctx: Ctx) -> str:
    """Text in nested <div>s: no <article>, no <p>, no <h2>."""
    blocks = ctx.truth()
    head = P.head(
        ctx, og=ctx.rng.random() < 0.5, ld=P.jsonld(ctx) if ctx.rng.random() < 0.4 else ""
    )

    def one(kind: str, text: str) -> str:
        t = esc(text)
        return {
            "p": f'<div class="txt-row">{t}</div>',
            "h": f'<div class="inter"><strong>{t}</strong></div>',
            "li": f'<div class="bullet">• {t}</div>',
            "bq": f'<div class="pull-quote"><div><i>{t}</i></div></div>',
        }[kind]

    story = P.interleave(
        ctx,
        P.render(blocks, one, '<div class="bullets">', "</div>"),
        [P.ad_slot(ctx), P.related_block(ctx)] if ctx.rng.random() < 0.7 else [P.figure(ctx)],
    )
    if ctx.wall:
        story += P.wall_box(ctx)
    body = (
        f'<div class="wrap"><div class="top">{P.nav(ctx)}</div><div class="col-main">'
        f'<div class="hdl"><span>{esc(ctx.title)}</span></div>'
        f'<div class="info">{esc(P.byline(ctx))} | {P.dateline(ctx)}</div>'
        f'<div class="content-text"><div>{story}</div></div>'
        f'{P.share_bar(ctx)}</div><div class="col-side">{P.related_block(ctx)}</div>{P.footer(ctx)}'
        "</div>"
        f"{P.cookie_banner(ctx) if ctx.rng.random() < 0.6 else ''}"
    )
    return _html(ctx, head, body)


def brbr(ctx: Ctx) -> str:
    """An old CMS: paragraphs separated by <br><br> inside one cell."""
    blocks = ctx.truth()
    head = P.head(
        ctx,
        og=False,
        article_meta=False,
        meta_author=ctx.rng.random() < 0.5,
        extra=f'<meta name="date" content="{ctx.published.isoformat()}">'
        if ctx.rng.random() < 0.5
        else "",
    )
    parts = []
    for kind, text in blocks:
        t = esc(text)
        parts.append({"p": t, "h": f"<b>{t}</b>", "li": f"- {t}", "bq": f"<i>{t}</i>"}[kind])
    sep = ctx.rng.choice(["<br><br>", "<br />\n<br />", "<br><br>\n"])
    text = sep.join(parts)
    if ctx.wall:
        text += sep + sep.join(esc(s) for s in ctx.wall_lines())
    if ctx.rng.random() < 0.5:
        text += sep + esc(ctx.pick("copy"))
    by = P.byline(ctx)
    body = (
        f'<table width="780" align="center"><tr><td colspan="2"><font size="5">{esc(ctx.site)}'
        f"</font><br>{P.nav(ctx)}</td></tr>"
        f'<tr><td width="160" valign="top">{P.related_block(ctx)}</td>'
        '<td valign="top" class="text">'
        f'<font size="4"><b>{esc(ctx.title)}</b></font><br>'
        f"<small>{esc(by)} {P.dateline(ctx, with_updated=False)}</small><br><br>"
        f"{text}<br><br>{P.share_bar(ctx)}</td></tr></table>{P.footer(ctx)}"
    )
    return _html(ctx, head, body)


TEMPLATES: dict[str, Template] = {
    "wordpress": wordpress,
    "drupal": drupal,
    "newspaper": newspaper,
    "amp": amp,
    "ghost": ghost,
    "farm": farm,
    "liveblog": liveblog,
    "tables": tables,
    "divs": divs,
    "brbr": brbr,
}
WALLABLE = ("newspaper", "ghost", "drupal", "amp", "wordpress", "divs", "brbr", "tables")
# templates whose shown author may be a CMS placeholder ("admin")
PLACEHOLDER_PRONE = ("wordpress", "farm", "brbr", "ghost", "drupal")
