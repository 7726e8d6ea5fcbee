// The queue: quick filters, search, the list of rows in words. Kinds, statuses and chips come
// from /api/staff/console/meta, so a new kind of item shows up here without a change.
"use strict";
(function () {
  const FD = window.FD, $ = FD.$, el = FD.el, t = FD.t;
  let queuePage = 1, pages = 1, knownHandoffs = null, loading = 0;
  const chips = new Set();
  // Chips that exclude each other: one assignee choice, one due choice.
  const EXCLUSIVE = [["mine", "unassigned"], ["overdue", "due_soon"]];

  function query() {
    const params = new URLSearchParams();
    const q = $("f-q").value.trim();
    if (q) params.set("q", q);
    if ($("f-kind").value) params.set("kind", $("f-kind").value);
    FD.views.teams.queueParam(params);
    document.querySelectorAll("#f-status input:checked").forEach((box) => params.append("status", box.value));
    if ($("f-state").value !== "open") params.set("state", $("f-state").value);
    if (chips.has("mine")) params.set("assignee", "me");
    if (chips.has("unassigned")) params.set("assignee", "none");
    if (chips.has("urgent")) params.set("urgent", "true");
    if (chips.has("overdue")) params.set("due", "overdue");
    if (chips.has("due_soon")) params.set("due", "due_soon");
    if (chips.has("replied")) params.set("replied", "true");
    if (chips.has("followup")) params.set("followup", "true");
    if (chips.has("needs_bo")) params.set("needs", "bo");
    params.set("page", String(queuePage));
    params.set("lang", FD.lang);
    return params.toString();
  }

  async function load() {
    const mine = ++loading;
    let data;
    try { data = await FD.api("/api/staff/queue?" + query()); } catch (e) { FD.flash(e.message, true); return; }
    if (mine !== loading) return;  // a newer request is on its way
    pages = data.pages || 1;
    renderCounts(data.counts || {});
    const list = FD.clear($("queue-list"));
    (data.items || []).forEach((item) => list.appendChild(row(item)));
    $("queue-empty").hidden = (data.items || []).length > 0;
    $("page-info").textContent = (data.page || 1) + " / " + pages;
    $("prev").disabled = queuePage <= 1; $("next").disabled = queuePage >= pages;
    noticeNewHandoffs(data.items || []);
  }

  function renderCounts(counts) {
    const box = FD.clear($("counts"));
    [["total", "queue.total"], ["urgent", "queue.urgent"], ["overdue", "queue.overdue"],
     ["due_soon", "queue.due_soon"], ["unassigned", "queue.unassigned"], ["replied", "marker.citizen_replied"],
     ["followup", "marker.followup_due"], ["needs_bo", "marker.needs_bo"]].forEach(([key, label]) => {
      const chip = el("span", t(label) + " " + (counts[key] || 0), "count count-" + key + (counts[key] ? " some" : ""));
      chip.dataset.count = key;
      box.appendChild(chip);
    });
    const kinds = FD.meta.kinds || [];
    Object.entries(counts.by_kind || {}).forEach(([code, n]) => {
      const kind = kinds.find((k) => k.code === code);
      box.appendChild(el("span", (kind ? kind.label : t("kind.other")) + " " + n, "count"));
    });
  }

  function row(item) {
    const due = item.due || {}, waiting = item.waiting || {};
    const tibetan = (item.markers || []).some((m) => m.code === "needs_bo");
    const li = el("li", null, "q-item due-" + (waiting.over ? "overdue" : due.status || "none") + (item.urgent ? " urgent" : "") + (waiting.label ? " waiting" : "") + (tibetan ? " needs-bo" : "") + (tibetan && FD.speaks("bo") ? " speaks-bo" : ""));
    li.dataset.id = item.id;
    const open = el("button", null, "q-open");
    open.type = "button";
    const main = el("span", null, "q-main");
    const head = el("span", null, "q-head");
    head.appendChild(el("span", item.kind_label, "badge kind kind-" + item.kind));
    head.appendChild(el("span", item.name, "q-name"));
    if (item.tracking_no) head.appendChild(el("span", item.tracking_no, "q-no"));
    head.appendChild(el("span", item.status_label, "q-status"));
    if (!FD.views.teams.ownTeamOnly()) head.appendChild(el("span", item.team_label, "badge team"));
    (item.markers || []).forEach((m) => head.appendChild(el("span", m.label, "badge marker marker-" + m.code)));
    if (tibetan && FD.speaks("bo")) head.appendChild(el("span", t("profile.speaks_bo"), "badge speaks-bo-note"));
    main.appendChild(head);
    const summary = el("span", null, "q-summary");
    if (item.amount_label) summary.appendChild(el("span", item.amount_label, "q-amount"));
    summary.appendChild(document.createTextNode(item.summary));
    main.appendChild(summary);
    open.appendChild(main);
    const side = el("span", null, "q-side");
    if (waiting.label) {
      side.appendChild(el("span", waiting.label, "badge due " + (waiting.over ? "due-overdue" : "due-due_soon")));
    } else {
      side.appendChild(el("span", due.label, "badge due due-" + (due.status || "none")));
      if (due.which) side.appendChild(el("span", due.which + " · " + due.date_label + (due.provisional ? " · " + t("due.provisional") : ""), "q-due-date"));
    }
    side.appendChild(el("span", item.assignee_label, "q-assignee"));
    open.appendChild(side);
    open.addEventListener("click", () => FD.views.case.open(item.id));
    li.appendChild(open);
    return li;
  }

  function noticeNewHandoffs(items) {
    const waiting = new Set(items.filter((i) => (i.waiting || {}).label && !i.assignee).map((i) => i.id));
    if (knownHandoffs !== null && [...waiting].some((id) => !knownHandoffs.has(id))) {
      $("notice").textContent = t("queue.new_handoff"); $("notice").hidden = false;
    }
    knownHandoffs = new Set([...(knownHandoffs || []), ...waiting]);
  }

  function buildFilters() {
    const kinds = FD.meta.kinds || [];
    const kindSelect = $("f-kind");
    kinds.forEach((k) => kindSelect.appendChild(FD.option(k.code, k.label)));
    const box = $("f-status");
    (FD.meta.statuses || []).forEach((s) => {
      const label = el("label", null, "check");
      const input = el("input"); input.type = "checkbox"; input.value = s.code;
      input.addEventListener("change", reload);
      label.appendChild(input); label.appendChild(el("span", " " + s.label));
      box.appendChild(label);
    });
    const bar = $("chips");
    (FD.meta.chips || []).forEach((chip) => {
      const button = el("button", chip.label, "chip");
      button.type = "button"; button.dataset.chip = chip.code;
      button.setAttribute("aria-pressed", chip.code === "all" ? "true" : "false");
      button.addEventListener("click", () => toggle(chip.code));
      bar.appendChild(button);
    });
  }

  function toggle(code) {
    if (code === "all") chips.clear();
    else if (chips.has(code)) chips.delete(code);
    else {
      EXCLUSIVE.forEach((group) => { if (group.includes(code)) group.forEach((other) => chips.delete(other)); });
      chips.add(code);
    }
    document.querySelectorAll("#chips .chip").forEach((b) => {
      const on = b.dataset.chip === "all" ? chips.size === 0 : chips.has(b.dataset.chip);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    reload();
  }

  function reload() { queuePage = 1; load(); }

  function bind() {
    buildFilters();
    FD.views.teams.bindQueue(reload);
    $("search-form").addEventListener("submit", (e) => { e.preventDefault(); reload(); });
    $("f-q").addEventListener("search", reload);
    ["f-kind", "f-state"].forEach((id) => $(id).addEventListener("change", reload));
    $("clear-filters").addEventListener("click", () => {
      document.querySelectorAll("#f-status input").forEach((box) => { box.checked = false; });
      $("f-kind").value = ""; $("f-state").value = "open"; $("f-q").value = "";
      toggle("all");
    });
    $("prev").addEventListener("click", () => { if (queuePage > 1) { queuePage -= 1; load(); } });
    $("next").addEventListener("click", () => { if (queuePage < pages) { queuePage += 1; load(); } });
  }

  FD.views.queue = { bind, load, reload };
})();
