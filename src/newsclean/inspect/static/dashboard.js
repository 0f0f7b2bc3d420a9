"use strict";
// Corpus charts with plotly (served from the installed plotly package), over
// the records the filters select (page type, declared access, paywalled; the
// URL query string holds them, as on the records list).

// Plotly renders a small set of HTML-like tags inside labels; escaping <, >
// and & makes every label from the corpus (site names…) plain text.
function plain(s) {
  return String(s === null || s === undefined ? "" : s)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const FILTERS = ["page_type", "access", "paywalled"];
const FACETS = { page_type: "page_types", access: "access" };
// The mode bar (download, zoom) sits in the top margin, above the plot area;
// a chart reserves that margin so that the bar never covers bars or slices.
const MODEBAR_SPACE = 34;
const CONFIG = {
  displaylogo: false, responsive: true,
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
};
const COLORS = ["#2457c5", "#e07b39", "#3a9d5d", "#c23b3b", "#8a5cc2", "#7f8c8d", "#d4a72c", "#2aa1b3"];

function layout(extra) {
  const base = {
    height: 320,
    font: { family: "system-ui, sans-serif", size: 12 },
    paper_bgcolor: "#fff", plot_bgcolor: "#fff",
  };
  const lay = Object.assign(base, extra || {});
  lay.margin = Object.assign({ l: 60, r: 20, b: 50 }, lay.margin || {}, { t: MODEBAR_SPACE });
  return lay;
}

function noData(id) {
  const node = document.getElementById(id);
  NC.clear(node);
  node.append(NC.el("p", { class: "empty-note", text: "No data." }));
}

function currentFilters() {
  const params = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const f of FILTERS) if (params.get(f)) out.set(f, params.get(f));
  return out;
}

// Clicking a bar opens the records list filtered by its value (and the
// dashboard's own filters).
function linkTo(node, field) {
  node.on("plotly_click", (ev) => {
    const value = ev.points && ev.points[0] && ev.points[0].customdata;
    if (value === undefined || value === null) return;
    const params = currentFilters();
    params.set(field, value);
    location.href = "/?" + params.toString();
  });
}

function bar(id, pairs, opts) {
  opts = opts || {};
  if (!pairs.length) return noData(id);
  const horizontal = !!opts.horizontal;
  const raw = pairs.map((p) => (p[0] === null ? "none" : String(p[0])));
  const labels = raw.map(plain);
  const values = pairs.map((p) => p[1]);
  const trace = horizontal
    ? { type: "bar", orientation: "h", y: labels.slice().reverse(), x: values.slice().reverse(), customdata: raw.slice().reverse() }
    : { type: "bar", x: labels, y: values, customdata: raw };
  trace.marker = { color: opts.color || COLORS[0] };
  trace.hovertemplate = "%{" + (horizontal ? "y" : "x") + "}: %{" + (horizontal ? "x" : "y") + ":,}<extra></extra>";
  const lay = horizontal
    ? layout({ margin: { l: opts.left || 150, r: 20, b: 40 }, yaxis: { automargin: true, type: "category" } })
    : layout({
      xaxis: { type: "category", automargin: true, tickangle: opts.tickangle || 0, title: { text: opts.xtitle || "" } },
      yaxis: { automargin: true, title: { text: opts.ytitle || "" } },
    });
  const drawn = Plotly.newPlot(id, [trace], lay, CONFIG);
  return opts.field ? drawn.then((node) => { linkTo(node, opts.field); return node; }) : drawn;
}

function pie(id, pairs, field) {
  if (!pairs.length) return noData(id);
  const raw = pairs.map((p) => String(p[0]));
  const drawn = Plotly.newPlot(id, [{
    type: "pie", hole: 0.45, sort: false,
    labels: raw.map(plain), values: pairs.map((p) => p[1]), customdata: raw,
    marker: { colors: COLORS }, textinfo: "percent", textposition: "inside",
    insidetextorientation: "horizontal",
    hovertemplate: "%{label}: %{value:,} (%{percent})<extra></extra>",
  }], layout({ margin: { l: 20, r: 20, b: 10 }, showlegend: true }), CONFIG);
  return field ? drawn.then((node) => { linkTo(node, field); return node; }) : drawn;
}

function kpi(label, value) {
  return NC.el("div", { class: "kpi" }, NC.el("div", { class: "v", text: value }), NC.el("div", { class: "k", text: label }));
}

async function filterForm() {
  const form = document.getElementById("dash-filters");
  const params = currentFilters();
  try {
    const facets = await NC.api("/api/facets");
    for (const [field, key] of Object.entries(FACETS)) {
      const select = document.getElementById(field);
      for (const [value, count] of facets[key] || []) {
        select.append(NC.el("option", { value, text: `${value} (${NC.fmt(count)})` }));
      }
    }
  } catch (e) { /* filters still work by URL */ }
  for (const f of FILTERS) {
    form.elements[f].value = params.get(f) || "";
    form.elements[f].addEventListener("change", () => {
      const next = currentFilters();
      if (form.elements[f].value) next.set(f, form.elements[f].value); else next.delete(f);
      location.search = next.toString();
    });
  }
  document.getElementById("clear-filters").addEventListener("click", () => { location.search = ""; });
  const active = FILTERS.filter((f) => params.get(f)).map((f) => `${f} = ${params.get(f)}`);
  document.getElementById("filter-note").textContent = active.length
    ? "figures over the records with " + active.join(", ") : "";
}

async function init() {
  filterForm();
  let s;
  try {
    s = await NC.api("/api/stats?" + currentFilters().toString());
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
    pie("chart-status", s.by_status, "status"),
    bar("chart-status-reason", s.by_status_reason, { horizontal: true, color: COLORS[3], left: 190 }),
    bar("chart-removed", s.removed_lines, { horizontal: true, color: COLORS[1], field: "reason" }),
    bar("chart-removed-chars", s.removed_chars, { horizontal: true, color: COLORS[4], field: "reason" }),
    bar("chart-page-types", s.page_types, { horizontal: true, color: COLORS[7], field: "page_type" }),
    pie("chart-access", s.access, "access"),
    bar("chart-languages", s.languages, { color: COLORS[2], ytitle: "records", field: "language" }),
    bar("chart-length", s.text_length, { color: COLORS[0], ytitle: "records", tickangle: -35 }),
    bar("chart-clusters", s.cluster_sizes, { color: COLORS[7], xtitle: "records in cluster", ytitle: "clusters" }),
    bar("chart-sites", s.top_sites, { horizontal: true, color: COLORS[0], left: 170 }),
    pie("chart-paywalled", s.paywalled),
  ];
  document.getElementById("summary").textContent = s.summary
    ? JSON.stringify(s.summary, null, 2) : "(no summary.json for this run)";
  await Promise.all(charts.filter(Boolean));
  document.body.dataset.loaded = "1";
}

document.addEventListener("DOMContentLoaded", init);
