// RACE dashboard: polls /race/api/state twice a second (the default sampling period is 1 s) and
// redraws. No framework: the DOM, fetch and SVG.
"use strict";

const POLL_MS = 500;
const MAX_POINTS = 600;
const MAX_EVENTS = 200;
const SVG = "http://www.w3.org/2000/svg";

const series = new Map();   // application -> chart points, oldest first
let lastTimeMs = null;      // platform time of the newest point received
let lastEvent = 0;          // sequence number of the newest event received

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "-" : String(c)));
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function num(v, digits = 3) {
  if (v == null) return "-";
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(digits)));
}

const pct = (f) => (f == null ? "-" : (f * 100).toFixed(1) + "%");

async function api(path, options) {
  const r = await fetch("api/" + path, options);
  const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

function message(id, text, ok) {
  const m = $(id);
  m.textContent = text;
  m.className = "message " + (ok ? "ok" : "error");
}

// ---- nodes: a bar per resource, measured fill, reserved shade, set point tick

function bar(node, resource) {
  const w = 150, h = 14;
  const cap = node.capacity[resource] || 1;
  const reserved = Math.min(1, node.reserved[resource] / cap);
  const used = node.utilization ? node.utilization[resource] : null;
  const sp = node.setPoint[resource];
  const s = svg("svg", { width: w, height: h, class: "bar", "data-resource": resource });
  s.append(svg("rect", { x: 0, y: 0, width: w, height: h, class: "bar-bg" }));
  s.append(svg("rect", { x: 0, y: 0, width: w * reserved, height: h, class: "bar-reserved" }));
  if (used != null) {
    const over = sp != null && used > sp;
    s.append(svg("rect", { x: 0, y: 3, width: w * Math.min(1, used), height: h - 6, class: over ? "bar-over" : "bar-used" }));
  }
  if (sp != null && sp < 1) s.append(svg("line", { x1: w * sp, x2: w * sp, y1: 0, y2: h, class: "bar-setpoint" }));
  const cell = el("td", { class: "resource" }, s,
    el("span", { class: "figure" }, pct(used) + (resource === "cpu" && sp != null ? " / " + pct(sp) : "")));
  cell.title = resource + ": measured " + pct(used) + ", reserved " + pct(reserved) + ", set point " + pct(sp)
    + " of " + num(cap) + (resource === "cpu" ? " processors" : resource === "memory" ? " MB" : " Mbit/s");
  return cell;
}

function renderNodes(nodes) {
  const body = $("nodes").tBodies[0];
  body.replaceChildren(...nodes.map((n) => el("tr", { "data-node": n.name, class: "state-" + n.state },
    el("td", {}, n.name),
    el("td", {}, el("span", { class: "badge " + n.state }, n.state)),
    el("td", {}, n.remote ? "remote" : "local"),
    bar(n, "cpu"), bar(n, "memory"), bar(n, "bandwidth"),
    el("td", {}, n.components))));
}

// ---- applications: a card each with placement, settings, contract, QoS and a chart

function placementText(app) {
  const byNode = new Map();
  for (const [component, node] of Object.entries(app.placement)) {
    if (!byNode.has(node)) byNode.set(node, []);
    byNode.get(node).push(component);
  }
  return [...byNode.entries()].map(([n, cs]) => n + ": " + cs.join(", ")).join("; ");
}

function contractText(c) {
  if (!c) return "none";
  return num(c.region.rateMinHz) + ".." + num(c.region.rateMaxHz) + " Hz, at " + num(c.cop.rateHz) + " Hz";
}

function chart(app, points) {
  const w = 560, h = 150, left = 40, right = 48, top = 10, bottom = 22;
  const pw = w - left - right, ph = h - top - bottom;
  const s = svg("svg", { width: w, height: h, class: "chart", "data-points": points.length });
  s.append(svg("rect", { x: left, y: top, width: pw, height: ph, class: "plot" }));
  const t0 = points.length ? points[0].timeMs : 0, t1 = points.length ? points[points.length - 1].timeMs : 1;
  const span = Math.max(1, t1 - t0);
  // the analysis's worst case, when finite, is drawn beside the measured latency it bounds
  const bound = app.bound && app.bound.boundMs != null ? app.bound.boundMs : null;
  const latMax = Math.max(app.deadlineMs, bound || 0, ...points.map((p) => p.latencyMaxMs)) * 1.05;
  const x = (t) => left + pw * (t - t0) / span;
  const yMiss = (r) => top + ph * (1 - r);
  const yLat = (ms) => top + ph * (1 - ms / latMax);
  const dl = yLat(app.deadlineMs);
  s.append(svg("line", { x1: left, x2: left + pw, y1: dl, y2: dl, class: "deadline" }));
  const label = (tx, ty, text, cls, anchor) => {
    const t = svg("text", { x: tx, y: ty, class: cls, "text-anchor": anchor || "start" });
    t.textContent = text;
    s.append(t);
  };
  label(left - 4, top + 8, "100%", "axis miss", "end");
  label(left - 4, top + ph, "0%", "axis miss", "end");
  label(left + pw + 4, top + 8, num(latMax, 0) + " ms", "axis latency");
  label(left + pw - 4, dl - 3, "deadline " + num(app.deadlineMs) + " ms", "axis deadline-label", "end");
  if (bound != null) {
    const bl = yLat(bound);
    s.append(svg("line", { x1: left, x2: left + pw, y1: bl, y2: bl, class: "bound" }));
    label(left + 4, bl - 3, "worst-case bound " + num(bound) + " ms", "axis bound-label");
  }
  label(left, h - 6, (t0 / 1000).toFixed(0) + " s", "axis");
  label(left + pw, h - 6, (t1 / 1000).toFixed(0) + " s", "axis", "end");
  if (points.length) {
    const line = (f, cls) => s.append(svg("polyline", {
      points: points.map((p) => x(p.timeMs).toFixed(1) + "," + f(p).toFixed(1)).join(" "), class: cls }));
    line((p) => yLat(p.latencyMaxMs), "latency-max");
    line((p) => yLat(p.latencyMeanMs), "latency");
    line((p) => yMiss(p.missRatio), "miss");
  }
  return s;
}

// A card is built once per application and then updated in place, so that what the user points at
// (or a test holds) stays; only the chart is drawn anew.
const cards = new Map();    // application -> { card, parts }

function appCard(name) {
  const part = (cls, tag = "span") => el(tag, { class: cls });
  const parts = {
    importance: part("badge"), rate: part("rate"), placement: part("placement"), allocator: part("muted"),
    priorityClass: part("priority-class", "b"), contract: part("contract", "b"), miss: part("miss-ratio", "b"),
    counts: part("counts"), latency: part("latency-mean", "b"), latencyMax: part("latency-max"), chart: svg("svg", {}),
    bound: part("bound", "b"), verdict: part("badge verdict"), why: part("why muted"),
    componentLine: part("component-figures"), components: el("table", { class: "components" }),
  };
  const undeploy = el("button", { class: "undeploy", type: "button" }, "Undeploy");
  undeploy.addEventListener("click", () => undeployApp(name));
  const card = el("div", { class: "app", "data-app": name },
    el("div", { class: "app-head" }, el("b", { class: "app-name" }, name), parts.importance, parts.rate, el("span", { class: "spacer" }), undeploy),
    el("div", { class: "line" }, "placement ", parts.placement, parts.allocator),
    el("div", { class: "line" }, "priority class ", parts.priorityClass, " contract ", parts.contract),
    el("div", { class: "line" }, "last window: miss ratio ", parts.miss, parts.counts, ", latency mean ", parts.latency, parts.latencyMax),
    el("div", { class: "line" }, "worst-case bound ", parts.bound, " ", parts.verdict, " ", parts.why),
    el("details", { class: "line" }, el("summary", {}, "components: ", parts.componentLine), parts.components),
    parts.chart,
    el("div", { class: "legend" }, el("span", { class: "key miss" }), " deadline miss ratio ",
      el("span", { class: "key latency" }), " latency mean ", el("span", { class: "key latency-max" }), " latency max",
      el("span", { class: "key bound" }), " worst-case bound"));
  return { card, parts };
}

function renderApplications(apps) {
  const box = $("applications");
  $("no-applications").hidden = apps.length > 0;
  const seen = new Set();
  for (const a of apps) {
    seen.add(a.name);
    const pts = series.get(a.name) || [];
    pts.push(...a.series);
    if (pts.length > MAX_POINTS) pts.splice(0, pts.length - MAX_POINTS);
    series.set(a.name, pts);
    if (!cards.has(a.name)) {
      const c = appCard(a.name);
      cards.set(a.name, c);
      box.append(c.card);
    }
    const p = cards.get(a.name).parts;
    const q = a.qos || {};
    p.importance.textContent = a.importance;
    p.importance.className = "badge importance-" + a.importance;
    p.rate.textContent = num(a.rateHz) + " Hz (period " + num(a.periodMs) + " ms, deadline " + num(a.deadlineMs) + " ms)";
    p.placement.textContent = placementText(a);
    p.allocator.textContent = " by " + a.allocator;
    p.priorityClass.textContent = a.priorityClass || "none";
    p.contract.textContent = contractText(a.contract);
    p.miss.textContent = a.qos ? pct(q.missRatio) : "not measured yet";
    p.counts.textContent = a.qos ? " (" + num(q.met) + " met, " + num(q.missed) + " missed)" : "";
    p.latency.textContent = a.qos ? num(q.latencyMeanMs) + " ms" : "-";
    p.latencyMax.textContent = a.qos ? ", max " + num(q.latencyMaxMs) + " ms" : "";
    // the analysis at the periods in force: a controller's change is not admitted again, so it may be beyond the deadline
    const b = a.bound;
    p.bound.textContent = !b ? "not analysed" : (b.boundMs == null ? "unbounded" : num(b.boundMs) + " ms") + " (deadline " + num(b.deadlineMs) + " ms)";
    p.verdict.textContent = !b ? "" : b.schedulable ? "schedulable" : "beyond deadline";
    p.verdict.className = "badge verdict" + (!b ? "" : b.schedulable ? " schedulable" : " beyond");
    p.why.textContent = b && b.explanation ? b.explanation : "";
    renderComponents(a, p);
    const drawn = chart(a, pts);
    p.chart.replaceWith(drawn);
    p.chart = drawn;
  }
  for (const [name, c] of [...cards.entries()]) {
    if (!seen.has(name)) { c.card.remove(); cards.delete(name); series.delete(name); }
  }
}

// Per component, as race:status -v: the busiest COMPONENT_ROWS of the last window, so that an application of
// thousands of components stays a short table; the line above it sums them all.
const COMPONENT_ROWS = 20;

function renderComponents(a, p) {
  const measured = a.components.filter((c) => c.measured);
  const sum = (f) => measured.reduce((s, c) => s + f(c.measured), 0);
  const queue = measured.reduce((s, c) => Math.max(s, c.measured.maxQueueLength), 0);
  p.componentLine.textContent = measured.length + " of " + a.components.length + " measured, failed jobs " + sum((m) => m.failures)
    + ", overruns " + sum((m) => m.overruns) + ", longest input queue " + queue + "; the analysis counts "
    + (a.executionTimes === "declared" ? "the declared" : "the measured " + a.executionTimes) + " execution times";
  const rows = measured.sort((x, y) => y.measured.cpu - x.measured.cpu).slice(0, COMPONENT_ROWS);
  const head = el("tr", {}, ...["component", "node", "cpu", "jobs", "cpu/job median ms", "p99 ms", "max ms", "response mean ms", "response max ms",
    "queue max", "failed", "overruns"].map((h) => el("th", {}, h)));
  p.components.replaceChildren(head, ...rows.map((c) => {
    const m = c.measured, t = m.jobCpu;
    return el("tr", { "data-component": c.name }, el("td", {}, c.name), el("td", {}, c.node), el("td", {}, pct(m.cpu)), el("td", {}, num(m.jobs)),
      el("td", {}, t.jobs ? num(t.medianMs) : "-"), el("td", {}, t.jobs ? num(t.p99Ms) : "-"), el("td", {}, t.jobs ? num(t.maxMs) : "-"),
      el("td", {}, num(m.meanResponseMs)), el("td", {}, num(m.maxResponseMs)), el("td", {}, num(m.maxQueueLength)),
      el("td", { class: "failed" }, num(m.failures)), el("td", { class: "overruns" }, num(m.overruns)));
  }));
}

function renderContracts(contracts) {
  $("no-contracts").hidden = contracts.length > 0;
  $("contracts").tBodies[0].replaceChildren(...contracts.map((c) => el("tr", { "data-app": c.application },
    el("td", {}, c.application), el("td", {}, c.criticality),
    el("td", {}, num(c.region.periodMinMs) + ".." + num(c.region.periodMaxMs)),
    el("td", {}, num(c.region.rateMinHz) + ".." + num(c.region.rateMaxHz)),
    el("td", {}, num(c.region.latencyMaxMs)),
    el("td", {}, num(c.cop.periodMs)), el("td", {}, num(c.cop.rateHz)),
    el("td", {}, c.fromMax === 0 ? "at max" : (c.fromMax * 100).toFixed(1) + " %"))));
}

function renderControl(state) {
  const c = state.controller;
  $("active-controller").textContent = c.active || "none (monitoring only)";
  $("chosen-controller").textContent = c.running ? c.chosen : "control loop not running";
  const choice = $("controller-choice");
  const options = ["auto", ...c.installed];
  if ([...choice.options].map((o) => o.value).join() !== options.join()) {
    const keep = choice.options.length ? choice.value : c.chosen;
    choice.replaceChildren(...options.map((o) => el("option", { value: o }, o === "auto" ? "auto (highest ranking)" : o)));
    if (options.includes(keep)) choice.value = keep;
  }
  const d = c.lastDecision;
  $("last-decision").textContent = d ? "last decision (" + d.controller + "): " + (d.changes ? d.changes + " changes" : "no change")
    + ", " + d.reason : "no decision yet";
  $("default-allocator").textContent = state.allocator.default;
  $("allocators").textContent = state.allocator.installed.join(", ");
  const alloc = $("allocator");
  const names = ["", ...state.allocator.installed];
  if ([...alloc.options].map((o) => o.value).join() !== names.join()) {
    const keep = alloc.value;
    alloc.replaceChildren(...names.map((n) => el("option", { value: n }, n || "default allocator (" + state.allocator.default + ")")));
    if (names.includes(keep)) alloc.value = keep;
  }
  const delay = (d) => d && d.samples ? "last " + num(d.lastMs) + " ms, median " + num(d.medianMs) + " ms, p99 " + num(d.p99Ms) + " ms" : "-";
  $("monitoring-delay").textContent = delay(state.delays.monitoring);
  $("actuation-delay").textContent = delay(state.delays.actuation);
}

function renderEvents(events) {
  const list = $("events");
  for (const e of events) {
    const t = e.timeMs == null ? "" : (e.timeMs / 1000).toFixed(1) + " s";
    list.prepend(el("li", { class: "event kind-" + e.kind, "data-seq": e.seq, title: new Date(e.wallMillis).toLocaleString() },
      el("span", { class: "when" }, t), el("span", { class: "badge kind" }, e.kind), el("span", { class: "what" }, e.text)));
  }
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}

async function poll() {
  try {
    const q = "state?events=" + lastEvent + (lastTimeMs == null ? "" : "&since=" + lastTimeMs);
    const s = await api(q);
    $("domain").textContent = s.domain || "none";
    $("platform").textContent = s.platform || "-";
    $("time").textContent = s.timeMs == null ? "-" : (s.timeMs / 1000).toFixed(1) + " s";
    renderNodes(s.nodes);
    renderApplications(s.applications);
    for (const a of s.applications) {
      for (const p of a.series) if (lastTimeMs == null || p.timeMs > lastTimeMs) lastTimeMs = p.timeMs;
    }
    renderContracts(s.contracts);
    renderControl(s);
    renderEvents(s.events);
    if (s.events.length) lastEvent = s.events[s.events.length - 1].seq;
    $("link").textContent = "live";
    $("link").className = "badge up";
  } catch (e) {
    $("link").textContent = "no answer: " + e.message;
    $("link").className = "badge lost";
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

async function deploy(ev) {
  ev.preventDefault();
  const file = $("descriptor").files[0];
  if (!file) return;
  const button = $("deploy");
  button.disabled = true;
  message("deploy-message", "deploying " + file.name + " ...", true);
  try {
    const alloc = $("allocator").value;
    const a = await api("applications?file=" + encodeURIComponent(file.name) + (alloc ? "&allocator=" + encodeURIComponent(alloc) : ""),
      { method: "POST", headers: { "Content-Type": "application/json" }, body: await file.text() });
    message("deploy-message", "deployed " + a.name + " by " + a.allocator + ": " + placementText(a), true);
  } catch (e) {
    message("deploy-message", e.message, false);
  } finally {
    button.disabled = false;
  }
}

async function undeployApp(name) {
  try {
    await api("applications/" + encodeURIComponent(name), { method: "DELETE" });
    message("deploy-message", "undeployed " + name, true);
  } catch (e) {
    message("deploy-message", e.message, false);
  }
}

async function chooseController(ev) {
  ev.preventDefault();
  const name = $("controller-choice").value;
  try {
    const c = await api("controller", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ controller: name }) });
    message("controller-message", "controller " + (name === "auto" ? "chosen by service.ranking" : name)
      + " from the next sampling period on (active: " + (c.active || "none") + ")", true);
  } catch (e) {
    message("controller-message", e.message, false);
  }
}

$("deploy-form").addEventListener("submit", deploy);
$("controller-form").addEventListener("submit", chooseController);
poll();
