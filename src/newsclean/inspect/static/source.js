"use strict";
// A record's source, read back from its input file by the server: the stored
// page in a sandboxed frame (no scripts, no network: see server.py), its HTML
// as text, and what extraction saw when run on it again, which answers "why is
// this record empty?". Panels load on first open and then set data-ready.

const VERDICTS = {
  kept: ["kept", "kept in the article text"],
  left: ["left", "left after cleaning, but the record is not ok: too short, or not an article"],
  dropped: ["not kept", "in the article region, but not in the text"],
  outside: ["outside", "not main content: the block model's probability is below the page's bar"],
};

function ready(panel) {
  document.querySelector(`.panel[data-panel='${panel}']`).dataset.ready = "1";
}

function missing(src) {
  const box = NC.el("div", { class: "missing" },
    NC.el("p", { text: "The source of this record cannot be shown: " + src.message + "." }));
  if (src.source) box.append(NC.el("p", { class: "muted", text: "source: " + src.source }));
  if (src.raw !== null && src.raw !== undefined) {
    box.append(NC.el("p", { class: "muted", text: "The input line as it is in the file:" }),
      NC.el("pre", { class: "source raw-line", text: src.raw }));
  }
  return box;
}

function chars(n) { return `${NC.fmt(n)} character${n === 1 ? "" : "s"}`; }

function verdictLabel(item, texts) {
  if (item.verdict === "removed") return NC.reasonLabel(item.reason, texts);
  const [label, meaning] = VERDICTS[item.verdict] || [item.verdict, ""];
  const span = NC.el("span", { class: "verdict", title: meaning, text: label });
  // A block outside the article still says what it looked like (a menu, a share bar...).
  if (item.verdict === "outside" && item.reason) {
    const why = texts && texts[item.reason] ? " — " + texts[item.reason] : "";
    span.append(" ", NC.el("span", { class: "reason", title: "outside: " + item.reason + why, text: item.reason }));
  }
  return span;
}

function itemText(item) {
  const clipped = item.chars > item.text.length ? ` … (${chars(item.chars)})` : "";
  return NC.el("span", { class: "blk-text", text: item.text + clipped });
}

function blockList(items, texts, kind) {
  const list = NC.el("ol", { class: "blocks", id: kind });
  for (const item of items) {
    const li = NC.el("li", { class: "blk v-" + item.verdict, "data-verdict": item.verdict },
      verdictLabel(item, texts));
    if (item.tag) li.append(NC.el("span", { class: "blk-tag", text: item.tag }));
    // Link-heavy blocks are how listings and link lists look to extraction.
    if (item.links >= 0.5) li.append(NC.el("span", { class: "blk-tag", text: `${Math.round(100 * item.links)}% links` }));
    // The block model's probability that the block is main content.
    if (typeof item.probability === "number") {
      li.append(NC.el("span", { class: "blk-tag blk-prob", title: "probability of main content", text: "p(main) " + item.probability.toFixed(2) }));
    }
    li.append(itemText(item));
    list.append(li);
  }
  return list;
}

function legend() {
  const p = NC.el("p", { class: "legend" }, "Each block in page order: ");
  for (const [key, [label, meaning]] of Object.entries(VERDICTS)) {
    p.append(NC.el("span", { class: "blk-legend v-" + key, text: label }), ` ${meaning}; `);
  }
  p.append(NC.el("span", { class: "reason", text: "reason" }), " removed, for that reason.");
  return p;
}

function pageFacts(d) {
  const page = d.page;
  const ul = NC.el("ul", { class: "facts", id: "facts" });
  if (!page.total_blocks) {
    ul.append(NC.el("li", { text: "The page has no visible text: nothing outside scripts, styles and hidden elements." }));
  } else {
    ul.append(NC.el("li", { text: `The page has ${NC.fmt(page.total_blocks)} visible text blocks (${chars(page.total_chars)}).` }));
    if (page.page_type) {
      const p = (page.type_probabilities || {})[page.page_type];
      const sure = typeof p === "number" ? ` (probability ${p.toFixed(2)})` : "";
      const bar = typeof page.threshold === "number" ? `; blocks are kept from probability ${page.threshold.toFixed(2)}` : "";
      ul.append(NC.el("li", { text: `The page reads as a ${page.page_type} page${sure}${bar}.` }));
      if (page.typed_without_words) {
        ul.append(NC.el("li", { text: "Its type was read from its markup and layout alone: its words are in a language the page-type model's word table never learnt." }));
      }
    }
    ul.append(NC.el("li", { text: page.region_blocks
      ? `The block model chose ${NC.fmt(page.region_blocks)} of them (${chars(page.region_chars)}, ` +
        `${Math.round(100 * page.region_link_density)}% of it link text) as main content.`
      : "The block model found no block that reads like main content, so there was nothing to clean." }));
  }
  if (page.noscript) ul.append(NC.el("li", { text: "Text shown to browsers without JavaScript: “" + page.noscript + "”" }));
  return ul;
}

