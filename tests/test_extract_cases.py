"""Cases users report against today's extractors, on pages built here (a news
site's article page: menu, metadata, six paragraphs, footer, plus the case)."""

from __future__ import annotations

import pytest

from newsclean.html.article import extract_article
from newsclean.options import Options
from newsclean.record import REASONS, STATUS_REASONS, Article

P1 = (
    "The city council voted on Tuesday to expand the riverside park, ending a debate that "
    "had divided residents for more than two years and drawn crowds to every meeting."
)
P2 = (
    "Supporters said the new green space would cool the neighbourhood in summer, while "
    "opponents worried about the cost, which the council estimates at four million dollars."
)
P3 = (
    "Construction is expected to begin next spring, and the mayor said the first section, "
    "including a playground and a walking path, should open before the end of the year."
)
P4 = (
    "The park will grow by eleven hectares along the northern bank, taking in the land of "
    "the old timber yard, which the council bought from a developer for a symbolic sum."
)
P5 = (
    "Landscape architects plan wetlands that can flood in winter, which should protect the "
    "houses further downstream, and a ring of trees that will shade the paths in summer."
)
P6 = (
    "A public meeting on the detailed designs is planned for June, and residents can send "
    "their comments to the parks department by post or through the council's website."
)
PARAS = (P1, P2, P3, P4, P5, P6)
ARTICLE_HEAD = (
    "<meta property='og:type' content='article'>"
    "<meta property='article:published_time' content='2024-05-14T09:00:00Z'>"
    "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
    "\"@type\": \"NewsArticle\", \"headline\": \"Council expands riverside park\", "
    "\"datePublished\": \"2024-05-14T09:00:00Z\"}</script>"
)


def page(
    body: str, *, head: str = ARTICLE_HEAD, title: str = "Council expands riverside park"
) -> str:
    menu = "".join(
        f"<li><a href='/{s.lower()}'>{s}</a></li>"
        for s in ("Home", "News", "Sport", "Business", "Culture", "Weather")
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
        f"<body><header class='site-header'><a class='logo' href='/'>Example News</a>"
        f"<nav><ul>{menu}</ul></nav></header>{body}"
        "<footer><ul><li><a href='/about'>About us</a></li><li><a href='/privacy'>Privacy</a>"
        "</li></ul><p>© 2024 Example Media. All rights reserved.</p></footer></body></html>"
    )


