"""Generated multilingual news pages with exact ground truth (see build.py).

data/<lang>.json   articles written for this benchmark (not from the dev data or the
                   web) and junk wordings per kind, several variants each; a pack
                   with "held_out": true (th, hi) is never drawn for training:
                   build_pages renders it only when asked for (langs=[...] or
                   held_out=True), after the trained languages, from a random
                   source of its own, so the trained pages are the same either way
page.py            GenPage (one page + truth), Ctx (per-page rendering state)
parts.py           head metadata, chrome and junk widgets, block rendering
templates.py       ten page templates (CMSs and site types)
build.py           build_pages(seed, ...): every language x article x template

Truth conventions (what counts as article text):
- paragraphs, the subheading, list items, the block quote, in page order; the
  headline is metadata (title), not text;
- a table's rows count as "<n> <cell>" lines;
- walled pages (paywall / registration / js) keep only the opening paragraphs the
  page shows and are ``paywalled``; the content-farm copy keeps the whole article
  but carries the original's wall text, and is ``paywalled`` too (issue 3's case);
- a hidden paywall template on an open page ("hidden") is junk but the page is not
  ``paywalled``;
- junk: bylines, datelines, reading time, live-blog timestamps, share bars, related
  teasers (also inline "Read also: ..." paragraphs), newsletter prompts, ads,
  image credits, comments, comment forms, cookie banners, wall, JavaScript and
  copy-protection notices, navigation, tags and footers;
- authors: the names shown; a CMS placeholder (admin, newsroom, agency) means no
  author; date: the publication date (the page also carries a later modified date
  and, on half the pages, a different date in the URL).
"""
