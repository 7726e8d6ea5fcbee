// Frontdesk service worker: shows a Web Push notice (title, one sentence) and opens the chat
// when it is tapped. It caches nothing and handles no requests.
"use strict";
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : "" }; }
  event.waitUntil(self.registration.showNotification(data.title || "检察服务前台", {
    body: data.body || "",
    tag: data.tag || "frontdesk",
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((open) => {
    for (const client of open) { if ("focus" in client) return client.focus(); }
    return self.clients.openWindow(url);
  }));
});
