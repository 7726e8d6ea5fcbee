// The supervisors' dashboard: headline rates, the 8-week trend (an SVG drawn here, no library),
// per-kind and per-caseworker tables, FAQ gaps, and the CSV exports.
"use strict";
(function () {
  const FD = window.FD, $ = FD.$, el = FD.el, t = FD.t;
  const SVG = "http://www.w3.org/2000/svg";

  async function load() {
    const params = new URLSearchParams();
    if ($("period-from").value) params.set("from", $("period-from").value);
    if ($("period-to").value) params.set("to", $("period-to").value);
    let data;
    try { data = await FD.api("/api/staff/dashboard?" + params.toString()); } catch (e) { FD.flash(e.message, true); return; }
    const period = data.period || {};
    if (!$("period-from").value) $("period-from").value = period.from || "";
    if (!$("period-to").value) $("period-to").value = period.to || "";
    FD.list($("calendar-warnings"), data.calendar_warnings || [], (w) => w);
    cards(data);
    trend(data.trend || []);
    breakdown($("dash-kinds"), "dashboard.col_kind", data.by_kind || [], (r) => kindLabel(r.kind));
    breakdown($("dash-staff"), "dashboard.col_staff", data.by_staff || [], (r) => r.display_name || t("dashboard.unassigned"));
    volumes(data.volumes || {});
    listOrNone($("dash-misses"), data.faq_misses || [], (m) => m.count + " " + t("dashboard.times") + " · " + m.example);
    listOrNone($("dash-feedback"), data.faq_feedback || [], (f) => f.count + " " + t("dashboard.times") + " · " + (f.entry_question || "") + (f.example ? " ← " + f.example : ""));
  }

  function listOrNone(ol, items, text) {
    FD.list(ol, items, text);
    if (!items.length) ol.appendChild(el("li", t("dashboard.none_yet"), "muted"));
  }

  function kindLabel(code) {
    const kind = (FD.meta.kinds || []).find((k) => k.code === code);
    return kind ? kind.label : t("kind.other");
  }

  function percent(rate) {
    if (!rate || rate.percent === null || rate.percent === undefined) return t("dashboard.none_yet");
    return rate.percent + "%";
  }

  function cards(data) {
    const box = FD.clear($("dash-cards"));
    const hours = data.median_first_response_hours;
    [
      ["dashboard.procedural_rate", percent(data.procedural_in_time), data.procedural_in_time],
      ["dashboard.result_rate", percent(data.result_in_time), data.result_in_time],
      ["dashboard.overdue_now", String(data.overdue_now || 0), null],
      ["dashboard.satisfaction", percent(data.satisfaction), { counted: (data.satisfaction || {}).answered }],
      ["dashboard.followup_rate", percent(data.followup), { counted: (data.followup || {}).due }],
      ["dashboard.handoff_in_time", percent(data.handoff_in_time), data.handoff_in_time],
      ["dashboard.median_first_response", hours === null || hours === undefined ? t("dashboard.none_yet") : hours + " " + t("dashboard.hours"), null],
    ].forEach(([key, value, base]) => {
      const card = el("div", null, "card stat");
      card.appendChild(el("span", t(key), "label"));
      card.appendChild(el("strong", value));
      if (base && base.counted !== undefined) card.appendChild(el("span", FD.fill("dashboard.counted", { n: base.counted || 0 }), "muted small"));
      box.appendChild(card);
    });
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, String(v)));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // Bars: items received per week; dots joined by a line: items closed.
  function trend(weeks) {
    const box = FD.clear($("dash-trend"));
    const width = 640, height = 220, left = 36, bottom = 40, top = 16;
    const top1 = Math.max(1, ...weeks.map((w) => Math.max(w.received, w.closed)));
    const scale = (n) => (height - bottom - top) * (n / top1);
    const step = (width - left - 8) / Math.max(weeks.length, 1);
    const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", class: "trend-chart" });
    chart.appendChild(svg("title", {}, t("dashboard.trend_label")));
    [0, Math.ceil(top1 / 2), top1].forEach((n) => {
      const y = height - bottom - scale(n);
      chart.appendChild(svg("line", { x1: left, x2: width - 4, y1: y, y2: y, class: "grid-line" }));
      chart.appendChild(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, n));
    });
    const points = [];
    weeks.forEach((w, i) => {
      const x = left + i * step, h = scale(w.received);
      const bar = svg("rect", { x: x + step * 0.2, y: height - bottom - h, width: step * 0.6, height: Math.max(h, 0), class: "bar" });
      bar.appendChild(svg("title", {}, weekLabel(w.week) + " · " + t("dashboard.trend_received") + " " + w.received + " · " + t("dashboard.trend_closed") + " " + w.closed));
      chart.appendChild(bar);
      if (w.received) chart.appendChild(svg("text", { x: x + step / 2, y: height - bottom - h - 4, "text-anchor": "middle", class: "value" }, w.received));
      chart.appendChild(svg("text", { x: x + step / 2, y: height - bottom + 16, "text-anchor": "middle", class: "axis" }, shortWeek(w.week)));
      points.push([x + step / 2, height - bottom - scale(w.closed)]);
    });
    if (points.length) chart.appendChild(svg("polyline", { points: points.map((p) => p.join(",")).join(" "), class: "closed-line" }));
    points.forEach(([x, y]) => chart.appendChild(svg("circle", { cx: x, cy: y, r: 3.5, class: "closed-dot" })));
    box.appendChild(chart);
    const legend = el("p", null, "legend");
    legend.appendChild(el("span", t("dashboard.trend_received"), "key key-bar"));
    legend.appendChild(el("span", t("dashboard.trend_closed"), "key key-line"));
    box.appendChild(legend);
  }

  function shortWeek(iso) { const [, m, d] = iso.split("-"); return Number(m) + "/" + Number(d); }
  function weekLabel(iso) { const [, m, d] = iso.split("-"); return FD.fill("dashboard.trend_week", { month: Number(m), day: Number(d) }); }

  function breakdown(table, first, rows, name) {
    FD.clear(table);
    const head = el("tr");
    [first, "dashboard.col_received", "dashboard.col_closed", "dashboard.col_open", "dashboard.col_overdue",
     "dashboard.col_procedural", "dashboard.col_result", "dashboard.col_followup", "dashboard.col_satisfaction"]
      .forEach((key) => head.appendChild(el("th", t(key))));
    table.appendChild(head);
    rows.forEach((r) => {
      const tr = el("tr");
      [name(r), r.received, r.closed, r.open, r.overdue, percent(r.procedural_in_time), percent(r.result_in_time), percent(r.followup), percent(r.satisfaction)]
        .forEach((value, i) => tr.appendChild(el(i === 0 ? "th" : "td", value)));
      table.appendChild(tr);
    });
  }

  function volumes(data) {
    const table = FD.clear($("dash-volumes"));
    const head = el("tr");
    ["dashboard.col_kind", "dashboard.channel_col", "dashboard.count_col"].forEach((key) => head.appendChild(el("th", t(key))));
    table.appendChild(head);
    (data.cells || []).forEach((c) => {
      const tr = el("tr");
      tr.appendChild(el("td", kindLabel(c.kind)));
      tr.appendChild(el("td", (FD.meta.channels || {})[c.channel] || t("channel.other")));
      tr.appendChild(el("td", c.count));
      table.appendChild(tr);
    });
  }

  function bind() {
    $("period-form").addEventListener("submit", (e) => { e.preventDefault(); load(); });
    const range = () => new URLSearchParams({ from: $("period-from").value, to: $("period-to").value }).toString();
    $("export-ledger").addEventListener("click", () => { location.href = "/api/staff/export.csv?" + range(); });
    $("export-stats").addEventListener("click", () => { location.href = "/api/staff/dashboard.csv?" + range(); });
  }

  FD.views.dashboard = { bind, load };
})();
