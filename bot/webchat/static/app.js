// Frontdesk web chat: one page, no build step. Keeps its session in localStorage, restores the
// transcript after a reload, listens for later messages (staff replies) over Server-Sent Events.
"use strict";
(function () {
  const KEY = "frontdesk.webchat";
  const FOLD_EDITS = 3;  // more secondary buttons than this are folded under one line
  const $ = (id) => document.getElementById(id);
  const log = $("log"), text = $("text"), form = $("composer"), statusBar = $("status");
  let session = JSON.parse(localStorage.getItem(KEY) || "null");
  let ui = {}, lastId = 0, events = null, queue = Promise.resolve();
  const shown = new Set();
  window.FD_CHAT = { api: (path, options) => api(path, options), session: () => session, ui: () => ui, log };

  // Tibetan script anywhere in a text: the element says so (lang="bo"), so the Tibetan font
  // stack and line height apply even in a conversation the page shows in Chinese.
  // On a Tibetan page, a sentence only in Chinese (a service not yet in Tibetan) says so too.
  const TIBETAN = /[\u0F00-\u0FFF]/, HAN = /[\u3400-\u9FFF]/;
  function markScript(el, content) {
    if (TIBETAN.test(content || "")) el.lang = "bo";
    else if (HAN.test(content || "") && document.documentElement.lang === "bo") el.lang = "zh-Hans";
    return el;
  }

  // The conversation changed language (Tibetan written, 继续用中文 tapped): the page's own
  // labels and its language list follow, without sending anything.
  function followLang(lang) {
    const select = $("lang");
    if (select.value === lang || ![...select.options].some((o) => o.value === lang)) return;
    select.value = lang;
    localStorage.setItem(KEY + ".lang", lang);
    loadUi(lang);
  }

  function setStatus(message) { statusBar.textContent = message || ""; statusBar.hidden = !message; }

  async function api(path, options) {
    const headers = Object.assign({}, (options && options.headers) || {});
    if (session) headers["Authorization"] = "Bearer " + session.token;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    const body = await response.json().catch(() => ({}));
    if (!response.ok) { const e = new Error((body.error && body.error.message) || response.statusText); e.status = response.status; throw e; }
    return body;
  }

  async function loadUi(lang) {
    try { ui = await api("/api/webchat/ui/" + lang); } catch (e) { ui = {}; }
    document.documentElement.lang = lang;
    const set = (id, key, attr) => { const el = $(id); if (el && ui[key]) { if (attr) el.setAttribute(attr, ui[key]); else el.textContent = ui[key]; } };
    set("title", "title"); set("subtitle", "subtitle"); set("send", "send");
    set("input-label", "input_label"); set("upload-text", "upload"); set("lang-label", "language");
    set("text", "placeholder", "placeholder"); set("upload-label", "upload", "title");
    if (ui.title) document.title = ui.title;
    set("delete-data", "delete");
  }

  // What the citizen sent, as they would say it: the text typed, or the label of the button
  // tapped (never a payload); a file by its name.
  function citizenContent(message) {
    if (message.text) return message.text;
    if (message.button) return message.label || (ui.tapped || "（点了一个按钮）");
    if ((message.attachments || []).length) return "📎 " + message.attachments.map((a) => a.name || a.kind).join(", ");
    return "";
  }

  function render(message) {
    if (message.id && shown.has(message.id)) return null;
    if (message.id) { shown.add(message.id); lastId = Math.max(lastId, message.id); }
    if (message.direction === "in" && message.button && message.button.startsWith("/start")) return null;
    // A tap is a message too: it shows as the citizen's choice (it used to vanish from the transcript).
    if (message.direction === "in" && !citizenContent(message)) return null;
    const item = document.createElement("div");
    const author = message.author || (message.direction === "in" ? "citizen" : "bot");
    const tapped = message.direction === "in" && !message.text && message.button;
    item.className = "msg " + (message.direction === "in" ? "in" : "out") + (author === "staff" ? " staff" : "") + (tapped ? " choice" : "");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = message.direction === "in" ? (tapped ? (ui.you_chose || "我选择了") : (ui.you || "我")) : author === "staff" ? (ui.staff || "工作人员") : (ui.bot || "服务台");
    item.appendChild(who);
    if (message.card) {
      item.appendChild(card(message.card));
      item.classList.add("card");
    } else {
      const body = document.createElement("span");
      body.className = "body";
      // Text only: nothing a citizen or staff member writes is ever HTML.
      body.textContent = message.direction === "in" ? citizenContent(message) : (message.text || "");
      item.appendChild(markScript(body, body.textContent));
    }
    if ((message.buttons || []).length) buttons(message.buttons).forEach((row) => item.appendChild(row));
    if (message.direction !== "in" && message.lang) followLang(message.lang);
    log.appendChild(item);
    return item;
  }

  // The pre-screen's result, verdict first: the verdict and the next action, then the reasons,
  // other ways on, and the checklist folded (a <details> the citizen opens).
  function card(data) {
    const box = document.createElement("div");
    const verdict = document.createElement("p");
    verdict.className = "verdict"; verdict.textContent = data.verdict || "";
    box.appendChild(verdict);
    if (data.next) { const next = document.createElement("p"); next.className = "next"; next.textContent = data.next; box.appendChild(next); }
    (data.sections || []).forEach((section) => {
      const block = document.createElement(section.folded ? "details" : "section");
      block.className = "section " + section.id;
      const title = document.createElement(section.folded ? "summary" : "h3");
      title.textContent = section.title;
      block.appendChild(title);
      const list = document.createElement(section.id === "evidence" ? "ol" : "ul");
      section.lines.forEach((line) => {
        const li = document.createElement("li");
        li.textContent = line.text;
        if (line.basis) { const basis = document.createElement("small"); basis.className = "basis"; basis.textContent = line.basis; li.appendChild(basis); }
        list.appendChild(li);
      });
      block.appendChild(list);
      box.appendChild(block);
    });
    if (data.note) { const note = document.createElement("p"); note.className = "note"; note.textContent = data.note; box.appendChild(note); }
    return box;
  }

  function button(b) {
    let el;
    if (b.payload.startsWith("call:")) {
      el = document.createElement("a"); el.href = "tel:" + b.payload.slice(5);
    } else if (b.payload.startsWith("letter:")) {
      el = document.createElement("button"); el.type = "button";
      el.addEventListener("click", () => downloadLetter(b.payload.slice(7)));
    } else {
      el = document.createElement("button"); el.type = "button";
      el.addEventListener("click", () => { closeRow(el.closest(".msg")); send({ button: b.payload, label: b.label }, b.label, true); });
    }
    if (b.number) { const n = document.createElement("span"); n.className = "num"; n.textContent = b.number; n.setAttribute("aria-hidden", "true"); el.appendChild(n); }
    el.appendChild(document.createTextNode(b.label));
    if (b.number) el.setAttribute("aria-label", b.number + ". " + b.label);
    return markScript(el, b.label);
  }

  // One row of primary buttons, the first one filled when there are lesser ones; the
  // secondary ones (change an answer) in a quieter row below, folded when there are many.
  function buttons(list) {
    const rows = [];
    const primary = list.filter((b) => !b.secondary), secondary = list.filter((b) => b.secondary);
    if (primary.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      primary.forEach((b) => row.appendChild(button(b)));
      if (secondary.length) row.firstChild.classList.add("primary");
      rows.push(row);
    }
    if (secondary.length) {
      const row = document.createElement("div");
      row.className = "buttons secondary";
      secondary.forEach((b) => row.appendChild(button(b)));
      if (secondary.length > FOLD_EDITS) {
        const fold = document.createElement("details");
        fold.className = "edits";
        const label = document.createElement("summary");
        label.textContent = (ui.change_answers || "修改某一项") + "（" + secondary.length + "）";
        fold.appendChild(label); fold.appendChild(row);
        rows.push(fold);
      } else rows.push(row);
    }
    return rows;
  }

  // A row of buttons is answered once the citizen has said anything after it: it is disabled
  // and leaves the tab order, so only the current step's buttons can be pressed (and tabbed to).
  function closeRow(message) {
    if (!message) return;
    message.querySelectorAll("details.edits").forEach((d) => { d.open = false; d.querySelector("summary").setAttribute("tabindex", "-1"); d.classList.add("answered"); });
    message.querySelectorAll(".buttons button, .buttons a").forEach((el) => {
      if (el.tagName === "A") { el.setAttribute("tabindex", "-1"); el.setAttribute("aria-disabled", "true"); el.classList.add("disabled"); }
      else el.disabled = true;
    });
    message.classList.add("answered");
  }

  function closeAnsweredRows() {
    const messages = Array.from(log.querySelectorAll(".msg"));
    let lastIn = -1;
    messages.forEach((m, i) => { if (m.classList.contains("in")) lastIn = i; });
    messages.slice(0, Math.max(lastIn, 0)).forEach(closeRow);
  }

  // New replies are read from their first line: a long result must not open on its end.
  function showNew(first) {
    if (!first) { log.scrollTop = log.scrollHeight; return; }
    const room = log.clientHeight;
    const height = log.scrollHeight - first.offsetTop;  // .log is positioned: offsets are inside it
    log.scrollTop = height > room ? first.offsetTop - 8 : log.scrollHeight;
  }

  // Render a batch (a turn's replies, an event, or the whole transcript after a reload) and
  // show it from the first reply to the citizen's last message.
  function renderAll(messages) {
    let first = null, added = 0;
    messages.forEach((m) => {
      const el = render(m);
      if (!el) return;
      added += 1;
      if (m.direction === "in") first = null;
      else if (!first) first = el;
    });
    if (!added) return;  // already shown (the event stream repeats what a reply returned)
    closeAnsweredRows();
    showNew(first);
    if (window.FD_NOTICES) window.FD_NOTICES.seen(messages);  // after filing: offer notices (notices.js)
  }

  // The draft application letter: fetched with the session's token (a plain link could not
  // carry it), then saved from a blob so the file never sits at a guessable address.
  async function downloadLetter(trackingNo) {
    try {
      await ensureSession();
      const response = await fetch(`/api/webchat/sessions/${session.session_id}/letter/${encodeURIComponent(trackingNo)}`, { headers: { Authorization: "Bearer " + session.token } });
      if (!response.ok) { const body = await response.json().catch(() => ({})); throw Object.assign(new Error((body.error && body.error.message) || response.statusText), { status: response.status }); }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url; link.download = (ui.letter_file || "支持起诉申请书") + "-" + trackingNo + ".docx";
      document.body.appendChild(link); link.click(); link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setStatus("");
    } catch (e) {
      setStatus(e.status && e.status < 500 ? e.message : (ui.offline || "发送失败，请重试。"));
    }
  }

  function echo(label, tapped) {
    const item = document.createElement("div");
    item.className = "msg in pending" + (tapped ? " choice" : "");
    const who = document.createElement("span");
    who.className = "who"; who.textContent = tapped ? (ui.you_chose || "我选择了") : (ui.you || "我");
    const body = document.createElement("span");
    body.className = "body"; body.textContent = label; markScript(body, label);
    item.appendChild(who); item.appendChild(body);
    log.appendChild(item); closeAnsweredRows(); log.scrollTop = log.scrollHeight;
    return item;
  }

  // Messages are sent one after another, never dropped: a tap or a typed line made while an
  // earlier one is still on its way waits its turn.
  function send(body, label, tapped) {
    queue = queue.then(() => deliver(body, label, tapped));
    return queue;
  }

  async function deliver(body, label, tapped) {
    body.client_id = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    const pending = echo(label || body.text, tapped);
    try {
      await ensureSession();
      await postWithRetry(body);
      pending.remove();
      await refresh();
      setStatus("");
    } catch (e) {
      pending.remove();
      if (e.status === 401 || e.status === 404) { reset(); }
      setStatus(e.status && e.status < 500 ? e.message : (ui.offline || "发送失败，请重试。"));
      if (body.text && !text.value) text.value = body.text;
    }
  }

  async function postWithRetry(body) {
    for (let attempt = 0; ; attempt++) {
      try { return await api(`/api/webchat/sessions/${session.session_id}/messages`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }); }
      catch (e) { if ((e.status && e.status < 500) || attempt >= 2) throw e; await new Promise((r) => setTimeout(r, 800 * (attempt + 1))); }
    }
  }

  async function refresh() {
    const data = await api(`/api/webchat/sessions/${session.session_id}/messages?after=${lastId}`);
    renderAll(data.messages);
  }

  async function ensureSession() {
    if (session) return;
    const lang = $("lang").value;
    session = await api("/api/webchat/sessions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ lang }) });
    localStorage.setItem(KEY, JSON.stringify(session));
    listen();
  }

  function reset() { localStorage.removeItem(KEY); session = null; if (events) events.close(); events = null; }

  // The stream is opened with a short-lived, single-use ticket (the token never goes in a URL,
  // where proxies log it); after an error a fresh ticket is fetched and the stream reopened.
  let retryTimer = null;
  async function listen() {
    if (!session || !window.EventSource) return;
    if (events) events.close();
    events = null;
    let ticket;
    try { ticket = (await api(`/api/webchat/sessions/${session.session_id}/stream-tickets`, { method: "POST" })).ticket; }
    catch (e) { if (e.status === 401 || e.status === 404) return; setStatus(ui.reconnecting || "正在重新连接…"); retryTimer = setTimeout(listen, 3000); return; }
    const source = new EventSource(`/api/webchat/sessions/${session.session_id}/events?ticket=${encodeURIComponent(ticket)}&after=${lastId}`);
    events = source;
    source.addEventListener("message", (e) => { setStatus(""); renderAll([JSON.parse(e.data)]); });
    source.onerror = () => {
      setStatus(ui.reconnecting || "正在重新连接…");
      source.close();
      if (events === source) { clearTimeout(retryTimer); retryTimer = setTimeout(listen, 3000); }
    };
    source.onopen = () => setStatus("");
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value) { text.focus(); return; }
    text.value = "";
    send({ text: value });
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  $("file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    setStatus(ui.uploading || "正在上传…");
    try {
      await ensureSession();
      const data = new FormData(); data.append("file", file);
      const kind = file.type.startsWith("audio/") ? "?kind=voice" : "";
      await api(`/api/webchat/sessions/${session.session_id}/attachments${kind}`, { method: "POST", body: data });
      await refresh(); setStatus("");
    } catch (err) { setStatus(err.message); }
    e.target.value = "";
  });
  $("lang").addEventListener("change", async (e) => {
    const lang = e.target.value;
    localStorage.setItem(KEY + ".lang", lang);
    await loadUi(lang);
    if (session) send({ button: "/lang " + lang, label: e.target.selectedOptions[0].textContent }, e.target.selectedOptions[0].textContent, true);
  });

  // 删除我的信息 (issue 8): always one tap away; the bot asks for confirmation first.
  function addDeleteButton() {
    const bar = document.querySelector(".bar");
    if (!bar || $("delete-data")) return;
    const button = document.createElement("button");
    button.type = "button"; button.id = "delete-data"; button.className = "bar-action";
    button.textContent = "删除我的信息";
    button.addEventListener("click", () => send({ button: "/delete", label: button.textContent }, button.textContent, true));
    bar.appendChild(button);
  }

  async function start() {
    addDeleteButton();
    const lang = localStorage.getItem(KEY + ".lang") || "zh-Hans";
    $("lang").value = lang;
    await loadUi(lang);
    if (session) {
      try { await refresh(); listen(); return; } catch (e) { if (e.status === 401 || e.status === 404) reset(); else { setStatus(ui.offline); return; } }
    }
    await ensureSession();
    await postWithRetry({ button: "/start", client_id: "start" });
    await refresh();
  }
  start();
})();
