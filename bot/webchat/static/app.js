// Frontdesk web chat: one page, no build step. Keeps its session in localStorage, restores the
// transcript after a reload, listens for later messages (staff replies) over Server-Sent Events.
"use strict";
(function () {
  const KEY = "frontdesk.webchat";
  const $ = (id) => document.getElementById(id);
  const log = $("log"), text = $("text"), form = $("composer"), statusBar = $("status");
  let session = JSON.parse(localStorage.getItem(KEY) || "null");
  let ui = {}, lastId = 0, events = null, queue = Promise.resolve();
  const shown = new Set();

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

  function render(message) {
    if (message.id && shown.has(message.id)) return;
    if (message.id) { shown.add(message.id); lastId = Math.max(lastId, message.id); }
    if (message.direction === "in" && message.button && message.button.startsWith("/start")) return;
    if (!message.text && !(message.buttons || []).length && message.direction === "in" && !(message.attachments || []).length) return;
    const item = document.createElement("div");
    const author = message.author || (message.direction === "in" ? "citizen" : "bot");
    item.className = "msg " + (message.direction === "in" ? "in" : "out") + (author === "staff" ? " staff" : "");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = message.direction === "in" ? (ui.you || "我") : author === "staff" ? (ui.staff || "工作人员") : (ui.bot || "服务台");
    item.appendChild(who);
    const body = document.createElement("span");
    let content = message.text || "";
    if (!content && message.button) content = "▶ " + (message.label || message.button);
    if (!content && (message.attachments || []).length) content = "📎 " + message.attachments.map((a) => a.name || a.kind).join(", ");
    body.textContent = content;  // text only: nothing a citizen or staff member writes is ever HTML
    item.appendChild(body);
    if ((message.buttons || []).length) item.appendChild(buttons(message.buttons));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function buttons(list) {
    const row = document.createElement("div");
    row.className = "buttons";
    list.forEach((b) => {
      let el;
      if (b.payload.startsWith("call:")) {
        el = document.createElement("a"); el.href = "tel:" + b.payload.slice(5);
      } else if (b.payload.startsWith("letter:")) {
        el = document.createElement("button"); el.type = "button";
        el.addEventListener("click", () => downloadLetter(b.payload.slice(7)));
      } else {
        el = document.createElement("button"); el.type = "button";
        el.addEventListener("click", () => send({ button: b.payload, label: b.label }, b.label));
      }
      el.textContent = b.label;
      row.appendChild(el);
    });
    return row;
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

  function echo(label) {
    const item = document.createElement("div");
    item.className = "msg in"; item.textContent = label;
    log.appendChild(item); log.scrollTop = log.scrollHeight;
    return item;
  }

  // Messages are sent one after another, never dropped: a tap or a typed line made while an
  // earlier one is still on its way waits its turn.
  function send(body, label) {
    queue = queue.then(() => deliver(body, label));
    return queue;
  }

  async function deliver(body, label) {
    body.client_id = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    const pending = echo(label || body.text);
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
    data.messages.forEach(render);
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
    source.addEventListener("message", (e) => { setStatus(""); render(JSON.parse(e.data)); });
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
    if (session) send({ button: "/lang " + lang }, e.target.selectedOptions[0].textContent);
  });

  // 删除我的信息 (issue 8): always one tap away; the bot asks for confirmation first.
  function addDeleteButton() {
    const bar = document.querySelector(".bar");
    if (!bar || $("delete-data")) return;
    const button = document.createElement("button");
    button.type = "button"; button.id = "delete-data"; button.className = "bar-action";
    button.textContent = "删除我的信息";
    button.addEventListener("click", () => send({ button: "/delete", label: button.textContent }, button.textContent));
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