def article(inner: str = "", before: str = "", after: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    head = "<h1>Council expands riverside park</h1>"
    return f"{before}<article>{head}{paras}{inner}</article>{after}"


def run(html: str, options: Options | None = None) -> Article:
    url = "https://news.example.com/2024/05/park"
    return extract_article(html, url=url, options=options or Options())


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def test_plain_article_keeps_exactly_its_paragraphs() -> None:
    art = run(page(article()))
    assert art.status == "ok"
    assert paragraphs(art.text) == list(PARAS)
    assert not art.paywalled


def test_related_and_more_on_this_topic_blocks_inside_the_body() -> None:
    related = (
        "<div class='related-stories'><h3>Related stories</h3><ul>"
        "<li><a href='/a'>Mayor unveils budget for next year's city projects</a></li>"
        "<li><a href='/b'>Residents protest against the new parking rules downtown</a></li>"
        "</ul></div>"
    )
    more = (
        "<h3>More on this topic</h3><ul>"
        "<li><a href='/c'>How the riverside plan changed over two years of talks</a></li>"
        "<li><a href='/d'>Opinion: our parks need more than new benches and paint</a></li>"
        "<li><a href='/e'>Timeline: the long history of the riverside district</a></li></ul>"
    )
    art = run(page(article(inner=related + more)))
    assert art.status == "ok"
    for line in ("Mayor unveils", "Residents protest", "How the riverside plan", "Timeline"):
        assert line not in art.text
    assert P3 in art.text
    assert {r.reason for r in art.removed} & {"related", "navigation"}


def test_a_plain_list_under_a_related_heading_stays() -> None:
    # Only a list of links is the "More on this topic" section; the article's own
    # bullet points after a heading the families know stay.
    steps = (
        "<h3>Read more</h3><ul>"
        "<li>The first phase widens the riverside path between the two bridges.</li>"
        "<li>The second phase plants the wetland beds along the northern bank.</li>"
        "<li>The third phase opens the new playground and the cafe by the lock.</li></ul>"
    )
    art = run(page(article(inner=steps)))
    assert art.status == "ok"
    for line in ("The first phase", "The second phase", "The third phase"):
        assert line in art.text


def test_comment_threads_are_not_article_text() -> None:
    # Twelve comments, more text than the six-paragraph article, in a section
    # marked as comments after it: the block model alone keeps them (0.77-0.93:
    # the page reads as half a forum thread) and drops their "12 Comments"
    # heading; on a page called an article the kept blocks end at that heading.
    comment = (
        "I have lived next to that river for thirty years and I think this is the best "
        "decision the council has made in a long time, well done to everyone involved."
    )
    thread = (
        "<section id='comments' class='comments-area'><h2>12 Comments</h2><ol class='comment-list'>"
        + "".join(f"<li class='comment'><p>{comment} ({i})</p></li>" for i in range(12))
        + "</ol></section>"
    )
    art = run(page(article(after=thread)))
    assert art.status == "ok"
    assert "thirty years" not in art.text
    assert paragraphs(art.text) == list(PARAS)


def test_comment_thread_in_plain_markup_ends_at_its_heading() -> None:
    # No class or id says "comment": only the heading tells the thread apart
    # (on an article page: on a forum the same heading opens the replies).
    entries = [
        "Finally some good news for the east side, we have waited for a park like this "
        "since the factory closed and the land has been empty for far too long.",
        "Four million is a lot of money for a playground when the roads in our part of "
        "town are still full of holes every spring, and nobody seems to care about that.",
    ]
    thread = "<h3>Kommentare</h3>" + "".join(f"<div><p>{e}</p></div>" for e in entries)
    art = run(page(article(inner=thread)))
    assert paragraphs(art.text) == list(PARAS)
    assert {r.reason for r in art.removed if r.text in entries} == {"comments"}


def test_cookie_consent_text_is_not_returned_instead_of_the_article() -> None:
    banner = (
        "<div id='cookie-consent' class='cookie-banner'><p>We use cookies and similar "
        "technologies to improve your experience, personalise content and ads, and analyse "
        "our traffic. By clicking accept, you agree to our use of cookies as described in "
        "our cookie policy, which you can change at any time in your privacy settings.</p>"
        "<a href='#'>Accept all</a> <a href='#'>Manage preferences</a></div>"
    )
    art = run(page(article()).replace("<body>", "<body>" + banner))
    assert art.status == "ok"
    assert "cookies" not in art.text
    assert paragraphs(art.text) == list(PARAS)


def test_ad_labels_and_share_buttons_are_removed_with_reasons() -> None:
    inner_ad = "<div class='ad-slot'><span>Advertisement</span></div>"
    share = (
        "<div class='share-bar'><a href='#'>Share on Facebook</a> <a href='#'>Tweet</a>"
        " <a href='#'>Email</a></div>"
    )
    rest = "".join(f"<p>{p}</p>" for p in PARAS[1:])
    body = (
        f"<article><h1>Council expands riverside park</h1>{share}<p>{P1}</p>{inner_ad}"
        f"{rest}{share}</article>"
    )
    art = run(page(body))
    assert paragraphs(art.text) == list(PARAS)
    reasons = {r.reason for r in art.removed}
    assert "advertisement" in reasons
    assert "share" in reasons
    assert all(r.reason in REASONS for r in art.removed)


def test_enable_javascript_and_cookies_interstitial_is_empty_access_wall() -> None:
    html = (
        "<html><head><title>Just a moment...</title></head><body><div class='wrapper'>"
        "<h1>Checking your browser</h1>"
        "<p>Please enable JavaScript and cookies to continue.</p></div></body></html>"
    )
    art = run(html)
    assert art.status == "empty"
    assert art.reason == "access_wall"
    assert art.paywalled
    # the typing read the check, not the page behind it
    assert art.page_type is None
    # a corpus kept to articles still hears of the wall, to fetch the page again
    only = run(html, Options(keep_types=("article",)))
    assert (only.status, only.reason, only.page_type) == ("empty", "access_wall", None)


@pytest.mark.xfail(
    strict=True,
    reason="known weakness: hidden text is a feature, not a rule (42% of the text under "
    "hidden elements of wcxb-dev train pages is main content: tabs, accordions); short "
    "hidden widgets inside a short article body stay",
)
def test_hidden_widget_text_is_ignored() -> None:
    hidden = (
        "<div style='display:none'>Secret widget text that nobody can see on the page.</div>"
        "<div hidden>Another hidden widget full of words that are not shown to readers.</div>"
        "<div aria-hidden='true'>Screen-reader-hidden duplicate of a teaser for a story.</div>"
        "<div style='visibility: hidden'>Invisible promotional block for a quiz of the day.</div>"
    )
    art = run(page(article(inner=hidden)))
    for word in ("Secret widget", "Another hidden", "duplicate of a teaser", "quiz of the day"):
        assert word not in art.text
    assert paragraphs(art.text) == list(PARAS)
    assert "hidden" in {r.reason for r in art.removed}


def test_issue_example_content_farm_copy_with_access_wall_and_comment_form() -> None:
    wall = [
        "We are having trouble retrieving the article content.",
        "Please enable JavaScript in your browser settings.",
        "Thank you for your patience while we verify access.",
        "Already a subscriber? Log in.",
    ]
    entry = (
        "<div class='entry-content'>"
        + "".join(f"<p>{p}</p>" for p in PARAS[:-1])
        + "".join(f"<p>{w}</p>" for w in wall)
        + f"<p>{PARAS[-1]}</p></div>"
    )
    respond = (
        "<div id='respond' class='comment-respond'><h3 id='reply-title'>Leave a Reply</h3>"
        "<form id='commentform'><p class='comment-notes'>Your email address will not be "
        "published. Required fields are marked *</p><p><label>Comment *</label>"
        "<textarea name='comment'></textarea></p><p><label>Name *</label><input></p>"
        "<p><input type='submit' value='Post Comment'></p></form></div>"
    )
    protect = (
        "<div id='wpcp-error-message' class='msgmsg-box-wpcp'>error: Content is protected !!</div>"
    )
    body = (
        "<div id='page' class='site'><header class='site-header'><a href='/'>Daily Trends</a>"
        "</header><div id='content' class='site-content'><main id='main'><article class='post'>"
        "<header class='entry-header'><h1 class='entry-title'>Council expands riverside park</h1>"
        "<div class='entry-meta'>Posted on May 3, 2024 by admin</div></header>"
        f"{entry}</article>{respond}</main><aside id='secondary' class='widget-area'>"
        "<section class='widget'><h2>Recent Posts</h2><ul><li><a href='/x'>Ten tips for summer "
        "gardens</a></li></ul></section></aside></div></div>" + protect
    )
    html = (
        "<html><head><title>Council expands riverside park – Daily Trends</title></head>"
        f"<body class='post-template-default single single-post comments-open'>{body}</body></html>"
    )
    art = run(html)
    assert art.status == "ok"
    assert paragraphs(art.text) == list(PARAS)
    assert art.paywalled
    assert "Leave a Reply" not in art.text
    assert "protected" not in art.text


def test_malformed_markup_still_yields_the_article() -> None:
    html = (
        "<html><body><div class='story'><h1>Council expands riverside park</div>"
        f"<p>{P1}<p>{P2}</span></b><p>{P3}<div><<<>>></td></table><p>{P4}</b><p>{P5}<p>{P6}"
        "</body>"
    )
    art = run(html)
    assert art.status == "ok"
    for p in PARAS:
        assert p in art.text


def test_listing_page_keeps_its_items_or_is_skipped_as_not_article() -> None:
    items = "".join(
        f"<article class='card'><h2><a href='/story/{i}'>Headline number {i} about the city "
        f"and its plans</a></h2><p>A short teaser for story {i}, one sentence long.</p></article>"
        for i in range(12)
    )
    listing = page(f"<main><h1>Latest news</h1>{items}</main>", head="", title="News – Example")
    art = run(listing)
    assert art.status == "ok"
    assert art.page_type in ("listing", "collection")
    for i in range(12):
        assert f"Headline number {i} about the city" in art.text
    only = run(listing, Options(keep_types=("article",)))
    assert (only.status, only.reason, only.text) == ("skipped", "not_article", "")


@pytest.mark.xfail(
    strict=True,
    reason="known weakness: under an article-like address, forty two-word links read as a "
    "listing, whose bar (0.15, chosen by cross-validation: listing pages score better the "
    "lower it goes) keeps the links scored 0.15-0.16 (the model trained with the "
    "readability-pages; before it, the page read as a forum, whose bar is 0.6)",
)
def test_page_of_navigation_only_is_empty() -> None:
    links = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(40))
    art = run(f"<html><body><div class='links'><ul>{links}</ul></div></body></html>")
    assert art.status == "empty"
    assert art.reason in STATUS_REASONS


