"""Build the bundled sample corpus that `make run` processes.

The pages are generated here from the short articles in ``articles.json`` (written
for this project) with several page templates that reproduce what crawls contain:
a newspaper page with full site chrome, a content-farm WordPress copy with the
newspaper's access-wall text, a comment form and a copy-protection notice inside
the post body, a truncated paywalled copy, a lightly edited wire copy, a listing
page, a JavaScript interstitial and an image. They are packed into a real WARC
file, a JSON Lines file (HTML and already-extracted text records) and a text file.

Usage: python sample/build.py --out sample/build
"""

from __future__ import annotations

import argparse
import html
import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

NAV = ["Home", "News", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather"]
LANG_UI: dict[str, dict[str, str]] = {
    "en": {"by": "By", "related": "More on this topic", "share": "Share this article",
           "newsletter": "Sign up for our morning newsletter and get the day's top stories.",
           "cookie": "We use cookies to improve your experience. By continuing to browse you accept our use of cookies.",
           "footer": "All rights reserved."},
    "de": {"by": "Von", "related": "Mehr zum Thema", "share": "Artikel teilen",
           "newsletter": "Melden Sie sich für unseren Newsletter an.",
           "cookie": "Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis zu bieten.",
           "footer": "Alle Rechte vorbehalten."},
    "fr": {"by": "Par", "related": "Sur le même sujet", "share": "Partager cet article",
           "newsletter": "Inscrivez-vous à notre newsletter quotidienne.",
           "cookie": "Ce site utilise des cookies pour améliorer votre expérience de navigation.",
           "footer": "Tous droits réservés."},
    "es": {"by": "Por", "related": "Más sobre este tema", "share": "Compartir este artículo",
           "newsletter": "Suscríbete a nuestro boletín diario.",
           "cookie": "Utilizamos cookies para mejorar su experiencia de navegación.",
           "footer": "Todos los derechos reservados."},
}


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def newspaper_page(a: dict[str, Any], others: list[dict[str, Any]]) -> str:
    """A newspaper's own page: the original, with the usual site chrome around it."""
    ui = LANG_UI[a["lang"]]
    url = f"https://{a['domain']}/{a['date'][:4]}/{a['slug']}"
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
        "datePublished": f"{a['date']}T07:30:00Z", "dateModified": f"{a['date']}T16:05:00Z",
        "author": [{"@type": "Person", "name": n.strip()} for n in a["author"].split(" and ")],
        "publisher": {"@type": "Organization", "name": a["site"]}, "mainEntityOfPage": url,
    }
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    related = "".join(
        f'<li><a href="https://{o["domain"]}/{o["slug"]}">{esc(o["title"])}</a></li>' for o in others[:3]
    )
    body = "\n".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"][:3])
    body += f'\n<aside class="related-inline"><h4>{ui["related"]}</h4><ul>{related}</ul></aside>\n'
    body += "\n".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"][3:])
    return f"""<!DOCTYPE html>
<html lang="{a['lang']}"><head><meta charset="utf-8">
<title>{esc(a['title'])} | {esc(a['site'])}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(a['title'])}">
<meta property="og:site_name" content="{esc(a['site'])}">
<meta property="og:type" content="article">
<meta name="author" content="{esc(a['author'])}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{ui['cookie']}</p><button>OK</button></div>
<header class="site-header"><a class="logo" href="/">{esc(a['site'])}</a><nav><ul>{nav}</ul></nav></header>
<main><article class="story">
<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a></nav>
<h1>{esc(a['title'])}</h1>
<div class="byline">{ui['by']} <a rel="author" href="/authors/x">{esc(a['author'])}</a> &middot; <time datetime="{a['date']}T07:30:00Z">{a['date']}</time></div>
<div class="share-bar">{ui['share']}: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
<figure><img src="/img/{a['slug']}.jpg" alt=""><figcaption>Photo: Staff photographer</figcaption></figure>
<div class="story-body">
{body}
</div>
<div class="newsletter-box"><p>{ui['newsletter']}</p><form><input type="email"><button>Sign up</button></form></div>
</article></main>
<footer class="site-footer"><p>&copy; 2026 {esc(a['site'])}. {ui['footer']}</p><ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>"""


