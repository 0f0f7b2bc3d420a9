"use strict";
// One record: metadata, why it is not ok, the clean text with removed lines in
// place, its source page and what extraction saw (source.js), and the other
// members of its duplicate cluster.

function metaRow(dl, key, value) {
  if (value === null || value === undefined || value === "" ||
      (Array.isArray(value) && !value.length)) return;
  dl.append(NC.el("dt", { text: key }));
  const dd = NC.el("dd");
  if (value instanceof Node) dd.append(value); else dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
  dl.append(dd);
}

function renderDoc(record) {
  const doc = document.getElementById("doc");
  NC.clear(doc);
  for (const seg of record.segments) {
    if (seg.kind === "removed") {
      doc.append(NC.el("div", { class: "removed", "data-reason": seg.reason },
        NC.reasonLabel(seg.reason, record.reason_texts),
        NC.el("del", { text: seg.text })));
    } else {
      doc.append(NC.el("p", { text: seg.text }));
    }
  }
  if (!record.segments.length) {
    doc.append(NC.el("p", { class: "muted", text: record.status === "ok"
      ? "(no text)" : "(no text: see “What extraction saw” for what the page held)" }));
  }
  const n = (record.removed || []).length;
  document.getElementById("legend").textContent = n
    ? `${n} removed line${n === 1 ? "" : "s"} shown struck through with the reason. ` +
      "Records keep kept text and removed lines separately, each in document order; " +
      "positions between paragraphs are reconstructed."
    : "Nothing was removed from this record.";
}

// Why a record is not ok: its status, the reason with its documented meaning,
// and the error message of a failed document.
function renderStatusNote(r) {
  const box = document.getElementById("status-note");
  NC.clear(box);
  if (r.status === "ok") { box.hidden = true; return; }
  box.hidden = false;
  box.className = "status-note status-note-" + String(r.status).replace(/[^a-z]/g, "");
  const line = NC.el("p", {}, NC.statusBadge(r.status), " ",
    NC.el("code", { class: "reason-code", text: r.reason || "(no reason)" }));
  if (r.reason_text) line.append(" — " + r.reason_text);
  box.append(line);
  if (r.error) {
    box.append(NC.el("p", { class: "muted", text: "error message:" }),
      NC.el("pre", { class: "error-message", id: "error-message", text: r.error }));
  }
}

function renderMeta(r) {
  const dl = document.getElementById("meta");
  NC.clear(dl);
  const status = NC.el("span", {}, NC.statusBadge(r.status));
  if (r.reason) status.append(" " + r.reason);
  metaRow(dl, "status", status);
  metaRow(dl, "error", r.error);
  metaRow(dl, "id", r.id);
  metaRow(dl, "source", r.source);
  metaRow(dl, "url", r.url ? NC.externalLink(r.url) : null);
  if (r.canonical_url && r.canonical_url !== r.url) metaRow(dl, "canonical", NC.externalLink(r.canonical_url));
  metaRow(dl, "site", r.site_name);
  metaRow(dl, "page type", r.page_type);
  metaRow(dl, "access", r.access);
  metaRow(dl, "authors", r.authors);
  metaRow(dl, "date", r.date);
  metaRow(dl, "language", r.language);
  metaRow(dl, "paywalled", r.paywalled ? "yes" : "no");
  metaRow(dl, "characters", NC.fmt((r.text || "").length));
  metaRow(dl, "removed", NC.fmt((r.removed || []).length));
  metaRow(dl, "cluster", r.cluster_id);
  metaRow(dl, "duplicate of", r.duplicate_of
    ? NC.el("a", { href: NC.recordHref(r.duplicate_of), text: r.duplicate_of }) : null);
  metaRow(dl, "shard", r.shard);
}

function renderCluster(r) {
  const box = document.getElementById("cluster");
  NC.clear(box);
  if (!r.cluster || r.cluster.size < 2) {
    box.append(NC.el("p", { class: "muted", text: r.cluster_id ? "Only member of its cluster." : "Not in a duplicate cluster." }));
    return;
  }
  box.append(NC.el("p", { class: "muted", text: `${r.cluster.size} records in this cluster; the others:` }));
  const ul = NC.el("ul", { class: "members" });
  for (const m of r.cluster.members) {
    const li = NC.el("li", {}, NC.el("a", { href: NC.recordHref(m.id), class: "member", text: m.title || m.id }));
    if (m.site_name) li.append(NC.el("span", { class: "muted", text: " · " + m.site_name }));
    if (r.duplicate_of === m.id) li.append(" ", NC.el("span", { class: "badge dup", text: "original" }));
    else if (m.duplicate_of) li.append(" ", NC.el("span", { class: "badge", text: "copy" }));
    ul.append(li);
  }
  box.append(ul);
  if (r.cluster.size - 1 > r.cluster.members.length) {
    box.append(NC.el("p", { class: "muted", text: `… and ${NC.fmt(r.cluster.size - 1 - r.cluster.members.length)} more` }));
  }
}

// Tabs: the URL hash names the open one, so a view can be linked.
const TABS = ["text", "page", "html", "seen"];

function showTab(record, name) {
  if (!TABS.includes(name)) name = record.status === "ok" ? "text" : "seen";
  for (const b of document.querySelectorAll("#tabs .tab")) {
    const on = b.dataset.tab === name;
    b.classList.toggle("active", on);
    b.setAttribute("aria-selected", on ? "true" : "false");
  }
  for (const p of document.querySelectorAll(".panel")) p.hidden = p.dataset.panel !== name;
  return SOURCE.open(record, name);
}

async function init() {
  const id = new URLSearchParams(location.search).get("id");
  const err = document.getElementById("error");
  if (document.referrer && new URL(document.referrer).origin === location.origin &&
      new URL(document.referrer).pathname === "/") {
    document.getElementById("back").href = document.referrer;
  }
  if (!id) { err.textContent = "No record id given."; return; }
  let r;
  try {
    r = await NC.api("/api/record/" + encodeURIComponent(id));
  } catch (e) {
    err.textContent = `Record ${id}: ${e.message}`;
    return;
  }
  document.title = (r.title || r.id) + " · newsclean inspect";
  document.getElementById("title").textContent = r.title || "(no title)";
  const link = document.getElementById("source-link");
  if (NC.safeHttpUrl(r.url)) link.append(NC.externalLink(r.url, "Open the live page ↗"));
  else link.hidden = true;
  renderStatusNote(r);
  renderMeta(r);
  renderDoc(r);
  renderCluster(r);
  const toggle = document.getElementById("show-removed");
  toggle.addEventListener("change", () => {
    for (const node of document.querySelectorAll(".doc .removed")) node.hidden = !toggle.checked;
  });
  for (const b of document.querySelectorAll("#tabs .tab")) {
    b.addEventListener("click", () => {
      history.replaceState(null, "", "#" + b.dataset.tab);
      showTab(r, b.dataset.tab);
    });
  }
  window.addEventListener("hashchange", () => showTab(r, location.hash.slice(1)));
  showTab(r, location.hash.slice(1));
  document.body.dataset.loaded = "1";
}

document.addEventListener("DOMContentLoaded", init);
