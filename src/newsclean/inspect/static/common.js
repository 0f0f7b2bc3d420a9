"use strict";
// Shared helpers. Every piece of record data enters the DOM through
// textContent (el() below); nothing here ever assigns innerHTML.

const NC = {
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = String(v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  },

  async api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) throw new Error((data && data.error) || `HTTP ${res.status}`);
    return data;
  },

  recordHref(id) {
    return "/record?id=" + encodeURIComponent(id);
  },

  // Only http(s) links are made clickable: a record's URL could be javascript:.
  safeHttpUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      const u = new URL(value);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  },

  externalLink(url, label) {
    const href = NC.safeHttpUrl(url);
    if (!href) return document.createTextNode(url || "");
    return NC.el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", text: label || url });
  },

  statusBadge(status) {
    return NC.el("span", { class: "badge status-" + String(status).replace(/[^a-z]/g, ""), text: status });
  },

  // A removal reason as a label; its documented meaning shows on hover.
  reasonLabel(reason, texts) {
    const meaning = texts && texts[reason] ? " — " + texts[reason] : "";
    return NC.el("span", { class: "reason", title: "removed: " + reason + meaning, text: reason });
  },

  fmt(n) { return Number(n || 0).toLocaleString("en-US"); },

  clear(node) { while (node.firstChild) node.removeChild(node.firstChild); },

  async header() {
    const page = document.body.dataset.page;
    for (const a of document.querySelectorAll("[data-nav]")) {
      if (a.dataset.nav === page) a.classList.add("active");
    }
    try {
      const info = await NC.api("/api/info");
      document.getElementById("dir").textContent =
        `${info.dir} · ${NC.fmt(info.shards)} shard${info.shards === 1 ? "" : "s"}` +
        (info.skipped_files.length ? ` · ${info.skipped_files.length} unreadable file(s) skipped` : "");
      if (info.skipped_files.length) {
        document.getElementById("dir").title = "skipped: " + info.skipped_files.join(", ");
      }
    } catch (e) { /* the header is decoration */ }
  },
};

document.addEventListener("DOMContentLoaded", () => { NC.header(); });
