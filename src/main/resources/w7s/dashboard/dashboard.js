// The W7S host dashboard: renders the server-sent snapshots of /api/v1/live (io.w7s.host.observe.LiveFeed).
// Every text from the host goes into the page through textContent or an attribute, never as markup.
"use strict";

(() => {
  const LIVE = "/api/v1/live";
  const MAX_LINES = 200; // LogTail.LINES_KEPT
  const MAX_FAILURES = 50; // LiveStats.FAILURES_KEPT
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_W = 210;
  const NODE_H = 26;
  const ROW_H = 40;
  const COLUMN_GAP = 250;
  const LABEL_SPACING = 15;
  const PAD = 16;

  const state = {
    deployments: [],
    edges: [],
    failures: [],
    logs: new Map(), // label -> [{at, level, text}]
    rows: new Map(), // label -> {tr, cells}
    sort: { key: "label", dir: 1 },
    filter: "",
    logLabel: null,
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  // ---- formatting ----

  function rate(v) {
    if (v === null || v === undefined) return "–";
    if (v === 0) return "0";
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  function millis(v) {
    if (v === null || v === undefined) return "–";
    return (v >= 10 ? v.toFixed(0) : v.toFixed(1)) + " ms";
  }

  function percent(v) {
    if (v === null || v === undefined) return "–";
    return v === 0 ? "0%" : v < 0.001 ? "<0.1%" : (v * 100).toFixed(1) + "%";
  }

  function time(ms) {
    const d = new Date(ms);
    const two = (n) => String(n).padStart(2, "0");
    return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }

  function shortLabel(label) {
    const name = label.endsWith("@production") ? label.slice(0, -"@production".length) : label;
    return name.length > 28 ? name.slice(0, 27) + "…" : name;
  }

  // ---- connection ----

  function setConnection(s, text) {
    const c = $("connection");
    c.dataset.state = s;
    c.textContent = text;
  }

  function connect() {
    const source = new EventSource(LIVE);
    source.onopen = () => setConnection("live", "live");
    source.onerror = () => setConnection("reconnecting", "reconnecting…");
    source.onmessage = (event) => apply(JSON.parse(event.data));
  }

  function apply(snapshot) {
    if (snapshot.full) {
      state.failures = [];
      state.logs.clear();
      $("failures").replaceChildren();
    }
    state.deployments = snapshot.deployments;
    state.edges = snapshot.edges;
    renderSummary();
    renderTable();
    renderGraph();
    addFailures(snapshot.failures);
    addLogs(snapshot.logs, snapshot.full);
  }

  function renderSummary() {
    let rps = 0;
    let errors = 0;
    for (const d of state.deployments) {
      rps += d.rps || 0;
      errors += (d.rps || 0) * (d.errorRate || 0);
    }
    const serving = state.deployments.filter((d) => d.status === "serving").length;
    $("summary").textContent = `${state.deployments.length} deployments (${serving} serving) · ${rate(rps)} req/s · ${rate(errors)} errors/s`;
  }

  // ---- deployments table ----

  const COLUMNS = ["label", "environment", "status", "rps", "errorRate", "p50", "p99", "isolates", "url"];

  function newRow(label) {
    const tr = el("tr");
    tr.dataset.label = label;
    const cells = {};
    for (const key of COLUMNS) {
      const td = el("td", key);
      if (["rps", "errorRate", "p50", "p99", "isolates"].includes(key)) td.classList.add("num");
      cells[key] = td;
      tr.append(td);
    }
    return { tr, cells };
  }

  function fillRow(row, d) {
    const c = row.cells;
    c.label.textContent = d.owner ? `${d.owner}/${d.repo}` : d.label;
    c.label.title = d.label;
    c.environment.textContent = d.environment;
    const status = el("span", `status status-${d.status}`, d.status);
    if (d.message) status.title = d.message;
    c.status.replaceChildren(status);
    c.rps.textContent = rate(d.rps);
    c.errorRate.textContent = percent(d.errorRate);
    c.errorRate.classList.toggle("bad", (d.errorRate || 0) > 0);
    c.p50.textContent = millis(d.p50);
    c.p99.textContent = millis(d.p99);
    c.isolates.textContent = d.status === "serving" ? String(d.isolates) : "–";
    if (d.url) {
      const a = c.url.firstElementChild;
      if (!a || a.getAttribute("href") !== d.url) {
        const link = el("a", null, d.url);
        link.href = d.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        c.url.replaceChildren(link);
      }
    } else {
      c.url.replaceChildren();
    }
  }

  function compare(a, b) {
    const { key, dir } = state.sort;
    const x = a[key];
    const y = b[key];
    if (x === y) return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
    if (x === null || x === undefined) return 1; // unknown last, whatever the direction
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * dir;
  }

  function renderTable() {
    const body = $("deployments").tBodies[0];
    const seen = new Set();
    for (const d of state.deployments) {
      seen.add(d.label);
      let row = state.rows.get(d.label);
      if (!row) {
        row = newRow(d.label);
        state.rows.set(d.label, row);
      }
      fillRow(row, d);
      row.tr.hidden = !matches(d.label);
    }
    for (const [label, row] of state.rows) {
      if (!seen.has(label)) {
        row.tr.remove();
        state.rows.delete(label);
      }
    }
    const order = [...state.deployments].sort(compare).map((d) => state.rows.get(d.label).tr);
    const current = body.children;
    const same = current.length === order.length && order.every((tr, i) => current[i] === tr);
    if (!same) body.replaceChildren(...order);
  }

  function setupTable() {
    for (const th of $("deployments").tHead.querySelectorAll("th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : key === "label" || key === "environment" ? 1 : -1 };
        for (const other of th.parentElement.children) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", state.sort.dir > 0 ? "ascending" : "descending");
        renderTable();
      });
    }
    $("filter").addEventListener("input", (e) => {
      state.filter = e.target.value.trim().toLowerCase();
      renderTable();
      renderGraph();
    });
  }

  // ---- RPC graph ----

  // Layers: a node's column is the length of the longest chain of calls that reaches it. Calls that close a cycle
  // (found by a depth-first walk from the deployments nobody calls) do not count: they are drawn as arcs back.
  function layers(nodes, edges) {
    const out = new Map(nodes.map((n) => [n, []]));
    const called = new Set();
    for (const e of edges) {
      if (e.caller === e.target) continue;
      out.get(e.caller).push(e.target);
      called.add(e.target);
    }
    const walked = new Map(); // label -> "open" while on the walk's path, then "done"
    const forward = [];
    const walk = (n) => {
      walked.set(n, "open");
      for (const t of out.get(n)) {
        if (walked.get(t) === "open") continue; // closes a cycle
        forward.push([n, t]);
        if (!walked.has(t)) walk(t);
      }
      walked.set(n, "done");
    };
    for (const n of nodes) if (!called.has(n) && !walked.has(n)) walk(n);
    for (const n of nodes) if (!walked.has(n)) walk(n);
    const depth = new Map(nodes.map((n) => [n, 0]));
    for (let round = 0; round < nodes.length; round++) {
      let changed = false;
      for (const [a, b] of forward) {
        if (depth.get(a) + 1 > depth.get(b)) {
          depth.set(b, depth.get(a) + 1);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return depth;
  }

  // Orders each column by where its nodes' callers (then targets) are, a few sweeps: fewer crossing arrows.
  function untangle(columns, edges) {
    const index = new Map();
    const place = () => columns.forEach((column) => column.forEach((label, j) => index.set(label, j)));
    const callers = new Map();
    const targets = new Map();
    for (const e of edges) {
      if (e.caller === e.target) continue;
      if (!callers.has(e.target)) callers.set(e.target, []);
      callers.get(e.target).push(e.caller);
      if (!targets.has(e.caller)) targets.set(e.caller, []);
      targets.get(e.caller).push(e.target);
    }
    const sortBy = (column, neighbours) => {
      const key = new Map(column.map((label) => {
        const n = neighbours.get(label) || [];
        return [label, n.length > 0 ? n.reduce((sum, l) => sum + index.get(l), 0) / n.length : index.get(label)];
      }));
      column.sort((a, b) => key.get(a) - key.get(b) || (a < b ? -1 : a > b ? 1 : 0));
    };
    place();
    for (let sweep = 0; sweep < 2; sweep++) {
      for (let i = 1; i < columns.length; i++) {
        sortBy(columns[i], callers);
        place();
      }
      for (let i = columns.length - 2; i >= 0; i--) {
        sortBy(columns[i], targets);
        place();
      }
    }
  }

  function matches(label) {
    return state.filter === "" || label.toLowerCase().includes(state.filter);
  }

  // The graph of what the filter leaves: calls to or from a deployment it names, deployments it names.
  function renderGraph() {
    const byLabel = new Map(state.deployments.map((d) => [d.label, d]));
    const shownEdges = state.edges.filter((e) => matches(e.caller) || matches(e.target));
    const connected = new Set();
    for (const e of shownEdges) {
      connected.add(e.caller);
      connected.add(e.target);
    }
    const linked = [...connected].sort();
    const alone = state.deployments.filter((d) => d.requests > 0 && !connected.has(d.label) && matches(d.label)).map((d) => d.label);

    // Deployments that call or are called: in columns by depth.
    const depth = layers(linked, shownEdges);
    const byDepth = [];
    for (const label of linked) (byDepth[depth.get(label)] ||= []).push(label);
    const columns = byDepth.filter((column) => column !== undefined); // no empty column, even for odd cycles
    untangle(columns, shownEdges);
    const position = new Map();
    let bottom = 0;
    columns.forEach((column, i) => {
      column.forEach((label, j) => position.set(label, { x: PAD + i * (NODE_W + COLUMN_GAP), y: PAD + j * ROW_H }));
      bottom = Math.max(bottom, PAD + column.length * ROW_H);
    });
    const { edges, labels } = edgeElements(shownEdges, position, depth);
    for (const l of labels) bottom = Math.max(bottom, l.y + 8);

    // The others that served requests: a grid below.
    const width = Math.max($("graph-panel").clientWidth - 40, 400);
    const graphWidth = Math.max(width, PAD * 2 + Math.max(1, columns.length) * (NODE_W + COLUMN_GAP) - COLUMN_GAP);
    const gridTop = linked.length > 0 ? bottom + 40 : PAD + 18;
    const perRow = Math.max(1, Math.floor((graphWidth - PAD) / (NODE_W + 20)));
    alone.forEach((label, i) => {
      position.set(label, { x: PAD + (i % perRow) * (NODE_W + 20), y: gridTop + Math.floor(i / perRow) * ROW_H });
    });
    const height = alone.length > 0 ? gridTop + Math.ceil(alone.length / perRow) * ROW_H + PAD : bottom + PAD;
    const extra = [];
    if (alone.length > 0) {
      const caption = svg("text", { class: "caption", x: PAD, y: gridTop - 8 });
      caption.textContent = "serving, without RPC calls";
      extra.push(caption);
    }

    const graph = $("graph");
    graph.setAttribute("width", String(graphWidth));
    graph.setAttribute("height", String(position.size === 0 ? 0 : height));
    $("graph-edges").replaceChildren(...edges);
    $("graph-nodes").replaceChildren(...[...position].map(([label, p]) => nodeElement(label, p, byLabel.get(label))));
    $("graph-labels").replaceChildren(...labels.map((l) => l.text), ...extra);
    const empty = $("graph-empty");
    empty.hidden = position.size > 0;
    if (state.filter !== "") empty.textContent = "Nothing the filter names has served requests.";
    else empty.textContent = "No traffic yet: deployments appear here once they serve requests, and RPC calls as arrows.";
  }

  function nodeElement(label, p, d) {
    const classes = ["node"];
    if (d && (d.errorRate || 0) > 0) classes.push("error");
    if (!d || !d.rps) classes.push("idle");
    const g = svg("g", { class: classes.join(" "), transform: `translate(${p.x},${p.y})` });
    g.dataset.label = label;
    const title = svg("title");
    title.textContent = d
      ? `${label}\n${rate(d.rps)} req/s · errors ${percent(d.errorRate)} · p50 ${millis(d.p50)} · p99 ${millis(d.p99)}`
      : `${label} (not deployed)`;
    const text = svg("text", { x: 10, y: NODE_H / 2 + 4 });
    text.textContent = shortLabel(label);
    g.append(title, svg("rect", { width: NODE_W, height: NODE_H, rx: 5 }), text);
    return g;
  }

  // An arrow per edge, and its label ({text, column, y}) spread so that none overlap.
  function edgeElements(shownEdges, position, depth) {
    const edges = [];
    const labels = [];
    for (const e of shownEdges) {
      const a = position.get(e.caller);
      const b = position.get(e.target);
      let d;
      let mid;
      if (e.caller === e.target) {
        const x = a.x + NODE_W;
        const y = a.y + NODE_H / 2;
        d = `M ${x} ${y - 6} C ${x + 50} ${y - 40}, ${x + 50} ${y + 40}, ${x} ${y + 6}`;
        mid = { x: x + 42, y: y + 4 };
      } else if (b.x > a.x) {
        const x1 = a.x + NODE_W;
        const y1 = a.y + NODE_H / 2;
        const x2 = b.x;
        const y2 = b.y + NODE_H / 2;
        const dx = (x2 - x1) / 2;
        d = `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`;
        mid = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 5 };
      } else { // a call back to an earlier column (a cycle): an arc under both nodes, above the next row
        const x1 = a.x + NODE_W / 2;
        const y1 = a.y + NODE_H;
        const x2 = b.x + NODE_W / 2 + 12;
        const y2 = b.y + NODE_H;
        const low = Math.max(y1, y2) + (ROW_H - NODE_H) * 1.2; // the curve reaches 3/4 of the way down
        d = `M ${x1} ${y1} C ${x1} ${low}, ${x2} ${low}, ${x2} ${y2}`;
        mid = { x: (x1 + x2) / 2, y: low + 2 };
      }
      const failing = (e.errorsPerSec || 0) > 0;
      const classes = ["edge"];
      if (failing) classes.push("error");
      if (!e.rps) classes.push("idle");
      const g = svg("g", { class: classes.join(" ") });
      g.dataset.caller = e.caller;
      g.dataset.target = e.target;
      const title = svg("title");
      title.textContent = `${e.caller} → ${e.target}\n${e.requests} calls`;
      g.append(title, svg("path", { d, "marker-end": failing ? "url(#arrow-error)" : "url(#arrow)" }));
      edges.push(g);
      const text = svg("text", { class: failing ? "edge-label error" : "edge-label", x: mid.x, "text-anchor": "middle" });
      text.textContent = `${rate(e.rps)}/s · ${rate(e.errorsPerSec)} err/s · p50 ${millis(e.p50)}`;
      labels.push({ text, column: Math.min(depth.get(e.caller), depth.get(e.target)), y: mid.y });
    }
    spread(labels);
    return { edges, labels };
  }

  // Edge labels between the same two columns must not overlap: each goes at least LABEL_SPACING below the one above.
  function spread(labels) {
    const byColumn = new Map();
    for (const l of labels) {
      if (!byColumn.has(l.column)) byColumn.set(l.column, []);
      byColumn.get(l.column).push(l);
    }
    for (const column of byColumn.values()) {
      column.sort((a, b) => a.y - b.y);
      let last = -Infinity;
      for (const l of column) {
        l.y = Math.max(l.y, last + LABEL_SPACING);
        last = l.y;
        l.text.setAttribute("y", String(l.y));
      }
    }
  }

  // ---- failures ----

  function failureItem(f) {
    const li = el("li");
    const details = el("details");
    const summary = el("summary");
    summary.append(el("span", "at", time(f.at)), el("span", "failure-status", f.status), `${f.deployment} ${f.request}`);
    summary.title = `${f.deployment} ${f.request}`;
    const ids = el("p", "ids", `request ${f.requestId || "–"}${f.traceId ? " · trace " + f.traceId : ""}`);
    details.append(summary, el("pre", "stack", f.detail || "(no detail)"), ids);
    li.append(details);
    li.dataset.deployment = f.deployment;
    return li;
  }

  function addFailures(fresh) {
    if (fresh.length > 0) {
      const list = $("failures");
      list.prepend(...fresh.map(failureItem));
      state.failures = fresh.concat(state.failures).slice(0, MAX_FAILURES);
      while (list.children.length > MAX_FAILURES) list.lastElementChild.remove();
    }
    $("failures-empty").hidden = state.failures.length > 0;
  }

  // ---- log tail ----

  function lineElement(l) {
    const line = el("span", `line ${l.level}`);
    line.append(el("span", "at", time(l.at)), l.text);
    return line;
  }

  function addLogs(logs, full) {
    const fresh = new Map(Object.entries(logs));
    for (const [label, lines] of fresh) {
      const kept = state.logs.get(label) || [];
      kept.push(...lines);
      if (kept.length > MAX_LINES) kept.splice(0, kept.length - MAX_LINES);
      state.logs.set(label, kept);
    }
    const select = $("log-deployment");
    const labels = state.deployments.map((d) => d.label);
    for (const label of state.logs.keys()) if (!labels.includes(label)) labels.push(label);
    labels.sort();
    const options = [...select.options].map((o) => o.value);
    if (options.length !== labels.length || options.some((v, i) => v !== labels[i])) {
      select.replaceChildren(...labels.map((label) => {
        const o = el("option", null, label);
        o.value = label;
        return o;
      }));
    }
    if (state.logLabel === null || !labels.includes(state.logLabel)) {
      state.logLabel = [...state.logs.keys()].sort()[0] || labels[0] || null;
      full = true;
    }
    if (state.logLabel !== null) select.value = state.logLabel;
    if (full) showLog();
    else if (fresh.has(state.logLabel)) appendLog(fresh.get(state.logLabel));
  }

  function showLog() {
    const log = $("log");
    const lines = state.logs.get(state.logLabel) || [];
    if (lines.length === 0) log.replaceChildren(el("span", "empty", "nothing logged yet"));
    else log.replaceChildren(...lines.map(lineElement));
    log.scrollTop = log.scrollHeight;
  }

  function appendLog(lines) {
    const log = $("log");
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 30;
    if (log.firstElementChild && log.firstElementChild.classList.contains("empty")) log.replaceChildren();
    log.append(...lines.map(lineElement));
    while (log.children.length > MAX_LINES) log.firstElementChild.remove();
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  function setupLog() {
    $("log-deployment").addEventListener("change", (e) => {
      state.logLabel = e.target.value;
      showLog();
    });
  }

  setupTable();
  setupLog();
  connect();
})();
