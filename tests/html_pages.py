"""Small but realistic pages of each kind, written for the tests (no data set
needed): a news article, a forum thread, a section listing, a product page, a
service page. Each has the chrome real sites carry (menus, footers, sidebars,
share bars, related lists) around its main content. Also the chrome verdicts of
a page's blocks, for the tests of the markup table."""

from __future__ import annotations

import re

from newsclean.html.dom import parse_html
from newsclean.html.nodes import VERDICTS, page_tree


def verdicts(html: str) -> dict[str, str]:
    """Per block text, the chrome verdict it inherits from its nearest judged
    ancestor ("" when none): what the block model is told about markup."""
    pt = page_tree(parse_html(html))
    assert pt is not None
    verdict = pt.nearest_verdict()
    return {b.text: VERDICTS[int(verdict[pt.block_node[i]])] for i, b in enumerate(pt.blocks)}

HEADER = """<header class="site-header"><a class="logo" href="/">Northfield Gazette</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/contact">Contact</a></li></ul></nav>
</header>"""

FOOTER = """<footer class="site-footer"><ul><li><a href="/about">About us</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>&copy; 2025 Northfield Media Ltd. All rights reserved.</p></footer>"""

ARTICLE_PARAGRAPHS = [
    "The county council voted on Tuesday evening to approve a new budget that "
    "doubles spending on road repairs and keeps the three rural libraries open, "
    "after a debate that ran for more than four hours.",
    "Council leader Maria Okafor said the plan had been shaped by a consultation "
    "in which more than 6,000 residents took part, and that potholes had been the "
    "single most common complaint in every district of the county.",
    "Opposition members argued that the increase in council tax, the largest in "
    "a decade, would fall hardest on pensioners, and proposed an amendment to fund "
    "the repairs from reserves instead. The amendment was defeated by 31 votes to 22.",
    "The budget also sets aside money for two new school crossing patrols, a "
    "pilot scheme of on-demand minibuses for villages without a regular service, "
    "and repairs to the flood defences along the river at Eastbrook.",
    "The new council tax rates take effect in April. Residents who struggle to "
    "pay can apply for support through the council's hardship fund, which has "
    "been increased by a quarter.",
]


def article_page() -> str:
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    related = "".join(
        f'<li><a href="/news/{i}">{t}</a></li>'
        for i, t in enumerate(
            [
                "Bus routes to be cut in spring timetable",
                "New homes approved on former factory site",
                "Library opening hours extended over summer",
                "Flood warning lifted for Eastbrook",
            ]
        )
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves budget to double road repair spending | Northfield Gazette</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-02-18T19:30:00Z">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Council approves budget to double road repair spending",
"datePublished": "2025-02-18T19:30:00Z", "author": {{"@type": "Person", "name": "Tom Reed"}}}}
</script></head><body class="single single-post">{HEADER}
<main id="main"><article class="post">
<h1 class="entry-title">Council approves budget to double road repair spending</h1>
<div class="byline">By <a href="/author/tom-reed">Tom Reed</a>, 18 February 2025</div>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<div class="entry-content">{paras}</div>
</article>
<aside class="related-posts"><h2>Related stories</h2><ul>{related}</ul></aside>
<section class="comments"><h2>3 comments</h2>
<div class="comment"><span class="author">jb_1970</span>
<p>About time the roads were fixed.</p></div>
<div class="comment"><span class="author">sue</span><p>Another tax rise, great.</p></div>
</section></main>{FOOTER}</body></html>"""


FORUM_POSTS = [
    (
        "hiker_jo",
        "My boots keep giving me blisters on the back of the heel after about ten "
        "kilometres, even though they were fitted in a shop. I have tried thicker "
        "socks and a different lacing pattern. Is there anything else I can do "
        "before I give up on them?",
    ),
    (
        "trailmix",
        "Try a heel-lock lacing (also called a runner's loop) using the top eyelets. "
        "It stops the heel lifting, which is usually what causes the rubbing. Also "
        "check that the insole is not worn flat at the back.",
    ),
    (
        "peakbagger",
        "Blisters at the heel are almost always friction from movement. Besides the "
        "lacing, a thin liner sock under your hiking sock helps a lot, and some tape "
        "on the spot before you start will save your walk.",
    ),
    (
        "hiker_jo",
        "Thanks both! The heel-lock lacing made a big difference on yesterday's "
        "walk: fifteen kilometres and no blisters at all. I will add liner socks "
        "for the longer routes too.",
    ),
]


def forum_page() -> str:
    posts = "".join(
        f"""<div class="post" id="post-{i}"><div class="post-meta">
