// Frontdesk staff console: sign-in, the queue, an item, the dashboard and the FAQ editor.
// No build step, no framework. Everything a citizen (or anyone) wrote is put on the page with
// textContent, never innerHTML, so "<script>" shows as text. Mutations carry X-CSRF-Token.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;
  let ui = {}, me = null, current = null, itemId = null, queuePage = 1, pages = 1;
  const streamed = new Map();
  let knownHandoffs = null, templates = [], templatesFor = null, faqVersion = 0, stream = null;

  const t = (key, fallback) => ui[key] || fallback || key;

  // Times arrive as ISO-8601 UTC; staff read them in their own (the service's) local time.
  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  async function api(path, method, body) {
    const options = { method: method || "GET", headers: {}, credentials: "same-origin" };
    if (options.method !== "GET") options.headers["X-CSRF-Token"] = (me && me.csrf_token) || "";
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && page === "console") { location.href = "/staff/login"; }
    if (!response.ok) {
      const error = new Error((data.error && data.error.message) || response.statusText);
      error.status = response.status; error.code = data.error && data.error.code;
      throw error;
    }
    return data;
  }

  async function loadLabels() {
    const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh-Hans";
    try { ui = await api("/api/staff/console/ui/" + lang); } catch (e) { ui = {}; }
    document.querySelectorAll("[data-t]").forEach((node) => {
      if (ui[node.dataset.t]) node.textContent = ui[node.dataset.t];
    });
    document.querySelectorAll("[data-t-placeholder]").forEach((node) => {
      const text = ui[node.dataset.tPlaceholder];
      if (text) { node.placeholder = text; node.setAttribute("aria-label", text); }
    });
    if (ui.title) document.title = ui.title;
  }

  function flash(message, isError) {
    const bar = $("flash");
    bar.textContent = message || ""; bar.hidden = !message;
    bar.classList.toggle("error", Boolean(isError));
  }

  async function act(promise, reload) {
    try {
      await promise;
      flash(t("actions.done"));
      if (reload !== false) await openItem(itemId, true);
    } catch (error) {
      flash(t("actions.failed") + "：" + error.message, true);
    }
  }

  // ---- sign-in page ----
  function loginPage() {
    $("login-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = $("login-error");
      error.hidden = true;
      try {
        await api("/api/staff/login", "POST", { username: $("username").value, password: $("password").value });
        location.href = "/staff";
      } catch (e) {
        error.textContent = e.status === 429 ? t("login.locked") : t("login.failed");
        error.hidden = false;
      }
    });
  }

  // ---- navigation ----
  const rank = { staff: 0, supervisor: 1, admin: 2 };
  function show(view) {
    document.querySelectorAll(".view").forEach((section) => { section.hidden = section.id !== "view-" + view; });
    document.querySelectorAll("nav .nav").forEach((b) => b.setAttribute("aria-current", b.dataset.view === view ? "page" : "false"));
    if (view === "queue") { itemId = null; loadQueue(); }
    if (view === "dashboard") loadDashboard();
    if (view === "faq") searchFaq();
  }

  // ---- the queue ----
  function queueQuery() {
    const params = new URLSearchParams();
    if ($("f-kind").value) params.set("kind", $("f-kind").value);
    if ($("f-status").value.trim()) params.set("status", $("f-status").value.trim());
    if ($("f-q").value.trim()) params.set("q", $("f-q").value.trim());
    if ($("f-assignee").value) params.set("assignee", $("f-assignee").value);
    if ($("f-urgent").checked) params.set("urgent");
    if ($("f-overdue").checked) params.set("due");
    params.set("page", String(queuePage));
    return params.toString();
  }

  async function loadQueue() {
    let data;
    try { data = await api("/api/staff/queue?" + queueQuery()); } catch (e) { flash(e.message, true); return; }
    pages = data.pages || 1;
    renderCounts(data.counts || {});
    const list = clear($("queue-list"));
    (data.items || []).forEach((item) => list.appendChild(queueRow(item)));
    $("queue-empty").hidden = (data.items || []).length > 0;
    $("page-info").textContent = t("queue.page") + " " + (data.page || 1) + " / " + pages;
    noticeNewHandoffs(data.items || []);
  }

  function renderCounts(counts) {
    const box = clear($("counts"));
    [["total", "queue.total"], ["urgent", "queue.urgent"], ["overdue", "queue.overdue"],
     ["due_soon", "queue.due_soon"], ["unassigned", "queue.unassigned"]].forEach(([key, label]) => {
      const chip = el("span", t(label) + " " + (counts[key] || 0), "count count-" + key);
      chip.dataset.count = key;
      box.appendChild(chip);
    });
    Object.entries(counts.by_kind || {}).forEach(([kind, n]) => box.appendChild(el("span", t("kind." + kind, kind) + " " + n, "count")));
  }

  function queueRow(item) {
    const row = el("li", null, "q-item due-" + (item.due_status || "none") + (item.urgent ? " urgent" : ""));
    row.dataset.id = item.id;
    const open = el("button", null, "q-open");
    open.type = "button";
    open.appendChild(el("span", t("kind." + item.kind, item.kind), "kind kind-" + item.kind));
    open.appendChild(el("span", item.tracking_no || "#" + item.id, "tracking"));
    open.appendChild(el("span", t("status." + item.status, item.status), "status"));
    if (item.urgent) open.appendChild(el("span", t("queue.urgent"), "badge badge-urgent"));
    open.appendChild(dueBadge(item));
    open.appendChild(el("span", item.assignee ? item.assignee.display_name : t("queue.none"), "assignee"));
    open.appendChild(el("span", item.summary || "", "summary"));
    open.addEventListener("click", () => openItem(item.id));
    row.appendChild(open);
    return row;
  }

  function dueBadge(item) {
    const status = item.due_status || "none";
    const badge = el("span", t("due." + status, status) + (item.next_due ? " " + item.next_due : ""), "badge due due-" + status);
    if (item.provisional) badge.appendChild(el("span", " · " + t("due.provisional"), "provisional"));
    return badge;
  }

  function noticeNewHandoffs(items) {
    const waiting = new Set(items.filter((i) => i.kind === "handoff" && !i.assignee).map((i) => i.id));
    if (knownHandoffs !== null && [...waiting].some((id) => !knownHandoffs.has(id))) announceHandoff();
    knownHandoffs = new Set([...(knownHandoffs || []), ...waiting]);
  }

  function announceHandoff() {
    const notice = $("notice");
    notice.textContent = t("queue.new_handoff");
    notice.hidden = false;
  }

  // ---- one item ----
  async function openItem(id, quiet) {
    let item;
    try { item = await api("/api/staff/items/" + encodeURIComponent(id)); } catch (e) { flash(e.message, true); return; }
    if (String(id) !== String(itemId)) streamed.clear();
    itemId = id; current = item;
    document.querySelectorAll(".view").forEach((s) => { s.hidden = s.id !== "view-item"; });
    if (!quiet) flash("");
    renderItem(item);
  }

  function renderItem(item) {
    $("item-title").textContent = t("kind." + item.kind, item.kind) + " " + (item.tracking_no || "#" + item.id);
    fields($("item-head"), [
      ["item.status", t("status." + item.status, item.status)], ["item.received", when(item.received_at)],
      ["item.next_due", (item.next_due || t("item.none")) + " · " + t("due." + (item.due_status || "none"))
        + (item.provisional ? " · " + t("due.provisional") : "")],
      ["item.assignee", item.assignee ? item.assignee.display_name : t("queue.none")],
      ["item.channel", item.channel]]);
    renderFacts(item.facts || {});
    renderContact(item.contact || {});
    $("outcome").textContent = item.outcome || t("item.none");
    $("flags").textContent = flagText(item.flags);
    list($("rule-trace"), item.rule_trace || [], (step) => typeof step === "string" ? step : JSON.stringify(step));
    renderTranscript(item.transcript || []);
    renderAttachments(item.attachments || []);
    list($("timeline"), item.events || [], eventText);
    renderActions(item);
  }

  function fields(dl, pairs) {
    clear(dl);
    pairs.forEach(([key, value]) => {
      dl.appendChild(el("dt", t(key, key)));
      dl.appendChild(el("dd", value === null || value === undefined ? "" : value));
    });
  }

  function renderFacts(facts) {
    const dl = clear($("facts"));
    Object.entries(facts).forEach(([key, value]) => {
      dl.appendChild(el("dt", key));
      dl.appendChild(el("dd", typeof value === "string" ? value : JSON.stringify(value)));
    });
  }

  function renderContact(contact) {
    const dl = clear($("contact"));
    Object.entries(typeof contact === "object" ? contact : { contact }).forEach(([field, value]) => {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", field));
      const dd = el("dd");
      const text = el("span", value, "masked");
      dd.appendChild(text);
      if (["name", "phone", "id_number"].includes(field)) {
        const reveal = el("button", t("item.reveal"), "reveal");
        reveal.type = "button";
        reveal.addEventListener("click", async () => {
          try {
            const data = await api("/api/staff/items/" + itemId + "/reveal", "POST", { field });
            text.textContent = data.value; reveal.remove();
          } catch (e) { flash(e.message, true); }
        });
        dd.appendChild(reveal);
      }
      dl.appendChild(dd);
    });
  }

  function flagText(flags) {
    if (!flags) return "";
    return Array.isArray(flags) ? flags.join(", ") : String(flags);
  }

  function list(ol, items, text) {
    clear(ol);
    items.forEach((entry) => ol.appendChild(el("li", text(entry))));
  }

  function eventText(event) {
    const data = event.data || {};
    const detail = data.text || data.note || data.reason || data.status || data.template || "";
    const who = event.actor ? event.actor.display_name : "";
    return [when(event.at), event.kind, who, detail].filter(Boolean).join(" · ");
  }

  // Messages pushed over the stream are kept per item, so an item reload whose request raced
  // ahead of a new message cannot wipe it from the page.
  function renderTranscript(messages) {
    const ol = clear($("transcript"));
    const byId = new Map();
    messages.concat([...streamed.values()]).forEach((m) => byId.set(Number(m.id) || 0, m));
    [...byId.entries()].sort((a, b) => a[0] - b[0]).forEach(([, m]) => appendMessage(m, ol));
  }

  function appendMessage(message, ol) {
    const target = ol || $("transcript");
    if (message.direction === "in" && String(message.button || "").startsWith("/start")) return;
    if (message.id && target.querySelector('[data-id="' + String(message.id).replace(/\D/g, "") + '"]')) return;
    const author = message.author || (message.direction === "in" ? "citizen" : "bot");
    const li = el("li", null, "msg msg-" + author);
    if (message.id) li.dataset.id = String(message.id).replace(/\D/g, "");
    li.appendChild(el("span", t("item." + author, author), "who"));
    let text = message.text || "";
    if (!text && message.button) text = "▶ " + (message.label || message.button);
    if (!text && (message.attachments || []).length) text = "📎 " + message.attachments.map((a) => a.kind).join(", ");
    li.appendChild(el("span", text, "text"));
    if (message.at) li.appendChild(el("time", when(message.at), "at"));
    target.appendChild(li);
  }

  function renderAttachments(attachments) {
    const ul = clear($("attachments"));
    attachments.forEach((a) => {
      const li = el("li");
      const url = a.url || "/api/staff/attachments/" + encodeURIComponent(a.id);
      if ((a.mime || "").startsWith("image/")) {
        const img = el("img"); img.src = url; img.alt = a.kind; img.className = "thumb"; li.appendChild(img);
      } else if ((a.mime || "").startsWith("audio/") || a.kind === "voice") {
        const audio = el("audio"); audio.controls = true; audio.preload = "none"; audio.src = url; li.appendChild(audio);
        if (a.needs_listening) li.appendChild(el("span", t("item.needs_listening"), "badge"));
      }
      const link = el("a", t("item.download") + " (" + a.kind + ", " + Math.ceil((a.size || 0) / 1024) + " KB)");
      link.href = url; link.setAttribute("download", "");
      li.appendChild(link);
      ul.appendChild(li);
    });
  }

  function allowedSets(allowed) {
    if (Array.isArray(allowed)) return { actions: new Set(allowed), statuses: [] };
    const actions = new Set(allowed.actions || []);
    return { actions, statuses: allowed.statuses || allowed.transitions || [] };
  }

  function renderActions(item) {
    const { actions, statuses } = allowedSets(item.allowed || {});
    const can = (name) => actions.has(name);
    $("a-claim").hidden = !can("claim");
    $("a-release").hidden = !can("release") || !item.assignee;
    $("assign-form").hidden = !(rank[me.user.role] >= 1 && can("assign"));
    $("live-form").hidden = item.kind !== "handoff";
    $("a-join").hidden = !can("join");
    $("a-leave").hidden = !can("leave");
    $("reply-form").hidden = item.kind === "handoff" || !can("reply");
    $("a-message").disabled = !can("message");
    $("override-form").hidden = item.kind !== "application" || !can("override");
    $("letter-row").hidden = item.kind !== "application" || !can("letter");
    const select = clear($("status-to"));
    statuses.forEach((status) => select.appendChild(optionOf(status, t("status." + status, status))));
    $("status-form").hidden = statuses.length === 0;
    fillTemplates(item.id);
  }

  // An application's draft 支持起诉申请书: fetched with the session cookie (a GET needs no CSRF
  // token), then saved from a blob under the name the server gives. The server audits it.
  function letterButton() {
    const button = el("button", t("actions.letter"));
    button.type = "button"; button.id = "a-letter";
    const row = el("div", null, "row letter-row");
    row.id = "letter-row"; row.hidden = true;
    row.appendChild(button);
    $("a-claim").parentNode.after(row);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try { await downloadLetter(itemId); flash(""); } catch (e) { flash(t("actions.failed") + "：" + e.message, true); } finally { button.disabled = false; }
    });
  }

  async function downloadLetter(id) {
    const response = await fetch("/api/staff/items/" + encodeURIComponent(id) + "/letter", { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/staff/login"; return; }
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      throw new Error((data.error && data.error.message) || response.statusText);
    }
    const name = savedName(response.headers.get("Content-Disposition")) || "letter-" + id + ".docx";
    const url = URL.createObjectURL(await response.blob());
    const link = el("a");
    link.href = url; link.download = name; link.hidden = true;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function savedName(disposition) {
    const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (!match) return "";
    try { return decodeURIComponent(match[1].trim()); } catch (e) { return ""; }
  }

  function optionOf(value, label) { const o = el("option", label); o.value = value; return o; }

  async function fillTemplates(id) {
    if (templatesFor === id) return;  // an action's reload must not reset a chosen template
    templatesFor = id;
    try {
      const data = await api("/api/staff/templates?item=" + encodeURIComponent(id));
      templates = data.templates || [];
    } catch (e) { templates = []; templatesFor = null; }
    const select = $("reply-template"), chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    templates.forEach((tpl) => select.appendChild(optionOf(tpl.key, tpl.label || tpl.key)));
    select.value = chosen;
  }

  function templateText(key) {
    const tpl = templates.find((x) => x.key === key);
    return tpl ? String(tpl.text || "") : "";
  }

  async function loadAssignees() {
    const select = clear($("assign-to"));
    try {
      const data = await api("/api/staff/users");
      (data.users || data.items || []).filter((u) => u.active !== false)
        .forEach((u) => select.appendChild(optionOf(u.id, u.display_name + " (" + u.username + ")")));
    } catch (e) {
      // Supervisors cannot read the user list (admins only): they assign by staff number.
      const input = el("input"); input.id = "assign-to"; input.type = "number"; input.min = "1"; input.required = true;
      select.replaceWith(input);
    }
  }

  function bindItemActions() {
    const post = (path, body) => api("/api/staff/items/" + itemId + path, "POST", body);
    $("back").addEventListener("click", () => show("queue"));
    letterButton();
    $("a-claim").addEventListener("click", () => act(post("/claim")));
    $("a-release").addEventListener("click", () => act(post("/release")));
    $("a-join").addEventListener("click", () => act(post("/join")));
    $("a-leave").addEventListener("click", () => act(post("/leave")));
    $("assign-form").addEventListener("submit", (e) => { e.preventDefault(); act(post("/assign", { staff_id: Number($("assign-to").value) })); });
    $("reply-template").addEventListener("change", () => { const text = templateText($("reply-template").value); if (text) $("reply-text").value = text; });
    $("reply-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const body = { text: $("reply-text").value };
      if ($("reply-template").value) body.template = $("reply-template").value;
      act(post("/reply", body).then(() => { $("reply-text").value = ""; $("reply-template").value = ""; }));
    });
    $("live-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = $("live-text").value.trim();
      if (!text) return;
      act(post("/message", { text }).then(() => { $("live-text").value = ""; }));
    });
    $("status-form").addEventListener("submit", (e) => { e.preventDefault(); act(post("/status", { status: $("status-to").value, reason: $("status-reason").value || null })); });
    $("override-form").addEventListener("submit", (e) => { e.preventDefault(); act(post("/override", { outcome: $("override-outcome").value, reason: $("override-reason").value })); });
    $("note-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = $("note-text").value.trim();
      if (text) act(post("/notes", { text }).then(() => { $("note-text").value = ""; }));
    });
  }

  // ---- live updates ----
  function listen() {
    if (stream) stream.close();
    stream = new EventSource("/api/staff/stream");
    stream.addEventListener("queue", (event) => {
      const data = safeJson(event.data);
      if ((data.new_items || []).some((i) => i.kind === "handoff")) announceHandoff();
      if (!$("view-queue").hidden) loadQueue(); else refreshHandoffs();
    });
    stream.addEventListener("logout", () => { location.href = "/staff/login"; });
    // A (re)connected stream starts from "now": catch up on what a dropped one missed.
    stream.addEventListener("ready", () => { if (itemId !== null && !$("view-item").hidden) openItem(itemId, true); });
    stream.addEventListener("message", (event) => {
      const data = safeJson(event.data);
      if (itemId !== null && String(data.item_id) === String(itemId)) {
        if (data.message) { streamed.set(data.message.id, data.message); appendMessage(data.message); } else openItem(itemId, true);
      }
    });
  }

  async function refreshHandoffs() {
    try { const data = await api("/api/staff/queue?kind=handoff&assignee=none"); noticeNewHandoffs(data.items || []); } catch (e) { /* next event retries */ }
  }

  function safeJson(text) { try { return JSON.parse(text || "{}") || {}; } catch (e) { return {}; } }

  // ---- dashboard and ledger ----
  async function loadDashboard() {
    let data;
    try { data = await api("/api/staff/dashboard"); } catch (e) { flash(e.message, true); return; }
    list($("calendar-warnings"), data.calendar_warnings || [], (w) => w);
    const cards = clear($("dash-cards"));
    const pct = (x) => (x && x.percent !== null && x.percent !== undefined ? x.percent + "%" : "—");
    [["dashboard.procedural_rate", pct(data.procedural_in_time)], ["dashboard.result_rate", pct(data.result_in_time)],
     ["dashboard.overdue_now", data.overdue_now], ["dashboard.satisfaction", pct(data.satisfaction)],
     ["dashboard.median_first_response", data.median_first_response_hours === null ? "—" : data.median_first_response_hours + " " + t("dashboard.hours")]]
      .forEach(([key, value]) => { const card = el("div", null, "card"); card.appendChild(el("span", t(key), "label")); card.appendChild(el("strong", value)); cards.appendChild(card); });
    const table = clear($("dash-volumes"));
    ((data.volumes || {}).cells || []).forEach((c) => {
      const tr = el("tr"); tr.appendChild(el("td", t("kind." + c.kind, c.kind))); tr.appendChild(el("td", c.channel)); tr.appendChild(el("td", c.count)); table.appendChild(tr);
    });
    list($("dash-misses"), data.faq_misses || [], (m) => m.count + " " + t("dashboard.times") + " · " + m.example);
    list($("dash-feedback"), data.faq_feedback || [], (f) => f.count + " " + t("dashboard.times") + " · " + f.entry_id + " " + (f.entry_question || "") + (f.example ? " ← " + f.example : ""));
    const period = data.period || {};
    if (!$("export-from").value) $("export-from").value = period.from || "";
    if (!$("export-to").value) $("export-to").value = period.to || "";
  }

  function bindDashboard() {
    $("export-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const params = new URLSearchParams({ from: $("export-from").value, to: $("export-to").value });
      location.href = "/api/staff/export.csv?" + params.toString();
    });
  }

  // ---- FAQ editor ----
  async function searchFaq() {
    let data;
    try { data = await api("/api/staff/faq/entries?q=" + encodeURIComponent($("faq-q").value)); } catch (e) { flash(e.message, true); return; }
    const ol = clear($("faq-list"));
    (data.entries || []).forEach((entry) => {
      const li = el("li"); const b = el("button", entry.id + " " + entry.question, "link"); b.type = "button";
      b.addEventListener("click", () => editFaq(entry.id)); li.appendChild(b); ol.appendChild(li);
    });
  }

  async function editFaq(id) {
    let data;
    try { data = await api("/api/staff/faq/entries/" + encodeURIComponent(id)); } catch (e) { flash(e.message, true); return; }
    fillFaqForm(data.entry, data.version || 0);
    list($("faq-revisions"), data.revisions || [], (r) => "v" + r.version + " · " + when(r.at) + " · #" + (r.author_id || ""));
  }

  function fillFaqForm(entry, version) {
    faqVersion = version; $("faq-form").hidden = false; $("faq-error").hidden = true; clear($("faq-preview"));
    $("fe-id").value = entry.id || ""; $("fe-topic").value = entry.topic || "";
    $("fe-question").value = entry.question || ""; $("fe-answer").value = entry.answer || "";
    $("fe-details").value = entry.details || "";
    $("fe-paraphrases").value = (entry.paraphrases || []).join("\n");
    $("fe-citations").value = (entry.citations || []).map((c) => c.law + "|" + (c.article || "")).join("\n");
    $("fe-next").value = (entry.next_steps || []).join("\n");
    $("fe-reviewed").value = entry.reviewed || ""; $("fe-uncertain").checked = Boolean(entry.uncertain);
  }

  function faqDocument() {
    const lines = (id) => $(id).value.split("\n").map((s) => s.trim()).filter(Boolean);
    return {
      id: $("fe-id").value.trim(), topic: $("fe-topic").value.trim(), question: $("fe-question").value,
      paraphrases: lines("fe-paraphrases"), answer: $("fe-answer").value, details: $("fe-details").value,
      citations: lines("fe-citations").map((line) => { const [law, article] = line.split("|"); return { law: law.trim(), article: (article || "").trim() }; }),
      next_steps: lines("fe-next"), reviewed: $("fe-reviewed").value || null, uncertain: $("fe-uncertain").checked,
    };
  }

  function faqError(error) { $("faq-error").textContent = error.message; $("faq-error").hidden = false; }

  function bindFaq() {
    $("faq-search-form").addEventListener("submit", (e) => { e.preventDefault(); searchFaq(); });
    $("faq-new").addEventListener("click", () => { fillFaqForm({ paraphrases: [], citations: [], next_steps: ["person"] }, 0); clear($("faq-revisions")); });
    $("fe-preview").addEventListener("click", async () => {
      $("faq-error").hidden = true;
      try {
        const data = await api("/api/staff/faq/preview", "POST", { entry: faqDocument(), question: $("fe-test").value });
        const box = clear($("faq-preview"));
        box.appendChild(el("p", t("faq.decision") + "：" + data.decision + " (" + data.confidence + ")"));
        const ol = el("ol"); box.appendChild(ol);
        data.hits.forEach((h) => ol.appendChild(el("li", h.id + " " + h.question + " — " + h.score, h.edited ? "edited" : "")));
      } catch (e) { faqError(e); }
    });
    $("faq-form").addEventListener("submit", async (e) => {
      e.preventDefault(); $("faq-error").hidden = true;
      const entry = faqDocument();
      try {
        const data = await api("/api/staff/faq/entries/" + encodeURIComponent(entry.id), "PUT", { entry, base_version: faqVersion });
        faqVersion = data.version; flash(t("faq.saved") + " " + data.version);
        editFaq(entry.id);
      } catch (err) { faqError(err); }
    });
  }

  // ---- start ----
  async function consolePage() {
    try { me = await api("/api/staff/me"); } catch (e) { location.href = "/staff/login"; return; }
    $("who").textContent = me.user.display_name + " · " + me.user.role;
    document.querySelectorAll("[data-role]").forEach((node) => { node.hidden = rank[me.user.role] < rank[node.dataset.role]; });
    document.querySelectorAll("nav .nav").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
    ["f-kind", "f-assignee", "f-urgent", "f-overdue"].forEach((id) => $(id).addEventListener("change", () => { queuePage = 1; loadQueue(); }));
    ["f-status", "f-q"].forEach((id) => $(id).addEventListener("change", () => { queuePage = 1; loadQueue(); }));
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); loadQueue(); });
    $("refresh").addEventListener("click", loadQueue);
    $("prev").addEventListener("click", () => { if (queuePage > 1) { queuePage -= 1; loadQueue(); } });
    $("next").addEventListener("click", () => { if (queuePage < pages) { queuePage += 1; loadQueue(); } });
    $("notice").addEventListener("click", () => { $("notice").hidden = true; });
    $("logout").addEventListener("click", async () => { try { await api("/api/staff/logout", "POST"); } finally { location.href = "/staff/login"; } });
    bindItemActions(); bindDashboard(); bindFaq();
    if (rank[me.user.role] >= 1) loadAssignees();
    show("queue");
    listen();
  }

  loadLabels().then(() => (page === "login" ? loginPage() : consolePage()));
})();
