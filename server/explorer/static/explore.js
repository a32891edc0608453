// The explorer: search, then draw and expand the network around an entity
// with Cytoscape.js, from the GraphQL API of the same origin. The state
// (focus, depth) is in the URL so that a chart can be shared with
// colleagues of the same rights; an API key lives in this tab's
// sessionStorage only and goes as a bearer token. Nothing is cached
// across keys: changing the key clears the chart.
(function () {
  "use strict";

  var KEY_STORE = "scamgraph.explorer.key";
  var MAX_DEPTH = 3;

  var $ = function (id) { return document.getElementById(id); };
  var chartEl = $("chart");
  var statusEl = $("status");

  // Colours by type; people by role (victim, recruiter, both).
  var style = [
    { selector: "node", style: {
      "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
      "width": 22, "height": 22, "background-color": "#8a96a3", "border-width": 1, "border-color": "#fff",
      "text-wrap": "ellipsis", "text-max-width": 120 } },
    { selector: "node[type = 'Person']", style: { "background-color": "#5b7fa6" } },
    { selector: "node[?victim]", style: { "background-color": "#d08b2c", "shape": "ellipse" } },
    { selector: "node[?recruiter]", style: { "background-color": "#b3261e", "shape": "diamond" } },
    { selector: "node[?victim][?recruiter]", style: { "background-color": "#7d2a8c", "shape": "star" } },
    { selector: "node[type = 'Organization']", style: { "background-color": "#2f6f5e", "shape": "round-rectangle" } },
    { selector: "node[type = 'Compound']", style: { "background-color": "#4a4a4a", "shape": "hexagon", "width": 30, "height": 30 } },
    { selector: "node[type = 'BankAccount']", style: { "background-color": "#2e8b57", "shape": "rectangle" } },
    { selector: "node[type = 'Identifier']", style: { "background-color": "#7a8b99", "shape": "tag", "width": 16, "height": 16 } },
    { selector: "node[type = 'Country']", style: { "background-color": "#c9d3dd", "shape": "round-tag", "width": 16, "height": 16, "font-size": 9 } },
    { selector: "node.focus", style: { "border-width": 3, "border-color": "#ffbf00" } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#0b5cad" } },
    { selector: "edge", style: {
      "width": 1.5, "line-color": "#b6c0cb", "target-arrow-color": "#b6c0cb", "target-arrow-shape": "triangle",
      "curve-style": "bezier", "label": "data(label)", "font-size": 8, "color": "#5b6775",
      "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
    { selector: "edge[type = 'TRANSFERRED'], edge[type = 'PAID']", style: { "line-color": "#2e8b57", "target-arrow-color": "#2e8b57" } },
    { selector: "edge[type = 'RECRUITED']", style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e" } },
    { selector: ".filtered", style: { "display": "none" } },
    { selector: "node.path", style: { "border-width": 4, "border-color": "#0b5cad" } },
    { selector: "edge.path", style: { "width": 5, "line-color": "#0b5cad", "target-arrow-color": "#0b5cad", "z-index": 10 } },
    { selector: "edge.trail", style: { "width": 3, "line-color": "#2e8b57", "target-arrow-color": "#2e8b57", "color": "#1d5e3a", "font-size": 9 } },
    { selector: "edge.border", style: { "line-style": "dashed", "line-color": "#c2410c", "target-arrow-color": "#c2410c" } },
    // One entity under two names, as a case confirmed it (SAME_AS).
    { selector: "edge[type = 'SAME_AS']", style: { "line-style": "dotted", "width": 3, "line-color": "#6a1b9a",
      "target-arrow-shape": "none", "color": "#6a1b9a" } }
  ];

  // additive: a tap adds a node to the selection (two make a path), a tap on
  // the background clears it.
  var cy = cytoscape({ container: chartEl, style: style, selectionType: "additive", wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4 });
  // What the chart shows, as the URL says it: a neighbourhood (focus,
  // depth), the paths between two nodes (path), or a money trail (trail).
  var state = { focus: "", depth: 2, truncated: false, path: null, trail: "", caseWanted: "" };

  function key() { return sessionStorage.getItem(KEY_STORE) || ""; }

  function say(text, kind) {
    statusEl.textContent = text;
    statusEl.className = kind || "";
  }

  // gql posts a query to the API; it rejects with the API's own message.
  function gql(query, variables) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (key()) { headers.Authorization = "Bearer " + key(); }
    return fetch("/graphql", { method: "POST", headers: headers, credentials: "omit", cache: "no-store",
      body: JSON.stringify({ query: query, variables: variables }) })
      .then(function (r) {
        return r.json().catch(function () { throw new Error("HTTP " + r.status); });
      })
      .then(function (body) {
        if (body.errors && body.errors.length) { throw new Error(body.errors[0].message); }
        return body.data;
      });
  }

  // An edge's label: its type, and the date or amount a chart reader
  // wants beside it.
  function edgeLabel(e) {
    var p = e.properties || {};
    var bits = [e.type.toLowerCase().replace(/_/g, " ")];
    if (p.amount) { bits.push(p.amount + (p.currency ? " " + p.currency : "")); }
    var when = p.date || p.since;
    if (when) { bits.push(when); }
    return bits.join(" · ");
  }

  function nodeData(n) {
    var roles = n.roles || [];
    return { group: "nodes", data: { id: n.id, label: n.label, name: n.label, type: n.type, roles: roles.join(","),
      victim: roles.indexOf("VICTIM") >= 0, recruiter: roles.indexOf("RECRUITER") >= 0, properties: n.properties || {} } };
  }

  function edgeData(e) {
    return { group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type,
      label: edgeLabel(e), caseIds: e.caseIds, properties: e.properties || {} } };
  }

  // add puts a graph's elements on the chart, each once (ids are unique
  // across nodes and edges in Cytoscape.js).
  // Countries are badges on the nodes that reach them (nationality,
  // location, journey), not nodes: a country would be a hub joining
  // everyone of one nationality.
  function add(graph) {
    var els = [], countries = {}, badges = {};
    graph.nodes.forEach(function (n) { if (n.type === "Country") { countries[n.id] = n; } });
    graph.edges.forEach(function (e) {
      var c = countries[e.target] ? e.target : countries[e.source] ? e.source : "";
      if (!c) { return; }
      var other = c === e.target ? e.source : e.target;
      (badges[other] = badges[other] || []).push(c.replace(/^country:/, ""));
    });
    graph.nodes.forEach(function (n) {
      if (!countries[n.id] && cy.getElementById(n.id).empty()) { els.push(nodeData(n)); }
    });
    graph.edges.forEach(function (e) {
      if (!countries[e.source] && !countries[e.target] && cy.getElementById(e.id).empty()) { els.push(edgeData(e)); }
    });
    cy.add(els);
    Object.keys(badges).forEach(function (id) {
      var n = cy.getElementById(id);
      if (n.empty()) { return; }
      var all = (n.data("countries") || []).concat(badges[id]).filter(function (c, i, a) { return a.indexOf(c) === i; }).sort();
      n.data("countries", all);
      n.data("label", n.data("name") + " [" + all.join(" ") + "]");
    });
    refreshCases();
    return els.length;
  }

  // The case filter lists the cases the chart's relationships come from;
  // choosing one shows only what that case says.
  function refreshCases() {
    var sel = $("case-filter"), had = sel.value, ids = {};
    cy.edges().forEach(function (e) { (e.data("caseIds") || []).forEach(function (c) { ids[c] = true; }); });
    while (sel.options.length > 1) { sel.remove(1); }
    Object.keys(ids).sort().forEach(function (c) { sel.add(new Option(c, c)); });
    var want = had || state.caseWanted;
    sel.value = ids[want] ? want : "";
    filterCase();
  }

  function filterCase() {
    var c = $("case-filter").value;
    cy.elements().removeClass("filtered");
    if (c) {
      cy.edges().filter(function (e) { return (e.data("caseIds") || []).indexOf(c) < 0; }).addClass("filtered");
      cy.nodes().filter(function (n) { return !n.hasClass("focus") && n.connectedEdges(":visible").empty(); }).addClass("filtered");
    }
    chartEl.setAttribute("data-visible-node-count", String(cy.nodes(":visible").length));
    chartEl.setAttribute("data-visible-edge-count", String(cy.edges(":visible").length));
  }

  function counted() {
    chartEl.setAttribute("data-node-count", String(cy.nodes().length));
    chartEl.setAttribute("data-edge-count", String(cy.edges().length));
    chartEl.setAttribute("data-path-edge-count", String(cy.edges(".path").length));
    chartEl.setAttribute("data-trail-hop-count", String(cy.edges(".trail").length));
    $("export-png").disabled = cy.elements().empty();
    $("export-graphml").disabled = !(state.focus || state.path);
    selectionChanged();
  }

  function selectionChanged() {
    var sel = cy.nodes(":selected");
    $("paths").disabled = sel.length !== 2;
    var one = sel.length === 1 ? sel[0].data() : null;
    $("trail").disabled = !(one && (one.type === "BankAccount" || one.victim));
  }

  // show writes the view into the URL, for a colleague to open the same chart.
  function show(params) {
    var url = new URL(location.href);
    url.search = "";
    Object.keys(params).forEach(function (k) { url.searchParams.set(k, params[k]); });
    if ($("case-filter").value) { url.searchParams.set("case", $("case-filter").value); }
    if (sameAs() && !url.searchParams.has("view")) { url.searchParams.set("sameAs", "1"); }
    history.replaceState(null, "", url);
  }

  function drawn() {
    layout(function () { chartEl.setAttribute("data-drawn", "true"); });
    counted();
  }

  function layout(done) {
    var l = cy.layout({ name: cy.nodes().length > 300 ? "concentric" : "cose", animate: false, nodeDimensionsIncludeLabels: true,
      randomize: false, fit: true, padding: 30 });
    if (done) { l.one("layoutstop", done); }
    l.run();
  }

  // sameAs: the "Same as" box, which treats the people and organisations a
  // case confirmed to be one (SAME_AS) as one entity in every view.
  function sameAs() { return $("same-as").checked; }

  var NEIGHBOURHOOD = "query($id: ID!, $depth: Int, $sameAs: Boolean) { neighborhood(id: $id, depth: $depth, sameAs: $sameAs) { truncated " +
    "nodes { id type label roles properties } edges { id type source target properties caseIds } } }";

  // focus draws the neighbourhood of id from scratch, and says so in the URL.
  function focus(id, depth) {
    chartView();
    state.focus = id;
    state.depth = Math.max(1, Math.min(MAX_DEPTH, depth || state.depth));
    state.path = null;
    state.trail = "";
    $("depth").value = String(state.depth);
    show({ focus: id, depth: String(state.depth) });
    say("Drawing the network around " + id + "…");
    chartEl.setAttribute("data-drawn", "false");
    return gql(NEIGHBOURHOOD, { id: id, depth: state.depth, sameAs: sameAs() }).then(function (d) {
      cy.elements().remove();
      add(d.neighborhood);
      cy.getElementById(id).addClass("focus");
      state.truncated = d.neighborhood.truncated;
      drawn();
      say(cy.nodes().length + " nodes, " + cy.edges().length + " relationships" +
        (state.truncated ? ". Truncated: the network goes on beyond the cap; expand a node to see more." : "."),
        state.truncated ? "warn" : "");
    }).catch(function (err) { say(err.message, "error"); });
  }

  // expand adds one level around a node to the chart.
  function expand(id) {
    say("Expanding " + id + "…");
    return gql(NEIGHBOURHOOD, { id: id, depth: 1, sameAs: sameAs() }).then(function (d) {
      var added = add(d.neighborhood);
      layout();
      counted();
      say("Added " + added + " elements around " + id + (d.neighborhood.truncated ? " (truncated)." : "."),
        d.neighborhood.truncated ? "warn" : "");
    }).catch(function (err) { say(err.message, "error"); });
  }

  var PATHS = "query($from: ID!, $to: ID!, $types: [RelationshipType!], $sameAs: Boolean) { paths(from: $from, to: $to, maxHops: 6, relationshipTypes: $types, first: 10, sameAs: $sameAs) { " +
    "hops nodes { id type label roles properties } edges { id type source target properties caseIds } } }";

  function pathTypes() {
    return Array.prototype.filter.call($("path-types").options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
  }

  // paths draws the shortest paths between a and b, highlighted, over the
  // relationship types chosen (identifiers included by default, so that a
  // shared phone shows).
  function paths(a, b) {
    chartView();
    state.path = [a, b];
    state.focus = "";
    state.trail = "";
    show({ path: a + "," + b, types: pathTypes().join(",") });
    say("Looking for paths between " + a + " and " + b + "…");
    chartEl.setAttribute("data-drawn", "false");
    return gql(PATHS, { from: a, to: b, types: pathTypes(), sameAs: sameAs() }).then(function (d) {
      cy.elements().removeClass("path");
      if (cy.getElementById(a).empty() || cy.getElementById(b).empty()) { cy.elements().remove(); }
      d.paths.forEach(function (p) {
        add(p);
        p.nodes.forEach(function (n) { cy.getElementById(n.id).addClass("path"); });
        p.edges.forEach(function (e) { cy.getElementById(e.id).addClass("path"); });
      });
      drawn();
      say(d.paths.length ? d.paths.length + " shortest path" + (d.paths.length > 1 ? "s" : "") + " of " + d.paths[0].hops +
        " hops, highlighted." : "No path within 6 hops over the chosen relationship types.", d.paths.length ? "" : "warn");
    }).catch(function (err) { say(err.message, "error"); });
  }

  var TRAIL = "query($from: ID!, $sameAs: Boolean) { moneyTrail(from: $from, maxHops: 8, sameAs: $sameAs) { truncated usdComplete enteredUsd restingUsd " +
    "graph { nodes { id type label roles properties } edges { id type source target properties caseIds } } " +
    "paths { hops { id crossesBorder fromWhere toWhere } } restingAccounts { id } } }";

  // trail draws the money leaving an account or a victim: every hop with
  // its amount and date, border crossings dashed, and the totals.
  function trail(id) {
    chartView();
    state.trail = id;
    state.focus = "";
    state.path = null;
    show({ trail: id });
    say("Following the money from " + id + "…");
    chartEl.setAttribute("data-drawn", "false");
    return gql(TRAIL, { from: id, sameAs: sameAs() }).then(function (d) {
      var t = d.moneyTrail;
      cy.elements().remove();
      add(t.graph);
      cy.getElementById(id).addClass("focus");
      cy.edges().addClass("trail");
      t.paths.forEach(function (p) {
        p.hops.forEach(function (h) {
          var e = cy.getElementById(h.id);
          if (h.crossesBorder) { e.addClass("border").data("label", e.data("label") + " · " + h.fromWhere + "→" + h.toWhere); }
        });
      });
      t.restingAccounts.forEach(function (a) { cy.getElementById(a.id).addClass("path"); });
      drawn();
      say(cy.edges().length + " hops. Entered: " + (t.enteredUsd || "?") + " USD; resting in " + t.restingAccounts.length +
        " accounts: " + (t.restingUsd || "?") + " USD" + (t.usdComplete ? "." : " (some hops have no USD value).") +
        (t.truncated ? " Truncated." : ""), t.truncated ? "warn" : "");
    }).catch(function (err) { say(err.message, "error"); });
  }


  // The flows map: crossBorderFlows drawn as arrows between countries on
  // world-atlas's outlines (vendored), thickness by count or USD. Places
  // that are not countries (a chain, for wallets) are in the table only.
  var FLOWS = "query($kind: FlowKind!, $since: Date, $until: Date) { crossBorderFlows(kind: $kind, since: $since, until: $until) { " +
    "count sumUsd from { code country { name } } to { code country { name } } } }";
  var SVG = "http://www.w3.org/2000/svg";
  var world = null;

  function loadWorld() {
    if (world) { return Promise.resolve(world); }
    return Promise.all([
      fetch("/explore/assets/countries-110m.json").then(function (r) { return r.json(); }),
      fetch("/explore/assets/country-codes.json").then(function (r) { return r.json(); })
    ]).then(function (got) {
      var topo = got[0];
      world = { features: topojson.feature(topo, topo.objects.countries).features, numeric: got[1], byID: {} };
      // Some outlines have no ISO id (Kosovo, Northern Cyprus): they are drawn, never placed.
      world.features.forEach(function (f) { if (f.id) { world.byID[f.id] = f; } });
      return world;
    });
  }

  function svgEl(name, attrs) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function flowsView(kind, since, until, by) {
    state.focus = "";
    state.path = null;
    state.trail = "";
    $("flow-kind").value = kind;
    $("flow-since").value = since || "";
    $("flow-until").value = until || "";
    $("flow-by").value = by;
    var params = { view: "flows", kind: kind, by: by };
    if (since) { params.since = since; }
    if (until) { params.until = until; }
    show(params);
    chartEl.hidden = true;
    var map = $("map");
    map.hidden = false;
    map.setAttribute("data-drawn", "false");
    say("Drawing the " + kind.toLowerCase() + " flows between countries…");
    return Promise.all([loadWorld(), gql(FLOWS, { kind: kind, since: since || null, until: until || null })]).then(function (got) {
      drawFlows(got[0], got[1].crossBorderFlows, kind, by);
      map.setAttribute("data-drawn", "true");
    }).catch(function (err) { say(err.message, "error"); });
  }

  function drawFlows(w, flows, kind, by) {
    var svg = $("map-svg");
    svg.textContent = "";
    svg.setAttribute("class", kind === "MONEY" ? "money" : "");
    var width = svg.clientWidth || 900, height = svg.clientHeight || 520;
    var featureOf = function (code) { var n = w.numeric[code]; return n ? w.byID[n] || null : null; };
    var involved = [];
    flows.forEach(function (f) {
      [f.from.code, f.to.code].forEach(function (c) { var ft = featureOf(c); if (ft && involved.indexOf(ft) < 0) { involved.push(ft); } });
    });
    var projection = d3.geoNaturalEarth1().fitExtent([[30, 30], [width - 30, height - 30]],
      { type: "FeatureCollection", features: involved.length ? involved : w.features });
    var path = d3.geoPath(projection);
    var defs = svgEl("defs");
    var marker = svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerUnits: "userSpaceOnUse", markerWidth: "12", markerHeight: "12", orient: "auto-start-reverse" });
    marker.appendChild(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: kind === "MONEY" ? "#2e8b57" : "#b3261e" }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    w.features.forEach(function (f) {
      var d = path(f);
      if (!d) { return; }
      var land = svgEl("path", { d: d, "class": "land" + (involved.indexOf(f) >= 0 ? " involved" : "") });
      var t = svgEl("title");
      t.textContent = f.properties.name;
      land.appendChild(t);
      svg.appendChild(land);
    });
    var value = function (f) { return by === "usd" ? Number(f.sumUsd || 0) : f.count; };
    var max = flows.reduce(function (m, f) { return Math.max(m, value(f)); }, 0) || 1;
    var tbody = document.querySelector("#flow-table tbody");
    tbody.textContent = "";
    var drawn = 0;
    flows.forEach(function (f) {
      var row = document.createElement("tr");
      [f.from.code, f.to.code, String(f.count), f.sumUsd || ""].forEach(function (v) {
        var td = document.createElement("td");
        td.textContent = v;
        row.appendChild(td);
      });
      tbody.appendChild(row);
      var a = featureOf(f.from.code), b = featureOf(f.to.code);
      if (!a || !b || a === b) { return; }
      var p = path.centroid(a), q = path.centroid(b);
      // A curve, bent to the right of its direction, so that A to B and
      // B to A are two arrows.
      var mx = (p[0] + q[0]) / 2 - (q[1] - p[1]) * 0.2, my = (p[1] + q[1]) / 2 + (q[0] - p[0]) * 0.2;
      var arrow = svgEl("path", { d: "M" + p[0] + "," + p[1] + " Q" + mx + "," + my + " " + q[0] + "," + q[1],
        "class": "flow", "stroke-width": String(1.5 + 10 * value(f) / max), "marker-end": "url(#arrow)",
        "data-from": f.from.code, "data-to": f.to.code, "data-count": String(f.count), "data-usd": f.sumUsd || "" });
      var t = svgEl("title");
      t.textContent = f.from.code + " → " + f.to.code + ": " + f.count + (kind === "MONEY" ? " transfers" + (f.sumUsd ? ", " + f.sumUsd + " USD" : "") : " victims");
      arrow.appendChild(t);
      svg.appendChild(arrow);
      drawn++;
    });
    involved.forEach(function (f) {
      var c = path.centroid(f);
      var label = svgEl("text", { x: String(c[0] + 6), y: String(c[1] - 6), "class": "place" });
      label.textContent = f.properties.name;
      svg.appendChild(label);
    });
    $("map").setAttribute("data-flow-count", String(drawn));
    say(flows.length + " flows between places, " + drawn + " drawn as arrows (the others are in the table: not countries, or too small for the map).");
  }

  function chartView() {
    $("map").hidden = true;
    chartEl.hidden = false;
    cy.resize();
  }

  var SEARCH = "query($text: String!, $region: String) { search(text: $text, region: $region, first: 20) { truncated " +
    "hits { type roles score matchedOn node { id ... on Person { name } ... on Organization { name } " +
    "... on Compound { name } ... on BankAccount { accountKey } ... on Identifier { value } } } } }";

  function search(text) {
    var list = $("hits");
    list.textContent = "";
    if (!text.trim()) { return Promise.resolve(); }
    say("Searching…");
    var region = $("region").value.trim().toUpperCase();
    return gql(SEARCH, { text: text, region: region || null }).then(function (d) {
      var hits = d.search.hits;
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        var n = h.node;
        b.textContent = n.name || n.accountKey || n.value || n.id;
        b.setAttribute("data-id", n.id);
        b.addEventListener("click", function () { focus(n.id); });
        var t = document.createElement("span");
        t.className = "hit-type";
        t.textContent = " " + h.type + (h.roles.length ? " (" + h.roles.join(", ").toLowerCase() + ")" : "") +
          (h.matchedOn.length ? " — " + h.matchedOn.join("; ") : "");
        li.appendChild(b);
        li.appendChild(t);
        list.appendChild(li);
      });
      say(hits.length ? hits.length + " hits" + (d.search.truncated ? " (more exist: refine the search)" : "") + ". Click one to draw its network."
        : "No hits for " + text + ".");
    }).catch(function (err) { say(err.message, "error"); });
  }

  var TIMELINE = "query($id: ID!) { timeline(id: $id) { truncated events { date kind other { id label type } } } }";

  // timeline lists the dated events around a node, oldest first.
  function timeline(id) {
    var list = $("timeline");
    list.textContent = "";
    list.setAttribute("data-event-count", "0");
    return gql(TIMELINE, { id: id }).then(function (d) {
      d.timeline.events.forEach(function (ev) {
        var li = document.createElement("li");
        var t = document.createElement("time");
        t.textContent = ev.date;
        li.appendChild(t);
        li.appendChild(document.createTextNode(ev.kind.toLowerCase().replace(/_/g, " ") + " — " + ev.other.label));
        list.appendChild(li);
      });
      if (d.timeline.truncated) { list.appendChild(document.createElement("li")).textContent = "… more events than shown"; }
      list.setAttribute("data-event-count", String(d.timeline.events.length));
    }).catch(function (err) { say(err.message, "error"); });
  }

  function showDetails(ele) {
    var d = ele.data();
    if (ele.isNode()) { timeline(d.id); } else { $("timeline").textContent = ""; }
    $("details").hidden = false;
    $("details-title").textContent = d.label || d.type;
    var dl = $("details-props");
    dl.textContent = "";
    var rows = [["id", d.id], ["type", d.type]];
    if (d.roles) { rows.push(["roles", d.roles]); }
    if (d.countries) { rows.push(["countries", d.countries.join(", ")]); }
    if (d.caseIds) { rows.push(["cases", d.caseIds.join(", ")]); }
    Object.keys(d.properties || {}).sort().forEach(function (k) {
      var v = d.properties[k];
      rows.push([k, Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)]);
    });
    rows.forEach(function (r) {
      var dt = document.createElement("dt");
      dt.textContent = r[0];
      var dd = document.createElement("dd");
      dd.textContent = r[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
  }

  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("search").value); });
  $("case-filter").addEventListener("change", function () {
    filterCase();
    var url = new URL(location.href);
    if ($("case-filter").value) { url.searchParams.set("case", $("case-filter").value); } else { url.searchParams.delete("case"); }
    history.replaceState(null, "", url);
  });
  $("depth").addEventListener("change", function () { if (state.focus) { focus(state.focus, Number($("depth").value)); } });
  $("key-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var k = $("key").value.trim();
    if (k) { sessionStorage.setItem(KEY_STORE, k); } else { sessionStorage.removeItem(KEY_STORE); }
    $("key").value = "";
    // What the last key could see must not stay on the page.
    cy.elements().remove();
    $("hits").textContent = "";
    $("details").hidden = true;
    counted();
    say(k ? "Key set for this tab." : "Key cleared.");
    if (state.focus) { focus(state.focus); }
  });
  $("flows").addEventListener("click", function () { flowsView($("flow-kind").value, $("flow-since").value, $("flow-until").value, $("flow-by").value); });
  $("flows-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    flowsView($("flow-kind").value, $("flow-since").value, $("flow-until").value, $("flow-by").value);
  });
  $("back-to-chart").addEventListener("click", chartView);
  $("export-png").addEventListener("click", function () {
    download(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }), "scamgraph-chart.png");
  });
  $("export-graphml").addEventListener("click", function () {
    var headers = key() ? { Authorization: "Bearer " + key() } : {};
    var url = state.path
      ? "/export?view=paths&format=graphml&maxHops=6&from=" + encodeURIComponent(state.path[0]) + "&to=" + encodeURIComponent(state.path[1]) +
        "&types=" + encodeURIComponent(pathTypes().join(","))
      : "/export?view=neighborhood&format=graphml&id=" + encodeURIComponent(state.focus) + "&depth=" + state.depth;
    fetch(url, { headers: headers, credentials: "omit", cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error("export: HTTP " + r.status); }
      return r.blob();
    }).then(function (b) { download(b, "scamgraph-chart.graphml"); }).catch(function (err) { say(err.message, "error"); });
  });
  cy.on("dbltap", "node", function (ev) { expand(ev.target.id()); });
  cy.on("select unselect", "node", selectionChanged);
  $("paths").addEventListener("click", function () {
    var sel = cy.nodes(":selected");
    if (sel.length === 2) { paths(sel[0].id(), sel[1].id()); }
  });
  $("trail").addEventListener("click", function () {
    var sel = cy.nodes(":selected");
    if (sel.length === 1) { trail(sel[0].id()); }
  });
  cy.on("tap", "node, edge", function (ev) { showDetails(ev.target); });

  var params = new URLSearchParams(location.search);
  state.caseWanted = params.get("case") || "";
  $("same-as").checked = params.get("sameAs") === "1";
  // Ticking or clearing the box draws the current view again.
  $("same-as").addEventListener("change", function () {
    if (state.path) { paths(state.path[0], state.path[1]); } else if (state.trail) { trail(state.trail); } else if (state.focus) { focus(state.focus, state.depth); }
  });
  if (params.get("types")) {
    var chosen = params.get("types").split(",");
    Array.prototype.forEach.call($("path-types").options, function (o) { o.selected = chosen.indexOf(o.value) >= 0; });
  }
  if (params.get("view") === "flows") {
    flowsView(params.get("kind") === "MONEY" ? "MONEY" : "VICTIMS", params.get("since") || "", params.get("until") || "",
      params.get("by") === "usd" ? "usd" : "count");
  } else if (params.get("path") && params.get("path").split(",").length === 2) {
    paths(params.get("path").split(",")[0], params.get("path").split(",")[1]);
  } else if (params.get("trail")) {
    trail(params.get("trail"));
  } else if (params.get("focus")) {
    focus(params.get("focus"), Number(params.get("depth")) || 2);
  }
  counted();
  // For scripts and tests: the chart (read-only by convention) and focus.
  window.scamgraphExplorer = { cy: cy, focus: focus };
})();