<a class="username" href="/u/{user}">{user}</a> <span class="post-date">{3 + i} May 2025</span>
</div><div class="post-body"><p>{text}</p></div>
<div class="post-actions"><a href="#">Reply</a> <a href="#">Quote</a> <a href="#">Like</a></div>
</div>"""
        for i, (user, text) in enumerate(FORUM_POSTS)
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Blisters on the heel with new boots - Gear talk - Trail Forum</title>
<script type="application/ld+json">{{"@context": "https://schema.org",
"@type": "DiscussionForumPosting", "headline": "Blisters on the heel with new boots",
"author": {{"@type": "Person", "name": "hiker_jo"}}, "commentCount": 3}}</script>
</head><body class="forum topic-view">
<header><a href="/">Trail Forum</a><nav><a href="/latest">Latest</a> <a href="/top">Top</a>
<a href="/categories">Categories</a> <a href="/login">Log in</a></nav></header>
<div class="breadcrumbs"><a href="/c/gear">Gear talk</a></div>
<h1 class="topic-title">Blisters on the heel with new boots</h1>
<div class="topic-posts">{posts}</div>
<div class="suggested-topics"><h3>Suggested topics</h3><ul>
<li><a href="/t/1">Best waterproof jacket under 150?</a></li>
<li><a href="/t/2">Walking poles: one or two?</a></li></ul></div>
<footer>Powered by a forum engine. <a href="/tos">Terms</a></footer></body></html>"""


LISTING_ITEMS = [
    ("Rail strike called off after late-night talks",
     "Union leaders accepted a revised pay offer just hours before the walkout was due to begin."),
    ("Harbour wall repairs to start next month",
     "The six-month project will close part of the promenade to walkers and cyclists."),
    ("Record turnout at the county show",
     "More than 40,000 visitors came through the gates over the two days of the show."),
    ("New cycle lane divides opinion on High Street",
     "Shop owners say they have lost trade while cyclists welcome the safer route."),
    ("School wins national science prize",
     "Pupils from Eastbrook Academy built a sensor network to monitor river levels."),
    ("Hospital car park charges to rise",
     "Parking will cost a pound more per visit from June, the health trust confirmed."),
]