ACCESS_WALL = [
    "We are having trouble retrieving the article content.",
    "Please enable JavaScript in your browser settings.",
    "Thank you for your patience while we verify access. If you are in Reader mode please exit and log into your account.",
    "Already a subscriber? Log in.",
]


def content_farm_copy(a: dict[str, Any], farm: str, farm_domain: str) -> str:
    """A content farm's WordPress copy of a newspaper story, as in the issue's example."""
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"])
    wall = "\n".join(f"<p>{esc(line)}</p>" for line in ACCESS_WALL)
    return f"""<!DOCTYPE html>
<html lang="{a['lang']}"><head><meta charset="UTF-8">
<title>{esc(a['title'])} at {esc(farm)}</title>
<meta property="og:site_name" content="{esc(farm)}">
<meta property="article:published_time" content="{a['date']}T10:12:00+00:00">
<meta name="author" content="admin">
<link rel="canonical" href="https://{farm_domain}/{a['slug']}/">
</head><body class="post-template-default single single-post">
<div id="page" class="site"><header id="masthead"><p class="site-title"><a href="/">{esc(farm)}</a></p>
<nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/tech">Tech</a></li></ul></nav></header>
<div id="content"><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{esc(a['title'])}</h1>
<div class="entry-meta">Posted on <time class="entry-date published" datetime="{a['date']}T10:12:00+00:00">{a['date']}</time> by <span class="author vcard"><a href="/author/admin/">admin</a></span></div></header>
<div class="entry-content">
<p>{esc(a['title'])}</p>
<p>{esc(a['title'])}  at {esc(farm.lower())}</p>
{paras}
{wall}
</div></article>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<p><label>Comment *</label><textarea name="comment"></textarea></p><p><input type="submit" value="Post Comment"></p></form></div></div>
</div>
<footer id="colophon"><p>Proudly powered by WordPress</p></footer></div>
<div id="wpcp-error-message" class="msgmsg-box-wpcp hideme"><span>error: </span>Content is protected !!</div>
</body></html>"""


def truncated_copy(a: dict[str, Any], site: str, domain: str) -> str:
    """A paywalled copy that shows only the first paragraphs."""
    keep = max(1, round(len(a["paragraphs"]) * 0.6))
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"][:keep])
    return f"""<!DOCTYPE html>
<html lang="{a['lang']}"><head><meta charset="utf-8"><title>{esc(a['title'])} - {esc(site)}</title>
<meta property="og:site_name" content="{esc(site)}">
<meta property="article:published_time" content="{a['date']}T12:00:00Z">
<link rel="canonical" href="https://{domain}/news/{a['slug']}">
</head><body><header><nav><a href="/">Front page</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav></header>
<article><h1>{esc(a['title'])}</h1>
<p class="byline">By {esc(a['author'])}</p>
<div class="article-body">{paras}
<div class="paywall-prompt"><p>Subscribe to continue reading. Get unlimited digital access for 1 euro a week.</p><p>Already a subscriber? Sign in.</p></div>
</div></article></body></html>"""


def edited_copy(a: dict[str, Any], site: str, domain: str, seed: int) -> str:
    """A wire copy republished by another site with a few words changed."""
    rng = random.Random(seed)
    paras = []
    for p in a["paragraphs"]:
        words = p.split()
        if len(words) > 8:
            i = rng.randrange(len(words))
            words[i] = words[i].upper() if rng.random() < 0.5 else words[i] + ","
        paras.append(" ".join(words))
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="{a['lang']}"><head><meta charset="utf-8"><title>{esc(a['title'])} — {esc(site)}</title>
<meta property="og:site_name" content="{esc(site)}"><meta property="og:title" content="{esc(a['title'])}">
<meta name="date" content="{a['date']}">
</head><body><div class="top-menu"><a href="/">Start</a> | <a href="/wire">Wire</a> | <a href="/contact">Contact</a></div>
<div class="content"><h1>{esc(a['title'])}</h1><div class="text">{body}</div>
<div class="social">Share on Facebook | Tweet | Email</div>
<div class="ad-slot"><span>Advertisement</span></div>
<div class="recommended"><h3>You may also like</h3><ul><li><a href="/x">Ten gardening tips for spring</a></li><li><a href="/y">Where to eat this weekend</a></li></ul></div>
</div></body></html>"""


def listing_page(arts: list[dict[str, Any]]) -> str:
    items = "".join(
        f'<li><a href="https://{a["domain"]}/{a["slug"]}">{esc(a["title"])}</a> <span>{a["date"]}</span></li>'
        for a in arts
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Latest news - Regional Wire</title></head>
<body><nav><a href="/">Home</a> <a href="/latest">Latest</a></nav><h1>Latest news</h1><ul class="story-list">{items}</ul>
<footer>Regional Wire</footer></body></html>"""


