"use strict";
// Records list: the URL query string is the state, so views can be linked
// and the back button works.

const FIELDS = ["q", "status", "language", "page_type", "access", "reason", "paywalled", "duplicate", "sort", "order"];
// Filters whose menus list the corpus's values (the others are fixed in list.html).
const FACETS = { status: "statuses", language: "languages", page_type: "page_types", access: "access", reason: "reasons" };
const PAGE = 50;
// Searching the article text scans all of it; above this many records the
// list searches title, site and URL unless the box is ticked.
const TEXT_SEARCH_DEFAULT_MAX = 200000;
let textDefault = true;

function currentParams() {
  return new URLSearchParams(location.search);
}

function fillSelect(select, pairs, selected) {
  for (const [value, count] of pairs) {
    if (value === null) continue;
    const opt = NC.el("option", { value, text: `${value} (${NC.fmt(count)})` });
    select.append(opt);
  }
  select.value = selected || "";
}

function row(r) {
  const title = r.title || "(no title)";
  const titleCell = NC.el("td", { class: "title" },
    NC.el("a", { href: NC.recordHref(r.id), class: "record-link", text: title }),
    NC.el("span", { class: "url", text: r.url || r.id }));
  const flags = NC.el("td");
  if (r.paywalled) flags.append(NC.el("span", { class: "badge paywalled", text: "paywalled" }));
  if (r.access && r.access !== "free") flags.append(NC.el("span", { class: "badge access", text: r.access }));
  if (r.duplicate_of) flags.append(NC.el("span", { class: "badge dup", text: "duplicate" }));
  else if (r.in_cluster) flags.append(NC.el("span", { class: "badge", text: "has copies" }));
  const status = NC.el("td", {}, NC.statusBadge(r.status));
  if (r.reason) status.append(NC.el("div", { class: "muted", text: r.reason }));
  return NC.el("tr", { "data-id": r.id },
    titleCell,
    NC.el("td", { text: r.site_name || "" }),
    status,
    NC.el("td", { text: r.page_type || "" }),
    NC.el("td", { text: r.language || "" }),
    NC.el("td", { text: r.date || "" }),
    NC.el("td", { class: "num", text: NC.fmt(r.text_len) }),
    NC.el("td", { class: "num", text: NC.fmt(r.n_removed) }),
    flags);
}

async function load() {
  const params = currentParams();
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const api = new URLSearchParams();
  for (const f of FIELDS) if (params.get(f)) api.set(f, params.get(f));
  api.set("text", textSearch(params) ? "1" : "0");
  api.set("offset", String(offset));
  api.set("limit", String(PAGE));
  const tbody = document.querySelector("#records tbody");
  const count = document.getElementById("count");
  let data;
  try {
    data = await NC.api("/api/records?" + api.toString());
  } catch (e) {
    count.textContent = "Could not load records: " + e.message;
    count.className = "error";
    return;
  }
  NC.clear(tbody);
  for (const r of data.records) tbody.append(row(r));
  if (!data.records.length) {
    tbody.append(NC.el("tr", {}, NC.el("td", { colspan: 9, class: "empty-note", text: "No records match." })));
  }
  const last = Math.min(data.total, offset + data.records.length);
  count.textContent = data.total
    ? `${NC.fmt(data.total)} records · showing ${NC.fmt(offset + 1)}–${NC.fmt(last)}`
    : "0 records";
  document.getElementById("page").textContent =
    `page ${Math.floor(offset / PAGE) + 1} of ${Math.max(1, Math.ceil(data.total / PAGE))}`;
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  prev.disabled = offset <= 0;
  next.disabled = offset + PAGE >= data.total;
  prev.onclick = () => go({ offset: Math.max(0, offset - PAGE) });
  next.onclick = () => go({ offset: offset + PAGE });
  document.body.dataset.loaded = "1";
}

function textSearch(params) {
  const v = params.get("text");
  return v === null ? textDefault : v === "1";
}

function go(changes) {
  const params = currentParams();
  for (const [k, v] of Object.entries(changes)) {
    if (v === "" || v === null || v === 0) params.delete(k); else params.set(k, String(v));
  }
  history.pushState(null, "", "/?" + params.toString());
  load();
}

async function init() {
  const params = currentParams();
  for (const f of ["q", "sort", "order", "paywalled", "duplicate"]) {
    const input = document.getElementById(f);
    if (params.get(f)) input.value = params.get(f);
  }
  try {
    const info = await NC.api("/api/info");
    textDefault = info.records <= TEXT_SEARCH_DEFAULT_MAX;
  } catch (e) { /* keep the default */ }
  document.getElementById("text").checked = textSearch(params);
  try {
    const facets = await NC.api("/api/facets");
    for (const [field, key] of Object.entries(FACETS)) {
      fillSelect(document.getElementById(field), facets[key] || [], params.get(field));
    }
  } catch (e) { /* filters still work by URL */ }
  const form = document.getElementById("filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const changes = { offset: "" };
    for (const f of FIELDS) changes[f] = form.elements[f].value;
    const text = form.elements.text.checked;
    changes.text = text === textDefault ? "" : (text ? "1" : "0");
    if (changes.sort === "order") changes.sort = "";
    if (changes.order === "asc") changes.order = "";
    go(changes);
  });
  for (const f of [...Object.keys(FACETS), "paywalled", "duplicate", "sort", "order", "text"]) {
    form.elements[f].addEventListener("change", () => form.requestSubmit());
  }
  document.getElementById("clear-filters").addEventListener("click", () => {
    form.reset();
    history.pushState(null, "", "/");
    for (const f of FIELDS) form.elements[f].value = f === "sort" ? "order" : (f === "order" ? "asc" : "");
    form.elements.text.checked = textDefault;
    load();
  });
  window.addEventListener("popstate", load);
  load();
}

document.addEventListener("DOMContentLoaded", init);