def test_a_list_of_headline_links_is_a_listing_not_navigation() -> None:
    heads = [
        "Council approves budget that doubles spending on road repairs",
        "New bus timetable cuts three rural routes from the spring",
        "Library opening hours extended over the summer holidays",
        "Former factory site to become four hundred new homes",
        "Water board plans to replace the old town's ageing pipes",
        "Hospital car park charges rise for the first time in years",
    ]
    items = "".join(f"<li><a href='/n/{i}'>{h}</a></li>" for i, h in enumerate(heads * 3))
    art = run(f"<html><body><h1>Latest news</h1><ul class='stories'>{items}</ul></body></html>")
    assert art.status == "ok"
    assert art.page_type != "article"
    assert heads[0] in art.text


def test_empty_body_is_empty_no_article_text() -> None:
    art = run("<html><head><title>x</title></head><body>   </body></html>")
    assert art.status == "empty"
    assert art.reason == "no_article_text"


def test_json_ld_not_free_is_declared_access_not_withheld_text() -> None:
    ld = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"isAccessibleForFree": false}</script>'
    )
    art = run(page(article(), head=ld))
    # The declaration is `access`; the whole text is there, so nothing was withheld.
    assert art.status == "ok"
    assert art.access == "subscription"
    assert not art.paywalled
    assert run(page(article(), head="")).access is None