JS_WALL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Just a moment...</title></head>
<body><noscript>Please enable JavaScript and cookies to continue.</noscript>
<div class="challenge"><h1>Checking your browser before accessing the site.</h1><p>This process is automatic. Your browser will redirect to your requested content shortly.</p></div></body></html>"""


def scraped_text(a: dict[str, Any], site: str) -> str:
    """What an earlier scraper saved: the article with the page's junk lines around it."""
    lines = [a["title"], f"{a['title']} | {site}", "Home  News  Sport  Business  Culture", *a["paragraphs"]]
    lines += [
        "Share this article: Facebook Twitter Email",
        "Sign up for our newsletter to get the latest news in your inbox.",
        "Leave a comment",
        "Your email address will not be published. Required fields are marked *",
        f"Copyright 2026 {site}. All rights reserved.",
    ]
    return "\n".join(lines)


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE / "build"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    arts: list[dict[str, Any]] = json.loads((HERE / "articles.json").read_text(encoding="utf-8"))

    pages: list[tuple[str, str]] = []  # (url, html)
    for i, a in enumerate(arts):
        others = arts[i + 1 :] + arts[:i]
        pages.append((f"https://{a['domain']}/{a['date'][:4]}/{a['slug']}", newspaper_page(a, others)))
    en = [a for a in arts if a["lang"] == "en"]
    pages.append((f"https://georgemag.example/{en[0]['slug']}/", content_farm_copy(en[0], "George Magazine", "georgemag.example")))
    pages.append((f"https://dailyreader.example/news/{en[1]['slug']}", truncated_copy(en[1], "Daily Reader", "dailyreader.example")))
    pages.append((f"https://wirefeed.example/{en[2]['slug']}", edited_copy(en[2], "Wire Feed", "wirefeed.example", 7)))
    pages.append(("https://regionalwire.example/latest", listing_page(arts)))
    pages.append(("https://blocked.example/story/1", JS_WALL))

    from newsclean.io.warc_write import WarcRecordSpec, request, response, warcinfo, write_warc

    # Laid out like a crawler's output: warcinfo first, then a request before each response.
    records: list[WarcRecordSpec] = [warcinfo({"software": "newsclean sample builder", "format": "WARC/1.1"})]
    for url, page in pages:
        records += [request(url), response(url, page.encode("utf-8"), "text/html; charset=utf-8")]
    logo = "https://coastal-ledger.example/img/logo.png"
    records += [request(logo), response(logo, PNG_1PX, "image/png")]
    write_warc(out / "sample.warc.gz", records, gzip=True)
    n_responses = len(pages) + 1

    with (out / "sample.jsonl").open("w", encoding="utf-8") as f:
        for a, site in ((arts[3], "Nachrichten Aktuell"), (arts[4], "Info Régions"), (en[0], "Metro Digest")):
            f.write(json.dumps({"id": f"scraped-{a['slug']}", "url": f"https://scraped.example/{a['slug']}",
                                "text": scraped_text(a, site)}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": "html-mercado", "url": "https://otro-diario.example/mercado",
                            "html": edited_copy(arts[5], "Otro Diario", "otro-diario.example", 3)}, ensure_ascii=False) + "\n")
    (out / "scraped-article.txt").write_text(scraped_text(en[2], "Campus Weekly"), encoding="utf-8")
    print(f"sample corpus written to {out}: {n_responses} WARC responses, 4 JSONL records, 1 text file")


if __name__ == "__main__":
    main()