function resultFacts(d, ul) {
  const left = `After cleaning, ${chars(d.text_chars)} ${d.text_chars === 1 ? "was" : "were"} left`;
  ul.append(NC.el("li", { text: d.reason === "too_short" ? `${left}; an article needs at least ${d.min_chars}.` : left + "." }));
  if (d.removed.length) ul.append(NC.el("li", { text: `${NC.fmt(d.removed.length)} line(s) were removed, each with its reason below.` }));
  if (d.paywalled) ul.append(NC.el("li", { text: "Access-wall wording or markup was found: the page is marked paywalled." }));
}

function renderSeen(box, record, d) {
  const verdict = NC.el("p", { class: "seen-verdict", id: "seen-verdict" },
    "Extraction run again on the source gives ", NC.statusBadge(d.status));
  if (d.reason) verdict.append(" ", NC.el("code", { class: "reason-code", text: d.reason }), " — " + (d.reason_text || ""));
  box.append(verdict);
  if (d.status !== record.status || (d.reason || null) !== (record.reason || null)) {
    box.append(NC.el("p", { class: "muted", text:
      `The run gave ${record.status}${record.reason ? " (" + record.reason + ")" : ""}: this re-run uses the ` +
      "current code and the run's options, but not its corpus-wide passes (lines repeated across the corpus, duplicates)." }));
  }
  if (d.note) box.append(NC.el("p", { class: "warning", text: d.note }));
  if (d.error) box.append(NC.el("pre", { class: "error-message", text: d.error }));
  for (const [label, text] of [["Traceback", d.traceback], ["The view of the page failed", d.view_error]]) {
    if (text) box.append(NC.el("details", { class: "trace", open: "" }, NC.el("summary", { text: label }), NC.el("pre", { text })));
  }
  let facts;
  if (d.page) {
    facts = pageFacts(d);
  } else if (d.input === "html") {  // too large to parse: the verdict above is all
    box.append(NC.el("ul", { class: "facts", id: "facts" },
      NC.el("li", { text: "The page was not read block by block." })));
    return;
  } else {
    facts = NC.el("ul", { class: "facts", id: "facts" },
      NC.el("li", { text: `The input is text, not HTML: ${NC.fmt((d.lines || []).length)} non-blank lines.` }));
  }
  resultFacts(d, facts);
  box.append(facts);
  const items = d.page ? d.page.blocks : d.lines;
  if (items && items.length) {
    box.append(legend(), blockList(items, d.reason_texts, "seen-blocks"));
  }
}

const SOURCE = {
  source: null,
  seen: null,

  load(record) {
    if (!this.source) this.source = NC.api("/api/source/" + encodeURIComponent(record.id));
    return this.source;
  },

  open(record, tab) {
    if (tab === "page") return this.page(record);
    if (tab === "html") return this.html(record);
    if (tab === "seen") return this.extraction(record);
    return Promise.resolve();
  },

  // Both source tabs read the source once; ``show`` fills the panel's note
  // (and the rest of the panel) when it is available.
  async sourcePanel(record, panel, show) {
    const note = document.getElementById(panel + "-note");
    if (note.dataset.started) return;
    note.dataset.started = "1";
    note.textContent = "Reading the source…";
    try {
      const src = await this.load(record);
      NC.clear(note);
      if (src.available) show(src, note); else note.append(missing(src));
    } catch (e) {
      note.textContent = "Could not read the source: " + e.message;
    }
    ready(panel);
  },

  page(record) {
    return this.sourcePanel(record, "page", (src, note) => {
      if (src.kind !== "html") {
        note.textContent = "This input is text, not an HTML page: “HTML source” shows it as it was read.";
        return;
      }
      const url = "/source/page?id=" + encodeURIComponent(record.id);
      note.append(`The page stored in ${src.path}, as the run read it, drawn without scripts, ` +
        "forms or network access (its images and outside style sheets do not load). ",
        NC.el("a", { href: url, target: "_blank", rel: "noopener noreferrer", id: "page-alone", text: "Open it alone ↗" }));
      if (src.note) note.append(NC.el("span", { class: "warning", text: " " + src.note }));
      const frame = document.getElementById("page-frame");
      frame.src = url;
      frame.hidden = false;
    });
  },

  html(record) {
    return this.sourcePanel(record, "html", (src, note) => {
      note.textContent = `${src.kind === "html" ? "HTML" : "Text"} of ${src.source}, read from ${src.path} ` +
        `(${chars(src.chars)}${src.truncated ? ", the first " + chars(src.content.length) + " shown" : ""}).` +
        (src.note ? " " + src.note : "");
      document.getElementById("html-source").textContent = src.content;
    });
  },

  async extraction(record) {
    const box = document.getElementById("seen");
    if (box.dataset.started) return;
    box.dataset.started = "1";
    box.append(NC.el("p", { class: "muted", id: "seen-wait", text: "Running extraction on the source again…" }));
    try {
      if (!this.seen) this.seen = NC.api("/api/diagnose/" + encodeURIComponent(record.id));
      const d = await this.seen;
      NC.clear(box);
      if (d.available) renderSeen(box, record, d);
      else box.append(missing(d));
    } catch (e) {
      NC.clear(box);
      box.append(NC.el("p", { class: "error", text: "Could not run extraction again: " + e.message }));
    }
    ready("seen");
  },
};
