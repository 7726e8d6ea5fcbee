// The appointment calendar: a day or a week of bookings (GET /api/staff/appointments/calendar).
// Every word comes from the server; a booking opens its case page.
"use strict";
(function () {
  const FD = window.FD;
  const $ = FD.$, el = FD.el, t = FD.t;
  let view = "day", start = "", bound = false;

  function iso(date) {
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 10);
  }

  function shift(days) {
    const date = new Date((start || iso(new Date())) + "T12:00:00");
    date.setDate(date.getDate() + days);
    start = iso(date);
    load();
  }

  function bind() {
    if (bound) return;
    bound = true;
    $("cal-day").addEventListener("click", () => { view = "day"; load(); });
    $("cal-week").addEventListener("click", () => { view = "week"; load(); });
    $("cal-prev").addEventListener("click", () => shift(view === "week" ? -7 : -1));
    $("cal-next").addEventListener("click", () => shift(view === "week" ? 7 : 1));
    $("cal-today").addEventListener("click", () => { start = ""; load(); });
    $("cal-date").addEventListener("change", () => { start = $("cal-date").value; load(); });
  }

  function booking(entry) {
    const li = el("li", null, "calendar-booking status-" + entry.status);
    const open = el("button", null, "calendar-open");
    open.type = "button";
    open.appendChild(el("span", entry.time, "calendar-time"));
    open.appendChild(el("span", entry.kind_label, "calendar-kind"));
    open.appendChild(el("span", entry.name, "calendar-name"));
    open.appendChild(el("span", entry.status_label, "calendar-status"));
    open.setAttribute("aria-label", [entry.time, entry.kind_label, entry.name, entry.status_label, entry.tracking_no].join(" "));
    open.addEventListener("click", () => FD.views.case.open(entry.item_id));
    li.appendChild(open);
    if (entry.topic) li.appendChild(el("p", entry.topic, "calendar-topic muted"));
    return li;
  }

  function day(data) {
    const section = el("section", null, "calendar-day" + (data.rest_day ? " rest" : ""));
    const heading = el("h3", data.label);
    if (data.rest_day) heading.appendChild(el("span", " · " + t("calendar.rest"), "muted"));
    section.appendChild(heading);
    if (!data.bookings.length) section.appendChild(el("p", t("calendar.none"), "muted"));
    const list = el("ol", null, "calendar-list");
    data.bookings.forEach((entry) => list.appendChild(booking(entry)));
    if (data.bookings.length) section.appendChild(list);
    return section;
  }

  async function load() {
    bind();
    const params = new URLSearchParams({ view, lang: FD.lang });
    if (start) params.set("start", start);
    let data;
    try { data = await FD.api("/api/staff/appointments/calendar?" + params.toString()); } catch (e) { FD.flash(e.message, true); return; }
    start = data.start;
    $("cal-date").value = data.start;
    $("cal-day").setAttribute("aria-pressed", String(view === "day"));
    $("cal-week").setAttribute("aria-pressed", String(view === "week"));
    const days = FD.clear($("cal-days"));
    days.classList.toggle("week", view === "week");
    data.days.forEach((d) => days.appendChild(day(d)));
  }

  FD.views.calendar = { load, bind };
})();
