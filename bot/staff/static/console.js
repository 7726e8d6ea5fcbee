// Frontdesk staff console: the core (labels, API, navigation, live updates, reminders), the
// sign-in page and the FAQ editor. The queue, the case page and the dashboard are in
// console-queue.js, console-case.js and console-dashboard.js, sharing window.FD.
// No build step, no framework. Everything a citizen (or anyone) wrote is put on the page with
// textContent, never innerHTML, so "<script>" shows as text. Mutations carry X-CSRF-Token.
// Words come from the server (labels from the catalogs); the page never shows a code.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;
  const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh-Hans";
  const FD = (window.FD = { $, lang, ui: {}, me: null, meta: null, views: {} });
  let faqVersion = 0, stream = null;

  const t = (FD.t = (key, fallback) => FD.ui[key] || fallback || "");
  FD.fill = (key, values, fallback) =>
    t(key, fallback).replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));

  FD.el = function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };
  const el = FD.el;
  FD.clear = function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; };
  FD.option = function option(value, label) { const o = el("option", label); o.value = value; return o; };

  FD.api = async function api(path, method, body) {
    const options = { method: method || "GET", headers: {}, credentials: "same-origin" };
    if (options.method !== "GET") options.headers["X-CSRF-Token"] = (FD.me && FD.me.csrf_token) || "";
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try { response = await fetch(path, options); } catch (e) { throw failure("network", ""); }
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && page === "console") { location.href = "/staff/login"; }
    if (!response.ok) throw failure(data.error && data.error.code, data.error && data.error.message, response.status);
    return data;
  };
  // A refused action reads as the catalog's words for its code (the server's own message is
  // for API clients and may be English); unknown codes fall back to the server's message.
  function failure(code, message, status) {
    const error = new Error(t("error." + code) || message || t("actions.failed"));
    error.code = code; error.status = status; error.detail = message || "";
    return error;
  }
  FD.withLang = (path) => path + (path.includes("?") ? "&" : "?") + "lang=" + lang;

  async function loadLabels() {
    try { FD.ui = await FD.api("/api/staff/console/ui/" + lang); } catch (e) { FD.ui = {}; }
    document.querySelectorAll("[data-t]").forEach((node) => { if (FD.ui[node.dataset.t]) node.textContent = FD.ui[node.dataset.t]; });
    document.querySelectorAll("[data-t-placeholder]").forEach((node) => {
      const text = FD.ui[node.dataset.tPlaceholder];
      if (text) { node.placeholder = text; node.setAttribute("aria-label", text); }
    });
    document.querySelectorAll("[data-t-label]").forEach((node) => { if (FD.ui[node.dataset.tLabel]) node.setAttribute("aria-label", FD.ui[node.dataset.tLabel]); });
    if (FD.ui.title) document.title = FD.ui.title;
    document.documentElement.lang = lang;
  }

  FD.flash = function flash(message, isError) {
    const bar = $("flash");
    bar.textContent = message || ""; bar.hidden = !message;
    bar.classList.toggle("error", Boolean(isError));
  };

  // ---- sign-in page ----
  function loginPage() {
    $("login-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = $("login-error");
      error.hidden = true;
      try {
        await FD.api("/api/staff/login", "POST", { username: $("username").value, password: $("password").value });
        location.href = "/staff" + (lang === "en" ? "?lang=en" : "");
      } catch (e) {
        error.textContent = e.status === 429 ? t("login.locked") : t("login.failed");
        error.hidden = false;
      }
    });
  }

  // ---- navigation ----
  FD.rank = { staff: 0, supervisor: 1, admin: 2 };
  FD.show = function show(view) {
    document.querySelectorAll(".view").forEach((section) => { section.hidden = section.id !== "view-" + view; });
    document.querySelectorAll("nav .nav").forEach((b) => b.setAttribute("aria-current", b.dataset.view === view ? "page" : "false"));
    if (view !== "item") FD.views.case.leave();
    if (view === "queue") FD.views.queue.load();
    if (view === "dashboard") FD.views.dashboard.load();
    if (view === "calendar" && FD.views.calendar) FD.views.calendar.load();
    if (view === "faq") searchFaq();
    window.scrollTo(0, 0);
  };

  // ---- reminders (staff notices) ----
  async function loadNotices() {
    let data;
    try { data = await FD.api(FD.withLang("/api/staff/notices")); } catch (e) { return; }
    const notices = data.notices || [];
    const count = $("notices-count");
    count.textContent = String(notices.length); count.hidden = notices.length === 0;
    const list = FD.clear($("notices-list"));
    $("notices-none").hidden = notices.length > 0;
    notices.forEach((notice) => {
      const li = el("li", null, "notice-item");
      li.appendChild(el("span", notice.text, "notice-text"));
      const row = el("div", null, "row");
      if (notice.item_id) {
        const open = el("button", t("item.summary")); open.type = "button";
        open.addEventListener("click", () => { $("notices-panel").hidden = true; FD.views.case.open(notice.item_id); });
        row.appendChild(open);
      }
      const done = el("button", t("actions.notice_read")); done.type = "button";
      done.addEventListener("click", async () => {
        try { await FD.api("/api/staff/notices/" + notice.id + "/read", "POST"); } catch (e) { FD.flash(e.message, true); }
        loadNotices();
      });
      row.appendChild(done); li.appendChild(row); list.appendChild(li);
    });
  }
  FD.loadNotices = loadNotices;

  // ---- live updates ----
  function listen() {
    if (stream) stream.close();
    stream = new EventSource("/api/staff/stream");
    stream.addEventListener("queue", (event) => {
      const data = safeJson(event.data);
      if ((data.new_items || []).some((i) => i.kind === "handoff")) announceHandoff();
      if (!$("view-queue").hidden) FD.views.queue.load();
      FD.views.case.changed(data.changed || []);
      loadNotices();
    });
    stream.addEventListener("logout", () => { location.href = "/staff/login"; });
    // A (re)connected stream starts from "now": catch up on what a dropped one missed.
    stream.addEventListener("ready", () => FD.views.case.changed(null));
    stream.addEventListener("message", (event) => {
      const data = safeJson(event.data);
      FD.views.case.changed([data.item_id]);
    });
  }

  function announceHandoff() {
    const notice = $("notice");
    notice.textContent = t("queue.new_handoff");
    notice.hidden = false;
  }

  function safeJson(text) { try { return JSON.parse(text || "{}") || {}; } catch (e) { return {}; } }

  // ---- FAQ editor ----
  function list(ol, items, text) {
    FD.clear(ol);
    items.forEach((entry) => ol.appendChild(el("li", text(entry))));
  }
  FD.list = list;

  async function searchFaq() {
    let data;
    try { data = await FD.api("/api/staff/faq/entries?q=" + encodeURIComponent($("faq-q").value)); } catch (e) { FD.flash(e.message, true); return; }
    const ol = FD.clear($("faq-list"));
    (data.entries || []).forEach((entry) => {
      const li = el("li"); const b = el("button", entry.id + " " + entry.question, "link"); b.type = "button";
      b.addEventListener("click", () => editFaq(entry.id)); li.appendChild(b); ol.appendChild(li);
    });
  }

  async function editFaq(id) {
    let data;
    try { data = await FD.api("/api/staff/faq/entries/" + encodeURIComponent(id)); } catch (e) { FD.flash(e.message, true); return; }
    fillFaqForm(data.entry, data.version || 0);
    list($("faq-revisions"), data.revisions || [], (r) => "v" + r.version + " · " + (r.at || "").slice(0, 16).replace("T", " ") + " · #" + (r.author_id || ""));
  }

  function fillFaqForm(entry, version) {
    faqVersion = version; $("faq-form").hidden = false; $("faq-error").hidden = true; FD.clear($("faq-preview"));
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

  function faqError(error) { $("faq-error").textContent = error.detail || error.message; $("faq-error").hidden = false; }

  function bindFaq() {
    $("faq-search-form").addEventListener("submit", (e) => { e.preventDefault(); searchFaq(); });
    $("faq-new").addEventListener("click", () => { fillFaqForm({ paraphrases: [], citations: [], next_steps: ["person"] }, 0); FD.clear($("faq-revisions")); });
    $("fe-preview").addEventListener("click", async () => {
      $("faq-error").hidden = true;
      try {
        const data = await FD.api("/api/staff/faq/preview", "POST", { entry: faqDocument(), question: $("fe-test").value });
        const box = FD.clear($("faq-preview"));
        box.appendChild(el("p", t("faq.decision") + "：" + data.decision + " (" + data.confidence + ")"));
        const ol = el("ol"); box.appendChild(ol);
        data.hits.forEach((h) => ol.appendChild(el("li", h.id + " " + h.question + " — " + h.score, h.edited ? "edited" : "")));
      } catch (e) { faqError(e); }
    });
    $("faq-form").addEventListener("submit", async (e) => {
      e.preventDefault(); $("faq-error").hidden = true;
      const entry = faqDocument();
      try {
        const data = await FD.api("/api/staff/faq/entries/" + encodeURIComponent(entry.id), "PUT", { entry, base_version: faqVersion });
        faqVersion = data.version; FD.flash(t("faq.saved") + " " + data.version);
        editFaq(entry.id);
      } catch (err) { faqError(err); }
    });
  }

  // ---- the languages the signed-in user speaks (藏汉双语接访) ----
  FD.speaks = (code) => ((FD.me && FD.me.user.languages) || []).includes(code);

  function showLanguages() {
    const spoken = FD.me.user.languages || [];
    $("my-languages-now").textContent = spoken.map((code) => t("profile.lang_" + code)).join("、");
    document.querySelectorAll("#languages-form input[name=lang]").forEach((box) => { box.checked = spoken.includes(box.value); });
  }

  function bindLanguages() {
    showLanguages();
    $("languages-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const languages = [...document.querySelectorAll("#languages-form input[name=lang]:checked")].map((box) => box.value);
      if (!languages.length) { FD.flash(t("profile.none"), true); return; }
      try {
        FD.me = { ...FD.me, ...(await FD.api("/api/staff/me/languages", "PATCH", { languages })) };
        showLanguages();
        $("my-languages").open = false;
        FD.flash(t("profile.saved"));
        if (FD.views.queue.reload) FD.views.queue.reload();
      } catch (e) { FD.flash(t("actions.failed") + "：" + e.message, true); }
    });
  }

  // ---- start ----
  async function consolePage() {
    try { FD.me = await FD.api("/api/staff/me"); } catch (e) { location.href = "/staff/login"; return; }
    try { FD.meta = await FD.api(FD.withLang("/api/staff/console/meta")); } catch (e) { FD.meta = { kinds: [], statuses: [], chips: [], outcomes: [], channels: {} }; }
    $("who").textContent = FD.me.user.display_name;
    bindLanguages();
    document.querySelectorAll("[data-role]").forEach((node) => { node.hidden = FD.rank[FD.me.user.role] < FD.rank[node.dataset.role]; });
    document.querySelectorAll("nav .nav").forEach((b) => b.addEventListener("click", () => FD.show(b.dataset.view)));
    $("notice").addEventListener("click", () => { $("notice").hidden = true; });
    $("notices-toggle").addEventListener("click", () => {
      const panel = $("notices-panel");
      panel.hidden = !panel.hidden;
      $("notices-toggle").setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) loadNotices();
    });
    $("logout").addEventListener("click", async () => { try { await FD.api("/api/staff/logout", "POST"); } finally { location.href = "/staff/login"; } });
    FD.views.queue.bind(); FD.views.case.bind(); FD.views.dashboard.bind(); bindFaq();
    const opened = /^#item-(\d+)$/.exec(location.hash);
    if (opened) FD.views.case.open(Number(opened[1])); else FD.show("queue");
    loadNotices();
    listen();
  }

  document.addEventListener("DOMContentLoaded", () => {
    loadLabels().then(() => (page === "login" ? loginPage() : consolePage()));
  });
})();
