// Notices for when the page is closed: offered once, only after the citizen has filed
// something (a reply with a tracking number), and only on a tap — never on load. Web Push
// (the browser's permission is asked inside the tap) and/or SMS to the phone they left.
// A denied permission is said plainly, with the other ways to hear from us.
"use strict";
(function () {
  const STORE = "frontdesk.webchat.notices";
  let options = null;

  const canPush = () => "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  const chat = () => window.FD_CHAT;
  const word = (key, fallback) => (chat().ui()[key] || fallback);

  function say(text) {
    const item = document.createElement("div");
    item.className = "msg out notice-note";
    const body = document.createElement("span");
    body.className = "body";
    body.textContent = text;
    item.appendChild(body);
    chat().log.appendChild(item);
    chat().log.scrollTop = chat().log.scrollHeight;
  }

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  async function turnOnPush(permission) {
    if (await permission !== "granted") { say(word("notices_denied", "您没有允许通知。")); return; }
    try {
      const registration = await navigator.serviceWorker.register("/sw.js");
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(options.push_key) });
      await chat().api("/api/webchat/sessions/" + chat().session().session_id + "/push-subscriptions", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(subscription.toJSON()),
      });
      say(word("notices_push_on", "好的，有新消息时浏览器会通知您。"));
    } catch (e) { say(word("notices_failed", "没能开启通知，您可以随时回来查询进度。")); }
  }

  async function turnOnSms() {
    try {
      const answer = await chat().api("/api/webchat/sessions/" + chat().session().session_id + "/sms-consent", { method: "POST" });
      say(word("notices_sms_on", "好的，有新消息时会发短信到尾号 {last4} 的手机。").replace("{last4}", answer.phone_last4));
    } catch (e) {
      say(e.status === 409 ? word("notices_no_phone", "您没有留手机号。") : word("notices_failed", "没能开启通知。"));
    }
  }

  function offerButton(label, action) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = label;
    b.addEventListener("click", () => {
      localStorage.setItem(STORE, "answered");
      document.querySelectorAll("#notice-offer button").forEach((other) => { other.disabled = true; });
      action();
    });
    return b;
  }

  async function offer() {
    try { options = options || await chat().api("/api/webchat/notices"); } catch (e) { return; }
    const push = canPush() && Notification.permission !== "denied";
    if (!push && !options.sms) return;
    const item = document.createElement("div");
    item.className = "msg out notice-offer"; item.id = "notice-offer";
    const body = document.createElement("span");
    body.className = "body"; body.textContent = word("notices_offer", "工作人员回复时，想在您离开这个页面后也收到通知吗？");
    item.appendChild(body);
    const row = document.createElement("div");
    row.className = "buttons";
    // The permission prompt is requested inside the tap itself (browsers require a gesture).
    if (push) row.appendChild(offerButton(word("notices_push", "浏览器通知我"), () => turnOnPush(Notification.requestPermission())));
    if (options.sms) row.appendChild(offerButton(word("notices_sms", "发短信给我"), turnOnSms));
    row.appendChild(offerButton(word("notices_no", "不用了"), () => say(word("notices_later", "好的。您可以随时回来点“查询进度”。"))));
    item.appendChild(row);
    chat().log.appendChild(item);
  }

  window.FD_NOTICES = {
    seen(messages) {
      if (localStorage.getItem(STORE) || document.getElementById("notice-offer")) return;
      if (messages.some((m) => m.direction === "out" && m.tracking_no && !m.notice)) offer();
    },
  };
})();
