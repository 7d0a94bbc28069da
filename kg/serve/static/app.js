// The web page at /: YASGUI on the same-origin /sparql endpoint, the competency queries as buttons,
// our IRIs in results rewritten to their local pages, and a dependency-free SVG timeline.
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("page-data").textContent);
  const ENDPOINT = new URL(DATA.endpoint, window.location.href).href;
  const BASE = DATA.base;
  const LOCAL = DATA.local; // prefixes of the IRIs this server dereferences (kg/serve/pages.py)
  const SVG = "http://www.w3.org/2000/svg";

  function localPath(iri) {
    return iri && LOCAL.some(function (prefix) { return iri.startsWith(prefix); }) ? "/" + iri.slice(BASE.length) : null;
  }

  // --- links to our resources open on this server ----------------------------------------------
  function rewriteLinks(root) {
    root.querySelectorAll("a[href^='" + BASE + "']").forEach(function (a) {
      const path = localPath(a.getAttribute("href"));
      if (path) {
        a.setAttribute("title", a.getAttribute("href"));
        a.setAttribute("href", path);
        a.removeAttribute("target");
      }
    });
  }

  // --- the SPARQL editor -----------------------------------------------------------------------
  let yasgui = null;
  const host = document.getElementById("yasgui");
  if (window.Yasgui) {
    yasgui = new Yasgui(host, {
      requestConfig: { endpoint: ENDPOINT, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null, // no localStorage: the page starts the same every time
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: ENDPOINT }]; } },
      // only completers that need no network (class/property completion calls the LOV web API)
      yasqe: { autocompleters: ["prefixes", "variables"], value: DATA.queries.length ? DATA.queries[0].query : "" },
      yasr: { defaultPlugin: "table", prefixes: DATA.prefixes },
    });
    new MutationObserver(function () { rewriteLinks(host); }).observe(host, { childList: true, subtree: true });
  } else {
    host.innerHTML = "<p class='error'>The SPARQL editor did not load (/static/vendor/yasgui.min.js).</p>";
  }

  function runQuery(q, button) {
    document.querySelectorAll(".cq-buttons button").forEach(function (b) { b.classList.remove("active"); });
    if (button) button.classList.add("active");
    if (!yasgui) return;
    const tab = yasgui.getTab();
    const yasqe = tab.getYasqe();
    yasqe.setValue(q.query);
    yasqe.query();
  }

  const buttons = document.getElementById("cq-buttons");
  DATA.queries.forEach(function (q) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = q.short;
    b.title = q.title;
    b.dataset.query = q.name;
    b.addEventListener("click", function () { runQuery(q, b); });
    buttons.appendChild(b);
  });

  // --- the timeline ----------------------------------------------------------------------------
  function parseDate(s) {
    if (!s) return null;
    const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(s);
    if (!m) return null;
    return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(iri, child) {
    const a = el("a", { href: localPath(iri) || iri });
    a.appendChild(child);
    return a;
  }

  function drawTimeline(rows) {
    const box = document.getElementById("timeline");
    box.textContent = "";
    const items = rows.map(function (r) {
      const v = function (k) { return r[k] ? r[k].value : ""; };
      const full = v("label") || v("item");
      return { iri: v("item"), kind: v("kind"), full: full, label: full.length > 46 ? full.slice(0, 44) + "…" : full,
               start: parseDate(v("start")),
               end: parseDate(v("end")), startText: v("start"), endText: v("end"), type: v("type") };
    }).filter(function (i) { return i.start !== null; });
    if (!items.length) { box.innerHTML = "<p class='muted'>No dated events or agreements in the graph.</p>"; return; }
    const DAY = 86400000;
    let min = Math.min.apply(null, items.map(function (i) { return i.start; }));
    let max = Math.max.apply(null, items.map(function (i) { return Math.max(i.start, i.end || i.start); }));
    min -= 15 * DAY; max += 15 * DAY;
    const width = Math.max(box.clientWidth || 900, 600), left = 10, right = 10, row = 22, charW = 6.4;
    const x = function (t) { return left + (t - min) / (max - min) * (width - left - right); };

    const bars = items.filter(function (i) { return i.kind !== "event"; });
    const events = items.filter(function (i) { return i.kind === "event"; });
    // greedy lanes so that labels do not overlap
    function lanes(list, extent) {
      const ends = [];
      list.forEach(function (i) {
        const [a, b] = extent(i);
        let lane = ends.findIndex(function (e) { return e < a; });
        if (lane < 0) { lane = ends.length; ends.push(0); }
        ends[lane] = b + 8;
        i.lane = lane;
      });
      return ends.length;
    }
    // a label that would run past the right edge goes to the left of its bar or dot instead
    const barLanes = lanes(bars, function (i) {
      const a = x(i.start), b = x(i.end || i.start) + (i.end ? 0 : 10), w = 6 + i.label.length * charW;
      i.flip = a + w > width - right && a - w > left;
      return i.flip ? [a - w, b] : [a, Math.max(b, a + w)];
    });
    const eventLanes = lanes(events, function (i) {
      const a = x(i.start), w = 10 + i.label.length * charW;
      i.flip = a + w > width - right && a - w > left;
      return i.flip ? [a - w, a + 4] : [a - 4, a + w];
    });
    const axisY = 24, barsTop = axisY + 14, eventsTop = barsTop + barLanes * row + 18;
    const height = eventsTop + eventLanes * row + 10;
    const svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img",
                            "aria-label": "timeline of agreements, phases and events" });
    // month ticks
    const d0 = new Date(min);
    let t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth() + 1, 1);
    const months = (max - min) / (30 * DAY), step = months > 36 ? 6 : months > 14 ? 3 : 1;
    for (; t < max; ) {
      const d = new Date(t), tx = x(t);
      svg.appendChild(el("line", { x1: tx, x2: tx, y1: axisY, y2: height, class: "tick" }));
      const name = d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : d.toLocaleString("en", { month: "short", timeZone: "UTC" });
      svg.appendChild(el("text", { x: tx + 2, y: axisY - 6, class: d.getUTCMonth() === 0 ? "year" : "month" }, name));
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1);
    }
    bars.forEach(function (i) {
      const y = barsTop + i.lane * row, a = x(i.start), b = x(i.end || i.start) + (i.end ? 0 : 10);
      const g = el("g", { class: "bar " + i.kind + (i.end ? "" : " open") });
      g.appendChild(el("title", {}, i.full + " — " + i.startText + (i.endText ? " to " + i.endText : " (no end date)")));
      g.appendChild(el("rect", { x: a, y: y, width: Math.max(b - a, 4), height: row - 6, rx: 3 }));
      g.appendChild(i.flip ? el("text", { x: a - 4, y: y + row - 10, "text-anchor": "end" }, i.label)
                           : el("text", { x: a + 4, y: y + row - 10 }, i.label));
      svg.appendChild(link(i.iri, g));
    });
    svg.appendChild(el("text", { x: left, y: eventsTop - 6, class: "section" }, "events"));
    events.forEach(function (i) {
      const y = eventsTop + i.lane * row, a = x(i.start);
      const g = el("g", { class: "event " + (i.type || "") });
      g.appendChild(el("title", {}, i.full + " — " + i.startText + (i.type ? " (" + i.type + ")" : "")));
      g.appendChild(el("circle", { cx: a, cy: y + 8, r: 4.5 }));
      g.appendChild(i.flip ? el("text", { x: a - 8, y: y + 12, "text-anchor": "end" }, i.label)
                           : el("text", { x: a + 8, y: y + 12 }, i.label));
      svg.appendChild(link(i.iri, g));
    });
    box.appendChild(svg);
  }

  function loadTimeline() {
    fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query: DATA.timeline }),
    }).then(function (r) {
      if (!r.ok) throw new Error("the endpoint answered " + r.status);
      return r.json();
    }).then(function (json) { drawTimeline(json.results.bindings); })
      .catch(function (err) {
        document.getElementById("timeline").innerHTML = "";
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = "Could not load the timeline: " + err.message;
        document.getElementById("timeline").appendChild(p);
      });
  }
  loadTimeline();
})();
