"use strict";
// Corpus charts with plotly (served from the installed plotly package).

// Plotly renders a small set of HTML-like tags inside labels; escaping <, >
// and & makes every label from the corpus (site names…) plain text.
function plain(s) {
  return String(s === null || s === undefined ? "" : s)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
const COLORS = ["#2457c5", "#e07b39", "#3a9d5d", "#c23b3b", "#8a5cc2", "#7f8c8d", "#d4a72c", "#2aa1b3"];

function layout(extra) {
  return Object.assign({
    margin: { l: 60, r: 20, t: 10, b: 50 }, height: 320,
    font: { family: "system-ui, sans-serif", size: 12 },
    paper_bgcolor: "#fff", plot_bgcolor: "#fff",
  }, extra || {});
}

function noData(id) {
  const node = document.getElementById(id);
  NC.clear(node);
  node.append(NC.el("p", { class: "empty-note", text: "No data." }));
}

function bar(id, pairs, opts) {
  opts = opts || {};
  if (!pairs.length) return noData(id);
  const horizontal = !!opts.horizontal;
  const labels = pairs.map((p) => plain(p[0] === null ? "(none)" : p[0]));
  const values = pairs.map((p) => p[1]);
  const trace = horizontal
    ? { type: "bar", orientation: "h", y: labels.slice().reverse(), x: values.slice().reverse() }
    : { type: "bar", x: labels, y: values };
  trace.marker = { color: opts.color || COLORS[0] };
  trace.hovertemplate = "%{" + (horizontal ? "y" : "x") + "}: %{" + (horizontal ? "x" : "y") + ":,}<extra></extra>";
  const lay = horizontal
    ? layout({ margin: { l: opts.left || 150, r: 20, t: 10, b: 40 }, yaxis: { automargin: true, type: "category" } })
    : layout({
      xaxis: { type: "category", automargin: true, tickangle: opts.tickangle || 0, title: { text: opts.xtitle || "" } },
      yaxis: { automargin: true, title: { text: opts.ytitle || "" } },
    });
  return Plotly.newPlot(id, [trace], lay, CONFIG);
}

function pie(id, pairs) {
  if (!pairs.length) return noData(id);
  return Plotly.newPlot(id, [{
    type: "pie", hole: 0.45, sort: false,
    labels: pairs.map((p) => plain(p[0])), values: pairs.map((p) => p[1]),
    marker: { colors: COLORS }, textinfo: "percent", textposition: "inside",
    insidetextorientation: "horizontal",
    hovertemplate: "%{label}: %{value:,} (%{percent})<extra></extra>",
  }], layout({ margin: { l: 20, r: 20, t: 10, b: 10 }, showlegend: true }), CONFIG);
}

function kpi(label, value) {
  return NC.el("div", { class: "kpi" }, NC.el("div", { class: "v", text: value }), NC.el("div", { class: "k", text: label }));
}

async function init() {
  let s;
  try {
    s = await NC.api("/api/stats");
  } catch (e) {
    document.getElementById("error").textContent = "Could not load statistics: " + e.message;
    return;
  }
  const ok = (s.by_status.find((p) => p[0] === "ok") || [null, 0])[1];
  const removed = s.removed_lines.reduce((a, p) => a + p[1], 0);
  const paywalled = (s.paywalled.find((p) => p[0] === "paywalled") || [null, 0])[1];
  const inClusters = s.cluster_sizes.reduce((a, p) => a + Number(p[0]) * p[1], 0);
  const kpis = document.getElementById("kpis");
  kpis.append(
    kpi("records", NC.fmt(s.total)),
    kpi("ok", NC.fmt(ok) + (s.total ? ` (${(100 * ok / s.total).toFixed(1)}%)` : "")),
    kpi("removed lines", NC.fmt(removed)),
    kpi("paywalled (ok)", NC.fmt(paywalled) + (ok ? ` (${(100 * paywalled / ok).toFixed(1)}%)` : "")),
    kpi("duplicate clusters", NC.fmt(s.cluster_sizes.reduce((a, p) => a + p[1], 0))),
    kpi("records in clusters", NC.fmt(inClusters)),
    kpi("duplicates (not originals)", NC.fmt(s.duplicates)),
  );
  const charts = [
    pie("chart-status", s.by_status),
    bar("chart-status-reason", s.by_status_reason, { horizontal: true, color: COLORS[3], left: 190 }),
    bar("chart-removed", s.removed_lines, { horizontal: true, color: COLORS[1] }),
    bar("chart-removed-chars", s.removed_chars, { horizontal: true, color: COLORS[4] }),
    bar("chart-languages", s.languages, { color: COLORS[2], ytitle: "records" }),
    bar("chart-length", s.text_length, { color: COLORS[0], ytitle: "records", tickangle: -35 }),
    bar("chart-clusters", s.cluster_sizes, { color: COLORS[7], xtitle: "records in cluster", ytitle: "clusters" }),
    bar("chart-sites", s.top_sites, { horizontal: true, color: COLORS[0], left: 170 }),
    pie("chart-paywalled", s.paywalled),
  ];
  document.getElementById("summary").textContent = s.summary
    ? JSON.stringify(s.summary, null, 2) : "(no summary.json in this directory)";
  await Promise.all(charts.filter(Boolean));
  document.body.dataset.loaded = "1";
}

document.addEventListener("DOMContentLoaded", init);