def listing_page() -> str:
    cards = "".join(
        f"""<article class="card"><h2 class="card-title"><a href="/news/{i}">{title}</a></h2>
<p class="card-teaser">{teaser}</p><time datetime="2025-05-0{i + 1}">{i + 1} May</time></article>"""
        for i, (title, teaser) in enumerate(LISTING_ITEMS)
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>News | Northfield Gazette</title>
<meta property="og:type" content="website">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "CollectionPage",
"name": "News"}}</script></head><body class="archive category">{HEADER}
<main><h1 class="page-title">News</h1><div class="card-grid">{cards}</div>
<nav class="pagination"><a href="?page=2">Next page</a></nav></main>{FOOTER}</body></html>"""


PRODUCT_DESCRIPTION = [
    "The Ridgeline 2 is a two-person tent for backpackers who count every gram: "
    "at 1.4 kg it packs down to the size of a water bottle and pitches in under "
    "three minutes with a single hubbed pole.",
    "Two doors and two porches give each sleeper their own way in and room for a "
    "pack, and the mesh inner keeps condensation down on still nights.",
]
PRODUCT_SPECS = [
    ("Weight", "1.4 kg"),
    ("Packed size", "38 x 14 cm"),
    ("Sleeps", "2 people"),
    ("Flysheet", "20D ripstop nylon, 3000 mm hydrostatic head"),
    ("Groundsheet", "30D nylon, 5000 mm hydrostatic head"),
    ("Poles", "DAC aluminium, one hubbed set"),
]


def product_page() -> str:
    desc = "".join(f"<p>{p}</p>" for p in PRODUCT_DESCRIPTION)
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in PRODUCT_SPECS)
    others = "".join(
        f'<li class="product-card"><a href="/products/{n}">{n}</a><span class="price">'
        f"&pound;{p}</span></li>"
        for n, p in [("Ridgeline 1", 189), ("Summit 3", 329), ("Trail tarp", 59)]
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Ridgeline 2 Backpacking Tent | Outdoor Supply Co.</title>
<meta property="og:type" content="product">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "Product",
"name": "Ridgeline 2 Backpacking Tent", "offers": {{"@type": "Offer", "price": "249.00",
"priceCurrency": "GBP"}}}}</script></head><body class="product-template">
<header><a href="/">Outdoor Supply Co.</a><nav><a href="/tents">Tents</a>
<a href="/packs">Packs</a><a href="/cart">Basket (0)</a></nav></header>
<div class="breadcrumb"><a href="/">Home</a> / <a href="/tents">Tents</a></div>
<div class="product"><h1 class="product-title">Ridgeline 2 Backpacking Tent</h1>
<div class="price">&pound;249.00</div>
<form class="add-to-cart"><button>Add to basket</button></form>
<div class="product-description"><h2>Description</h2>{desc}</div>
<div class="product-specs"><h2>Specifications</h2><table>{rows}</table></div></div>
<section class="recommendations"><h2>You may also like</h2><ul>{others}</ul></section>
<footer><a href="/delivery">Delivery</a> <a href="/returns">Returns</a>
<p>Outdoor Supply Co. Ltd, registered in England.</p></footer></body></html>"""


SERVICE_SECTIONS = [
    ("Residential removals",
     "From a one-bedroom flat to a family home, our crews pack, load and move your "
     "belongings with care, and reassemble furniture at the other end."),
    ("Office relocations",
     "We plan office moves around your working week, moving desks, IT equipment and "
     "archives overnight or at weekends so that your team can start on Monday."),
    ("Packing service",
     "Our packers bring boxes, paper and wardrobe cartons, wrap fragile items and "
     "label every box by room, so unpacking takes hours instead of days."),
    ("Secure storage",
     "Clean, dry containers in our monitored warehouse are available by the week, "
     "for anything from a few boxes to the contents of a whole house."),
]


def service_page() -> str:
    sections = "".join(
        f'<section class="service"><h2>{h}</h2><p>{t}</p></section>' for h, t in SERVICE_SECTIONS
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Removals and storage in Northfield | Swift Movers</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "MovingCompany",
"name": "Swift Movers", "telephone": "+44 1632 960000"}}</script></head>
<body class="page-template-services">
<header><a href="/">Swift Movers</a><nav><a href="/services">Services</a>
<a href="/prices">Prices</a><a href="/quote">Get a quote</a><a href="/contact">Contact</a></nav>
</header><main><div class="hero"><h1>Removals and storage in Northfield</h1>
<p>Family-run since 1998, we have moved more than 20,000 homes and businesses across the
county. Every move is quoted at a fixed price, with no hidden extras.</p>
<a class="button" href="/quote">Get a free quote</a></div>
<div class="services">{sections}</div>
<div class="cta"><a href="/quote">Request a callback</a></div></main>
<footer><p>Swift Movers Ltd, 12 Mill Lane, Northfield.</p><a href="/privacy">Privacy</a>
</footer></body></html>"""


# Latin letters onto Cyrillic ones, one for one (case kept): the visible text of
# a page in a language no model learnt, its markup and layout untouched.
_CYRILLIC = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "абцдефгхийклмнопярстужвьызАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗ",
)
_TEXT_NODE = re.compile(r"(<(script|style)\b.*?</\2>)|>([^<]+)(?=<)", re.DOTALL | re.IGNORECASE)


def in_cyrillic(html: str) -> str:
    """``html`` with the letters of its text nodes written in Cyrillic (scripts,
    styles and attributes as they were)."""

    def swap(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) else ">" + m.group(3).translate(_CYRILLIC)

    return _TEXT_NODE.sub(swap, html)
