// The case page: a summary card, one timeline, the facts and the rule trace in words, and the
// actions (claim, assign, templates with their blanks, status, live chat, conversion,
// follow-up). Everything shown comes from the item's "view" (server-side words); the page
// refreshes itself when the item changes (the citizen added something, a colleague acted).
"use strict";
(function () {
  const FD = window.FD, $ = FD.$, el = FD.el, t = FD.t;
  let itemId = null, current = null, templates = [], templatesFor = null, edited = false;
  let refreshTimer = null, assigneesLoaded = false;

  async function open(id, quiet) {
    let item;
    try { item = await FD.api(FD.withLang("/api/staff/items/" + encodeURIComponent(id))); } catch (e) { FD.flash(e.message, true); return; }
    const fresh = String(id) !== String(itemId);
    itemId = id; current = item;
    if (fresh) { templatesFor = null; resetForms(); }
    document.querySelectorAll(".view").forEach((s) => { s.hidden = s.id !== "view-item"; });
    document.querySelectorAll("nav .nav").forEach((b) => b.setAttribute("aria-current", "false"));
    if (!quiet) FD.flash("");
    if (location.hash !== "#item-" + id) history.replaceState(null, "", "#item-" + id);
    render(item);
    if (fresh) window.scrollTo(0, 0);
  }

  function leave() {
    itemId = null; current = null;
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  // The stream says these items changed (null: maybe anything); refresh the open one, once.
  function changed(ids) {
    if (itemId === null || $("view-item").hidden) return;
    if (ids !== null && !ids.map(String).includes(String(itemId))) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => { if (itemId !== null) open(itemId, true); }, 250);
  }

  function render(item) {
    const view = item.view || {};
    $("item-title").textContent = view.title || "";
    $("item-status").textContent = view.status_label || "";
    const markers = FD.clear($("item-markers"));
    (view.markers || []).forEach((m) => markers.appendChild(el("span", m.label, "badge marker marker-" + m.code)));
    rows($("summary"), view.summary_rows || [], true);
    rows($("facts"), view.fact_rows || [], false);
    FD.list($("reasons"), view.reasons || [], (r) => r);
    renderTrace(view.trace || []);
    $("facts-card").hidden = !(view.fact_rows || []).length && !(view.trace || []).length;
    renderTimeline(view.timeline || []);
    renderFiles(item.attachments || []);
    renderNotices(item.notices || []);
    renderActions(item, view);
  }

  // Push and SMS notices sent while the citizen was away, and how each went (words only).
  function renderNotices(notices) {
    $("notice-deliveries").hidden = !notices.length;
    const ul = FD.clear($("notice-list"));
    notices.forEach((n) => ul.appendChild(el("li", n.channel_label + " · " + n.status_label + (n.at ? " · " + new Date(n.at).toLocaleString(FD.lang, { hour12: false }) : ""))));
  }

  function rows(dl, list, revealable) {
    FD.clear(dl);
    list.forEach((r) => {
      dl.appendChild(el("dt", r.label));
      const dd = el("dd", null, r.status ? "due-text due-" + r.status : r.over ? "due-text due-overdue" : "");
      const value = el("span", r.value, r.reveal ? "masked" : "");
      dd.appendChild(value);
      if (revealable && r.reveal && current.allowed && (current.allowed.actions || []).includes("reveal")) {
        const reveal = el("button", t("item.reveal"), "reveal"); reveal.type = "button";
        reveal.addEventListener("click", async () => {
          try {
            const data = await FD.api("/api/staff/items/" + itemId + "/reveal", "POST", { field: r.reveal });
            value.textContent = data.value; reveal.remove();
          } catch (e) { FD.flash(e.message, true); }
        });
        dd.appendChild(reveal);
      }
      dl.appendChild(dd);
    });
  }

  function renderTrace(lines) {
    $("trace-box").hidden = lines.length === 0;
    const ol = FD.clear($("rule-trace"));
    lines.forEach((line) => ol.appendChild(el("li", line.text, "trace-" + line.status + (line.decided ? " decided" : ""))));
  }

  function renderTimeline(entries) {
    const ol = FD.clear($("timeline"));
    const showBot = $("show-bot").checked;
    entries.forEach((entry) => {
      const li = el("li", null, "tl tl-" + entry.author + (entry.private ? " private" : "") + (entry.bot ? " tl-botline" : ""));
      li.hidden = entry.bot && !showBot;
      li.dataset.id = entry.id;
      const head = el("div", null, "tl-head");
      head.appendChild(el("span", entry.who, "tl-who"));
      if (entry.label) head.appendChild(el("span", entry.label, "tl-label"));
      head.appendChild(el("time", entry.at_label, "tl-at"));
      li.appendChild(head);
      if (entry.text) li.appendChild(el("p", entry.text, "tl-text"));
      (entry.files || []).forEach((file) => li.appendChild(fileView(file)));
      ol.appendChild(li);
    });
    if (!ol.children.length) ol.appendChild(el("li", t("item.timeline_empty"), "muted"));
  }

  function fileView(file) {
    const box = el("div", null, "tl-file");
    if (file.kind === "photo") {
      const img = el("img"); img.src = file.url; img.alt = file.label; img.className = "thumb";
      box.appendChild(img);
    } else if (file.kind === "voice") {
      const audio = el("audio"); audio.controls = true; audio.preload = "none"; audio.src = file.url;
      box.appendChild(audio);
    }
    const link = el("a", FD.fill("item.download_file", { name: file.label })); link.href = file.url; link.setAttribute("download", "");
    box.appendChild(link);
    return box;
  }

  function renderFiles(files) {
    const ul = FD.clear($("attachments"));
    $("files-card").hidden = files.length === 0;
    files.forEach((a) => {
      const li = el("li");
      const label = t("file." + a.kind, t("file.other"));
      li.appendChild(fileView({ kind: (a.mime || "").startsWith("image/") ? "photo" : a.kind, url: a.url, label: label + " · " + Math.ceil((a.size || 0) / 1024) + " KB" }));
      if (a.needs_listening) li.appendChild(el("span", t("item.needs_listening"), "badge marker"));
      ul.appendChild(li);
    });
  }

  // ---- actions ----
  function renderActions(item, view) {
    const allowed = item.allowed || {};
    const actions = new Set(allowed.actions || []);
    const can = (name) => actions.has(name);
    $("a-claim").hidden = !can("claim");
    $("a-release").hidden = !can("release") || !item.assignee;
    $("a-letter").hidden = !can("letter");
    $("assign-form").hidden = !can("assign");
    if (can("assign")) loadAssignees();
    $("live-form").hidden = item.kind !== "handoff" || !item.open;
    $("a-join").hidden = !can("join");
    $("a-leave").hidden = !can("leave");
    $("a-message").disabled = !can("message");
    $("convert-box").hidden = !can("convert");
    $("reply-form").hidden = item.kind === "handoff" || !can("reply");
    const statusSelect = FD.clear($("status-to"));
    statusSelect.appendChild(FD.option("", t("actions.assign_none")));
    const labels = new Map((FD.meta.statuses || []).map((s) => [s.code, s.label]));
    (allowed.transitions || []).forEach((s) => statusSelect.appendChild(FD.option(s, labels.get(s) || t("status.other"))));
    $("status-form").hidden = (allowed.transitions || []).length === 0;
    const why = FD.clear($("status-why"));
    why.appendChild(FD.option("", t("actions.assign_none")));
    (allowed.close_reasons || []).forEach((r) => why.appendChild(FD.option(r, t("close_reason." + r))));
    $("status-why-label").textContent = t(item.kind === "handoff" ? "actions.close_reason_handoff" : "actions.close_reason");
    showCloseReason();
    $("override-form").hidden = !can("override");
    FD.views.teams.renderCase(item);
    renderFollowup(view.followup, can("followup"));
    if (!$("reply-form").hidden) fillTemplates(item.id);
  }

  // Closing without a result reply (or a handoff nobody joined) needs a reason the citizen is told.
  function showCloseReason() {
    const needed = $("status-to").value === "closed" && ((current || {}).allowed || {}).close_reasons?.length > 0;
    $("status-why-box").hidden = !needed;
    $("status-why").required = Boolean(needed);
  }

  function renderFollowup(followup, can) {
    $("followup-form").hidden = !can;
    $("followup-record").hidden = !followup || followup.status === "pending";
    if (!followup) return;
    $("followup-due").textContent = followup.due_label;
    if (followup.status !== "pending") {
      $("followup-record").textContent = t("actions.followup") + "：" + followup.status_label + (followup.note ? " · " + followup.note : "");
    }
  }

  function resetForms() {
    ["reply-text", "note-text", "live-text", "status-reason", "override-reason", "followup-note"].forEach((id) => { $(id).value = ""; });
    $("reply-template").value = ""; FD.clear($("reply-blanks")); edited = false;
    $("reply-unfilled").hidden = true; $("reply-note").hidden = true;
    $("convert-box").open = false;
  }

  async function fillTemplates(id) {
    if (templatesFor === id) return;  // a refresh must not reset a template being filled in
    templatesFor = id;
    try {
      templates = (await FD.api(FD.withLang("/api/staff/templates?item=" + encodeURIComponent(id)))).templates || [];
    } catch (e) { templates = []; templatesFor = null; }
    const select = $("reply-template"), chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    templates.forEach((tpl) => select.appendChild(FD.option(tpl.key, tpl.label)));
    select.value = templates.some((tpl) => tpl.key === chosen) ? chosen : "";
  }

  function chosenTemplate() { return templates.find((x) => x.key === $("reply-template").value) || null; }

  function pickTemplate() {
    const tpl = chosenTemplate();
    const box = FD.clear($("reply-blanks"));
    edited = false;
    $("reply-note").hidden = !tpl || !["procedural_more_material", "ask_question"].includes(tpl.key);
    if (!tpl) { $("reply-text").value = ""; checkBlanks(); return; }
    (tpl.blanks || []).forEach((blank) => {
      const label = el("label");
      label.appendChild(el("span", blank.label));
      const input = blank.name === "text" || blank.name === "reason" || blank.name === "question" ? el("textarea") : el("input");
      input.dataset.blank = blank.name; input.maxLength = 2000; if (input.tagName === "TEXTAREA") input.rows = 2;
      input.addEventListener("input", preview);
      label.appendChild(input); box.appendChild(label);
    });
    preview();
    const first = box.querySelector("[data-blank]");
    if (first) first.focus();
  }

  function blankValues() {
    const values = {};
    document.querySelectorAll("#reply-blanks [data-blank]").forEach((input) => { values[input.dataset.blank] = input.value.trim(); });
    return values;
  }

  // The text the citizen will read, with each blank either filled or shown as 【its name】.
  function preview() {
    const tpl = chosenTemplate();
    if (!tpl || edited) { checkBlanks(); return; }
    const values = blankValues();
    const names = new Map((tpl.blanks || []).map((b) => [b.name, b.label]));
    $("reply-text").value = tpl.text.replace(/\{(\w+)\}/g, (m, name) => values[name] || "【" + (names.get(name) || t("blank.text")) + "】");
    checkBlanks();
  }

  function missingBlanks() {
    const tpl = chosenTemplate();
    if (!tpl) return [];
    const values = blankValues();
    const empty = (tpl.blanks || []).filter((b) => !values[b.name]).map((b) => b.label);
    const left = [...$("reply-text").value.matchAll(/【([^】]+)】|\{(\w+)\}/g)].map((m) => m[1] || m[2]);
    return [...new Set(edited ? left : empty.concat(left))];
  }

  function checkBlanks() {
    const missing = missingBlanks();
    $("reply-unfilled").hidden = missing.length === 0;
    $("reply-unfilled").textContent = FD.fill("actions.unfilled", { blanks: missing.join("、") });
    $("a-reply").disabled = missing.length > 0 || !$("reply-text").value.trim();
  }

  async function loadAssignees() {
    if (assigneesLoaded) return;
    assigneesLoaded = true;
    const select = FD.clear($("assign-to"));
    select.appendChild(FD.option("", t("actions.assign_none")));
    try {
      const data = await FD.api("/api/staff/assignees");
      const spoken = (u) => (u.languages || []).map((code) => t("profile.lang_" + code)).join("·");
      (data.users || []).forEach((u) => select.appendChild(FD.option(u.id, u.display_name + "（" + spoken(u) + "，" + FD.fill("actions.workload", { n: u.open }) + "）")));
    } catch (e) { assigneesLoaded = false; }
  }

  async function act(promise, message) {
    try {
      await promise;
      FD.flash(message || t("actions.done"));
      if (itemId !== null) await open(itemId, true);
      return true;
    } catch (error) {
      FD.flash(t("actions.failed") + "：" + error.message, true);
      return false;
    }
  }

  function post(path, body) { return FD.api("/api/staff/items/" + itemId + path, "POST", body); }

  async function sendReply(e) {
    e.preventDefault();
    if (missingBlanks().length) { checkBlanks(); return; }
    const tpl = chosenTemplate();
    const body = { text: $("reply-text").value.trim() };
    if (tpl) { body.template = tpl.key; body.values = blankValues(); if (!edited) body.text = ""; }
    const ok = await act(post("/reply", body));
    if (ok) { $("reply-text").value = ""; $("reply-template").value = ""; FD.clear($("reply-blanks")); edited = false; $("reply-note").hidden = true; templatesFor = null; fillTemplates(itemId); checkBlanks(); }
  }

  async function openConversion() {
    if (!$("convert-box").open) return;
    const kind = FD.clear($("convert-kind"));
    (FD.meta.kinds || []).filter((k) => ["complaint", "application"].includes(k.code)).forEach((k) => kind.appendChild(FD.option(k.code, k.label)));
    try {
      const form = await FD.api("/api/staff/items/" + itemId + "/convert");
      $("convert-facts").value = form.facts || ""; $("convert-name").value = form.name || "";
      $("convert-phone").value = form.phone || ""; $("convert-request").value = form.request || "";
    } catch (e) { FD.flash(e.message, true); }
  }

  async function convert(e) {
    e.preventDefault();
    try {
      const row = await post("/convert", {
        kind: $("convert-kind").value, facts: $("convert-facts").value, request: $("convert-request").value,
        name: $("convert-name").value, phone: $("convert-phone").value,
      });
      FD.flash(t("actions.done") + "：" + (row.tracking_no || ""));
      open(row.id);
    } catch (error) { FD.flash(t("actions.failed") + "：" + error.message, true); }
  }

  function fillFollowupChoices() {
    const labelled = (id, codes, prefix) => {
      const select = FD.clear($(id));
      codes.forEach((code) => select.appendChild(FD.option(code, t(prefix + code))));
    };
    labelled("followup-status", ["done", "unreachable", "skipped"], "followup.");
    labelled("followup-method", ["phone", "chat", "visit", "sms"], "followup.");
    labelled("followup-result", ["satisfied", "basically", "unsatisfied"], "rating.");
    $("followup-status").addEventListener("change", () => { $("followup-result").disabled = $("followup-status").value !== "done"; });
  }

  async function downloadLetter() {
    const response = await fetch("/api/staff/items/" + encodeURIComponent(itemId) + "/letter", { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/staff/login"; return; }
    if (!response.ok) throw new Error(t("actions.failed"));
    const match = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get("Content-Disposition") || "");
    const url = URL.createObjectURL(await response.blob());
    const link = el("a"); link.href = url; link.hidden = true;
    link.download = match ? decodeURIComponent(match[1].trim()) : "letter-" + itemId + ".docx";
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function bind() {
    $("back").addEventListener("click", () => FD.show("queue"));
    $("show-bot").addEventListener("change", () => { if (current) renderTimeline((current.view || {}).timeline || []); });
    $("a-claim").addEventListener("click", () => act(post("/claim")));
    $("a-release").addEventListener("click", () => act(post("/release")));
    $("a-letter").addEventListener("click", () => downloadLetter().catch((e) => FD.flash(e.message, true)));
    $("a-join").addEventListener("click", () => act(post("/join")));
    $("a-leave").addEventListener("click", () => act(post("/leave")));
    $("assign-form").addEventListener("submit", (e) => { e.preventDefault(); if ($("assign-to").value) act(post("/assign", { staff_id: Number($("assign-to").value) })); });
    $("reply-template").addEventListener("change", pickTemplate);
    $("reply-text").addEventListener("input", () => { edited = Boolean(chosenTemplate()); checkBlanks(); });
    $("reply-form").addEventListener("submit", sendReply);
    $("live-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = $("live-text").value.trim();
      if (text) act(post("/message", { text }).then(() => { $("live-text").value = ""; }));
    });
    $("convert-box").addEventListener("toggle", openConversion);
    $("convert-form").addEventListener("submit", convert);
    FD.views.teams.bindCase();
    $("status-to").addEventListener("change", showCloseReason);
    $("status-form").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!$("status-to").value) return;
      const body = { status: $("status-to").value, reason: $("status-reason").value || null };
      if (!$("status-why-box").hidden) body.close_reason = $("status-why").value;
      act(post("/status", body).then(() => { $("status-reason").value = ""; }));
    });
    const outcomes = $("override-outcome");
    (FD.meta.outcomes || []).forEach((o) => outcomes.appendChild(FD.option(o.code, o.label)));
    $("override-form").addEventListener("submit", (e) => { e.preventDefault(); act(post("/override", { outcome: $("override-outcome").value, reason: $("override-reason").value })); });
    fillFollowupChoices();
    $("followup-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const status = $("followup-status").value;
      act(post("/followup", { status, method: $("followup-method").value, result: status === "done" ? $("followup-result").value : null, note: $("followup-note").value }));
    });
    $("note-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = $("note-text").value.trim();
      if (text) act(post("/notes", { text }).then(() => { $("note-text").value = ""; }));
    });
    checkBlanks();
  }

  FD.views.case = { bind, open, leave, changed };
})();
