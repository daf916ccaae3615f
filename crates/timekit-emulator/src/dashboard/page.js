// The dashboard's script: reads GET /__emulator/overview and draws it. Read-only: it never
// sends anything but GETs. Every value from the emulator goes into the DOM as text
// (textContent, createElement), never as markup: booking titles come from API callers.
"use strict";
(function () {
  const STATES = ["initialized", "tentative", "confirmed", "declined", "cancelled",
    "cancelled_by_customer", "cancelled_by_owner", "rescheduled_by_customer", "completed",
    "paid", "unpaid", "reserved", "expired"];
  const REFRESH_MS = 5000;
  const DAY_MS = 86400000;
  const $ = (id) => document.getElementById(id);

  // The token travels in the fragment (#token=…&week=…), which browsers never send to the
  // server; the week is there too so a week can be linked to.
  function fromFragment(name) {
    const match = new RegExp("(?:^#|&)" + name + "=([^&]*)").exec(window.location.hash);
    try {
      return match ? decodeURIComponent(match[1]) : "";
    } catch (_) {
      return "";
    }
  }

  function weekFromFragment() {
    const asked = fromFragment("week");
    return /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : "";
  }

  let token = fromFragment("token");
  let week = weekFromFragment(); // the week asked for; "": the clock's, following it
  let shown = ""; // the Monday of the week on screen, where previous/next step from

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function status(kind, text) {
    const node = $("status");
    node.dataset.status = kind;
    node.textContent = text;
  }

  function addDays(isoDate, days) {
    const at = new Date(isoDate + "T00:00:00Z");
    return new Date(at.getTime() + days * DAY_MS).toISOString().slice(0, 10);
  }

  function hhmm(date) {
    return date.toISOString().slice(11, 16);
  }

  async function load() {
    const url = "/__emulator/overview" + (week ? "?week=" + encodeURIComponent(week) : "");
    const headers = token ? { "x-emulator-token": token } : {};
    let response;
    try {
      response = await fetch(url, { headers: headers, cache: "no-store", credentials: "omit" });
    } catch (error) {
      status("error", "The emulator did not answer: " + error);
      return;
    }
    if (response.status === 401) {
      status("refused", "Refused (401): this emulator wants its control token. Open the page as " +
        "/__emulator/dashboard#token=<token> or enter the token below.");
      $("token-form").hidden = false;
      document.documentElement.dataset.loaded = "refused";
      return;
    }
    if (!response.ok) {
      status("error", "The overview failed: HTTP " + response.status);
      return;
    }
    const overview = await response.json();
    $("token-form").hidden = true;
    render(overview);
    status("ok", "Updated " + new Date().toLocaleTimeString());
    document.documentElement.dataset.loaded = "true";
  }

  function render(overview) {
    $("clock").textContent = overview.clock.now;
    $("clock-kind").textContent = overview.clock.fixed ? "(fixed)" : "(running)";
    shown = overview.week.start;
    $("week-label").textContent = overview.week.start;
    renderLegend();
    const names = new Map(overview.resources.map((r) => [r.id, r.name]));
    renderWeek(overview, names);
    renderResources(overview);
    renderRequests(overview);
    renderFaults(overview);
  }

  function renderLegend() {
    const legend = $("legend");
    if (legend.childElementCount) return;
    for (const state of STATES) {
      const item = el("li");
      item.append(el("span", "swatch state-" + state), el("span", "", state));
      legend.append(item);
    }
  }

  function renderWeek(overview, names) {
    const grid = $("week");
    const from = Date.parse(overview.week.from);
    const now = Date.parse(overview.clock.now);
    // One lane per resource with bookings this week, so overlapping bookings stay visible.
    const lanes = [...new Set(overview.bookings.map((b) => b.resource_id))];
    const children = [el("div", "corner")];
    for (let day = 0; day < 7; day++) {
      const date = addDays(overview.week.start, day);
      const head = el("div", "day-head", new Date(date + "T00:00:00Z")
        .toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }));
      if (now >= from + day * DAY_MS && now < from + (day + 1) * DAY_MS) head.classList.add("today");
      children.push(head);
    }
    const hours = el("div", "hours");
    for (let hour = 1; hour < 24; hour++) {
      const label = el("span", "hour", String(hour).padStart(2, "0") + ":00");
      label.style.top = (hour / 24 * 100) + "%";
      hours.append(label);
    }
    children.push(hours);
    for (let day = 0; day < 7; day++) {
      const column = el("div", "day");
      column.dataset.date = addDays(overview.week.start, day);
      const dayStart = from + day * DAY_MS;
      const dayEnd = dayStart + DAY_MS;
      for (const booking of overview.bookings) {
        const start = Date.parse(booking.start);
        const end = Date.parse(booking.end);
        if (!(start < dayEnd && end > dayStart)) continue;
        column.append(block(booking, names, lanes, Math.max(start, dayStart), Math.min(end, dayEnd), dayStart));
      }
      if (now >= dayStart && now < dayEnd) {
        const line = el("div", "now-line");
        line.style.top = ((now - dayStart) / DAY_MS * 100) + "%";
        column.append(line);
      }
      children.push(column);
    }
    grid.replaceChildren(...children);
    $("week-note").textContent = overview.bookings_truncated
      ? "Showing the first " + overview.bookings.length + " bookings of this week only."
      : overview.bookings.length + " booking(s) this week.";
  }

  function block(booking, names, lanes, start, end, dayStart) {
    const state = STATES.includes(booking.state) ? booking.state : "unknown";
    const node = el("div", "booking state-" + state);
    node.dataset.bookingId = booking.id;
    node.dataset.state = booking.state;
    node.dataset.resourceId = booking.resource_id;
    const lane = Math.max(0, lanes.indexOf(booking.resource_id));
    node.style.top = ((start - dayStart) / DAY_MS * 100) + "%";
    node.style.height = "max(14px, " + ((end - start) / DAY_MS * 100) + "%)";
    node.style.left = (lane / lanes.length * 100) + "%";
    node.style.width = (100 / lanes.length) + "%";
    const resource = names.get(booking.resource_id) || booking.resource_id;
    node.title = [booking.what || "(no title)", booking.state, booking.graph, resource,
      booking.start + " → " + booking.end].join("\n");
    node.append(el("div", "when", hhmm(new Date(start)) + " " + booking.state),
      el("div", "what", booking.what || ""), el("div", "who", resource));
    return node;
  }

  function rows(tableId, items, cells) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren(...items.map((item) => {
      const row = el("tr");
      for (const [text, className] of cells(item)) row.append(el("td", className || "", text));
      return row;
    }));
  }

  function renderResources(overview) {
    rows("resources", overview.resources, (r) => [[r.name], [r.email || ""], [r.timezone], [r.id]]);
    $("resources-note").textContent = overview.resources_truncated
      ? "Showing the first " + overview.resources.length + " resources only." : "";
  }

  function renderRequests(overview) {
    rows("requests", overview.requests, (entry) => {
      const statusText = entry.status === null ? "dropped" : String(entry.status);
      const statusClass = entry.status === null ? "status-dropped"
        : entry.status >= 500 ? "status-5xx" : entry.status >= 400 ? "status-4xx" : "";
      return [[entry.at], [entry.method], ["/v2" + entry.template], [statusText, statusClass]];
    });
    $("requests-total").textContent = "(newest first, " + overview.requests.length + " of " +
      overview.requests_total + " kept)";
  }

  function renderFaults(overview) {
    rows("faults", overview.faults.rules, (rule) => [
      [rule.method || "any"],
      [rule.path_prefix !== undefined ? rule.path_prefix + "…" : rule.path_glob !== undefined ? rule.path_glob : "any"],
      [JSON.stringify(rule.fault)],
      [rule.remaining === null ? "unlimited" : String(rule.remaining)],
      [String(rule.probability)],
    ]);
    $("faults-injected").textContent = "(" + overview.faults.injected + " injected so far)";
  }

  function go(target) {
    week = target;
    // Keeps the token where it was; replaceState fires no hashchange.
    const parts = [];
    if (token) parts.push("token=" + encodeURIComponent(token));
    if (target) parts.push("week=" + target);
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : window.location.pathname);
    load();
  }

  // Until the first answer names the week, there is nothing to step from.
  $("week-prev").addEventListener("click", () => shown && go(addDays(shown, -7)));
  $("week-next").addEventListener("click", () => shown && go(addDays(shown, 7)));
  $("week-today").addEventListener("click", () => go(""));
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token-input").value.trim();
    load();
  });
  window.addEventListener("hashchange", () => {
    token = fromFragment("token");
    week = weekFromFragment();
    load();
  });
  load();
  window.setInterval(load, REFRESH_MS);
})();
