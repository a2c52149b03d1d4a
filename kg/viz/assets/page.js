/* claimgraph picture: draws the page's JSON data with Cytoscape.js.
 *
 * Every piece of text from the data is shown with textContent or as a Cytoscape label
 * (painted on a canvas); nothing is ever parsed as HTML. The page loads nothing: its
 * Content-Security-Policy forbids any request.
 *
 * window.kgViz exposes the Cytoscape instance and a few actions for tests and scripts.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const P = data.palette;
  const timeline = data.mode === "timeline";
  const byKey = (list) => Object.fromEntries(list.map((x) => [x.key, x]));
  const claims = byKey(data.claims);
  const speakers = byKey(data.speakers);
  const props = byKey(data.propositions);
  const sources = byKey(data.sources);
  const rank = Object.fromEntries(data.order.map((p, n) => [p, n]));
  // The proposition a claim is drawn with: its own, or for a claim about claims (no
  // proposition) the one of the claims it answers.
  const group = (c) => data.groups[c.key] || c.proposition;
  const groupRank = (c) => (group(c) in rank ? rank[group(c)] : data.order.length);

  const linksOf = {}; // claim key -> links touching it
  const claimsOf = {}; // speaker or proposition key -> claim keys
  const push = (table, key, value) => (table[key] = table[key] || []).push(value);
  data.links.forEach((link, n) => {
    link.id = "l" + n;
    push(linksOf, link.a, link);
    push(linksOf, link.b, link);
  });
  data.claims.forEach((c) => {
    push(claimsOf, c.speaker, c.key);
    if (group(c)) push(claimsOf, group(c), c.key);
  });
  const other = (link, key) => (link.a === key ? link.b : link.a);

  let visible = new Set(data.initial);
  let pinned = false;

  // ---- what is drawn -------------------------------------------------------------------

  function nodeCount(set) {
    const extra = new Set();
    if (!timeline) set.forEach((k) => { extra.add(claims[k].speaker); if (claims[k].proposition) extra.add(claims[k].proposition); });
    return set.size + extra.size;
  }

  /* Add whole groups (a proposition's claims and their linked claims), most contested
     proposition first, while the drawing stays within `budget` nodes. */
  function grow(start, allowed, budget) {
    const set = new Set(start);
    for (const p of data.order) {
      const group = (claimsOf[p] || []).filter((k) => !set.has(k) && (!allowed || allowed.has(k)));
      if (!group.length) continue;
      const next = new Set(set);
      group.forEach((k) => {
        next.add(k);
        (linksOf[k] || []).forEach((l) => { if (!allowed || allowed.has(other(l, k))) next.add(other(l, k)); });
      });
      if (nodeCount(next) <= budget) { next.forEach((k) => set.add(k)); continue; }
      if (set.size === start.size) {
        for (const k of next) {
          if (set.has(k)) continue;
          set.add(k);
          if (nodeCount(set) > budget) { set.delete(k); break; }
        }
      }
      break;
    }
    return set;
  }

  function hiddenCount(key) {
    if (claims[key]) return (linksOf[key] || []).filter((l) => !visible.has(other(l, key))).length;
    return (claimsOf[key] || []).filter((k) => !visible.has(k)).length;
  }

  function withMore(label, key) {
    const more = hiddenCount(key);
    return more ? label + "  (+" + more + ")" : label;
  }

  /* Cytoscape no longer sizes a node to its label; estimate the wrapped label's box. */
  function boxSize(text, maxWidth) {
    const charWidth = 6.4;
    const width = Math.min(text.length * charWidth, maxWidth);
    const lines = Math.ceil((text.length * charWidth) / maxWidth);
    return { w: width + 16, h: lines * 14 + 10 };
  }

  /* id · amount · period · date; "~" before a hedged claim, "(no comment)" after a
     non-answer. kg.viz.data.DrawnClaim.label writes the same. */
  function claimLabel(c) {
    const said = c.said_on !== c.during ? c.said_on : null;
    let text = [c.id, c.amount, c.during, said].filter(Boolean).join(" · ");
    if (c.hedged) text = "~" + text;
    if (c.stance === "declines") text += " (no comment)";
    return withMore(text, c.key);
  }
  const linkLabel = (l) => (l.kinds && l.kinds.length ? l.kinds.join(" + ") : l.kind);

  function elements() {
    const nodes = [];
    const edges = [];
    const seen = new Set();
    const tl = data.timeline;
    const X = tl ? 900 / Math.max(tl.span, 1) : 0;
    const LANE = 90;
    for (const key of visible) {
      const c = claims[key];
      const node = { group: "nodes", data: { id: key, type: "claim", stance: c.stance, hedged: !!c.hedged, label: claimLabel(c), more: hiddenCount(key) } };
      if (tl) node.position = { x: tl.x[key] * X, y: tl.y[key] * LANE };
      nodes.push(node);
      if (tl) { seen.add(c.speaker); continue; }
      const speakerName = speakers[c.speaker].name + (speakers[c.speaker].speaks_for ? " (for " + speakers[c.speaker].speaks_for + ")" : "");
      for (const [k, type, label] of [[c.speaker, "speaker", speakerName], [c.proposition, "proposition", c.proposition && props[c.proposition].label]]) {
        if (!k || seen.has(k)) continue;
        seen.add(k);
        const text = withMore(label, k);
        nodes.push({ group: "nodes", data: {
          id: k, type, label: text, more: hiddenCount(k), ...boxSize(text, type === "speaker" ? 150 : 190),
          kind: type === "speaker" ? speakers[k].kind : undefined,
          contested: type === "proposition" ? !!props[k].contested : undefined } });
      }
      edges.push({ group: "edges", data: { id: "said-" + key, source: c.speaker, target: key, type: "said" } });
      if (c.proposition) edges.push({ group: "edges", data: { id: "about-" + key, source: key, target: c.proposition, type: "about" } });
    }
    // A claim about claims is linked to the claims it answers; where a contradiction or a
    // corroboration already joins the two, that link says it, otherwise a grey "answers".
    const joined = new Set(data.links.map((l) => [l.a, l.b].sort().join(" ")));
    for (const key of visible) {
      (claims[key].responds_to || []).forEach((t) => {
        if (visible.has(t) && !joined.has([key, t].sort().join(" "))) {
          edges.push({ group: "edges", data: { id: "answers-" + key + "-" + t, source: key, target: t, type: "answers" } });
        }
      });
    }
    if (tl) laneElements(tl, seen, X, LANE, nodes, edges);
    else columns(nodes);
    const at = Object.fromEntries(nodes.map((n) => [n.data.id, n.position]));
    const shown = data.links.filter((l) => visible.has(l.a) && visible.has(l.b));
    // Dozens of labels on crossing arcs are unreadable: then the kind shows on hover only.
    const labelled = shown.length <= 40;
    shown.forEach((l) => {
      const corroboration = l.kind === "corroborates";
      // The upper claim is the source, so a positive bend always bulges the same way (left);
      // a link between claims one above the other bends more, to clear the claims between.
      const [source, target] = at[l.a].y <= at[l.b].y ? [l.a, l.b] : [l.b, l.a];
      const upright = Math.abs(at[l.a].x - at[l.b].x) < 1;
      const apart = Math.abs(at[l.a].y - at[l.b].y) / ROW;
      edges.push({ group: "edges", data: {
        id: l.id, source, target, kind: l.kind, bend: upright ? Math.min(90 + 16 * apart, 260) : 30,
        type: corroboration ? "corroboration" : "contradiction",
        label: labelled ? (corroboration ? "corroborates" : linkLabel(l)) : "" } });
    });
    return nodes.concat(edges);
  }

  /* The network's layout: speakers | claims | propositions, read left to right like a
     sentence. Claims are grouped by proposition, most contested first; each speaker and
     proposition sits level with its claims. kg.viz.figure lays the static figure out alike. */
  const ROW = 40;
  const COLUMN = { speaker: 0, claim: 300, proposition: 740 };
  function compareClaims(a, b) {
    return groupRank(a) - groupRank(b)
      || (!a.proposition - !b.proposition)
      || (a.stance === b.stance ? 0 : a.stance === "asserts" ? -1 : 1)
      || (a.said_on || "~").localeCompare(b.said_on || "~")
      || a.id.localeCompare(b.id);
  }
  function columns(nodes) {
    const rows = nodes.filter((n) => n.data.type === "claim")
      .sort((a, b) => compareClaims(claims[a.data.id], claims[b.data.id]));
    const sum = {};
    const count = {};
    rows.forEach((n, i) => {
      n.position = { x: COLUMN.claim, y: i * ROW };
      const c = claims[n.data.id];
      for (const k of [c.speaker, c.proposition].filter(Boolean)) {
        sum[k] = (sum[k] || 0) + n.position.y;
        count[k] = (count[k] || 0) + 1;
      }
    });
    const level = (n) => sum[n.data.id] / count[n.data.id];
    for (const type of ["speaker", "proposition"]) {
      let bottom = -Infinity;
      nodes.filter((n) => n.data.type === type)
        .sort((a, b) => level(a) - level(b) || a.data.id.localeCompare(b.data.id))
        .forEach((n) => {
          const y = Math.max(level(n), bottom + n.data.h / 2 + 8);
          n.position = { x: COLUMN[type], y };
          bottom = y + n.data.h / 2;
        });
    }
  }

  function laneElements(tl, shown, X, LANE, nodes, edges) {
    const right = tl.span * X + 40;
    tl.lanes.forEach((s, n) => {
      if (!shown.has(s)) return;
      const y = tl.laneY[n] * LANE;
      nodes.push({ group: "nodes", data: { id: s, type: "lane", label: speakers[s].name, kind: speakers[s].kind }, position: { x: -40, y } });
      nodes.push({ group: "nodes", data: { id: "end-" + s, type: "anchor" }, position: { x: right, y } });
      edges.push({ group: "edges", data: { id: "lane-" + s, source: s, target: "end-" + s, type: "lane" } });
    });
    const top = -LANE * 0.3;
    tl.ticks.forEach(([x, label], n) => {
      nodes.push({ group: "nodes", data: { id: "tick-" + n, type: "tick", label }, position: { x: x * X, y: top } });
    });
    if (tl.undatedFrom !== undefined && tl.undatedFrom !== null) {
      nodes.push({ group: "nodes", data: { id: "tick-undated", type: "tick", label: "undated" }, position: { x: (tl.undatedFrom + (tl.span - tl.undatedFrom) / 2) * X, y: top } });
    }
  }

  // ---- style and drawing ---------------------------------------------------------------

  const style = [
    { selector: "node", style: { label: "data(label)", "font-size": 11, color: "#222", "text-wrap": "wrap", "text-max-width": 180 } },
    { selector: 'node[type="speaker"], node[type="lane"]', style: { shape: "round-rectangle", "background-color": P["speaker-fill"], "border-color": P.speaker, "border-width": 2, width: "data(w)", height: "data(h)", "text-max-width": 150, "text-valign": "center", "text-halign": "center", "font-weight": "bold" } },
    { selector: 'node[type="lane"]', style: { "text-halign": "left", width: 6, height: 6, "text-margin-x": -6 } },
    { selector: 'node[kind="AnonymousSource"]', style: { "border-style": "dashed" } },
    { selector: 'node[type="proposition"]', style: { shape: "rectangle", "background-color": P["proposition-fill"], "border-color": P.proposition, "border-width": 1, width: "data(w)", height: "data(h)", "text-valign": "center", "text-halign": "center", "text-max-width": 190 } },
    { selector: 'node[type="proposition"][?contested]', style: { "border-color": P.contradiction, "border-width": 3 } },
    { selector: 'node[type="claim"]', style: { shape: "ellipse", width: 18, height: 18, "background-color": P.asserts, "border-color": "#fff", "border-width": 1, "font-size": 10, "text-valign": "center", "text-halign": "right", "text-margin-x": 5, "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
    { selector: 'node[type="claim"][stance="denies"]', style: { shape: "diamond", width: 22, height: 22, "background-color": P.denies } },
    { selector: 'node[type="claim"][stance="declines"]', style: { shape: "square", width: 14, height: 14, "background-color": P.declines, color: P.declines } },
    { selector: 'node[type="claim"][?hedged]', style: { "font-style": "italic" } },
    { selector: 'node[more > 0]', style: { "border-style": "double", "border-width": 4, "border-color": P.muted } },
    { selector: 'node[type="tick"]', style: { width: 1, height: 1, "background-opacity": 0, color: P.muted, events: "no" } },
    { selector: 'node[type="anchor"]', style: { width: 1, height: 1, "background-opacity": 0, label: "", events: "no" } },
    { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "line-color": P.said, "target-arrow-shape": "triangle", "target-arrow-color": P.said, "arrow-scale": 0.8 } },
    { selector: 'edge[type="about"]', style: { "line-style": "dashed" } },
    { selector: 'edge[type="answers"]', style: { width: 1.5, "line-style": "dotted", "line-color": P.declines, "target-arrow-color": P.declines, "curve-style": "unbundled-bezier", "control-point-distances": [60], "control-point-weights": [0.5] } },
    { selector: 'edge[type="lane"]', style: { width: 1, "line-color": "#e2e2e2", "target-arrow-shape": "none", events: "no" } },
    { selector: 'edge[type="contradiction"], edge[type="corroboration"]', style: { width: 4, "target-arrow-shape": "none", "curve-style": "unbundled-bezier", "control-point-distances": "data(bend)", "control-point-weights": [0.5], label: "data(label)", "font-size": 10, "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
    { selector: 'edge[type="contradiction"]', style: { "line-color": P.contradiction, color: P.contradiction } },
    { selector: 'edge[type="corroboration"]', style: { "line-color": P.corroboration, color: P.corroboration } },
    { selector: ".kg-focus", style: { "overlay-color": "#000", "overlay-opacity": 0.12, "overlay-padding": 6 } },
  ];
  if (timeline) document.body.classList.add("kg-timeline");

  const cy = cytoscape({ container: document.getElementById("kg-graph"), style, minZoom: 0.05, maxZoom: 4 });

  function draw(first) {
    cy.batch(() => { cy.elements().remove(); cy.add(elements()); });
    const layout = cy.layout({ name: "preset", fit: true, padding: 30 });
    layout.one("layoutstop", () => {
      readable();
      if (first) ready();
    });
    layout.run();
    status();
  }

  /* A tall drawing fitted to the screen is too small to read: show its top (the most
     contested propositions come first) at a readable zoom instead, centred across. */
  function readable() {
    const zoom = 0.8;
    if (cy.zoom() >= zoom) return;
    const box = cy.elements().boundingBox();
    cy.zoom(zoom);
    const across = Math.max(20, (cy.width() - box.w * zoom) / 2);
    cy.pan({ x: across - box.x1 * zoom, y: 20 - box.y1 * zoom });
  }

  // ---- the side panel ----------------------------------------------------------------

  const panel = document.getElementById("kg-details");
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function facts(rows) {
    const dl = el("dl");
    rows.forEach(([term, value]) => {
      if (value === undefined || value === null || value === "") return;
      dl.append(el("dt", term));
      const dd = el("dd");
      if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
      dl.append(dd);
    });
    return dl;
  }
  function jump(key, text) {
    const a = el("a", text, "kg-jump");
    a.tabIndex = 0;
    a.addEventListener("click", () => { reveal([key]); select(key); });
    return a;
  }
  function sourceText(key) {
    const s = sources[key];
    if (!s) return null;
    const span = el("span", [s.title, s.publisher, s.published].filter(Boolean).join(", "));
    if (s.url && /^https?:\/\//i.test(s.url)) {
      const a = el("a", s.url);
      a.href = s.url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      span.append(document.createElement("br"), a);
    }
    return span;
  }
  function linkList(key) {
    const list = el("ul", null, "kg-links");
    (linksOf[key] || []).forEach((l) => {
      const c = claims[other(l, key)];
      const li = el("li", null, l.kind === "corroborates" ? "kg-corroborates" : "");
      li.append(el("span", l.kind === "corroborates" ? data.linkWords[l.kind] : "contradiction: " + linkLabel(l), "kg-kind"), " with ",
        jump(c.key, c.id + " (" + speakers[c.speaker].name + ")"));
      if (l.reason) li.append(el("div", l.reason));
      list.append(li);
    });
    return list;
  }

  function quoteBlock(c) {
    const q = el("blockquote", c.quote, c.stance === "denies" ? "kg-denies" : "");
    if (c.lang) q.setAttribute("lang", c.lang);
    return q;
  }

  function showClaim(key) {
    const c = claims[key];
    panel.replaceChildren(el("h2", speakers[c.speaker].name + " " + c.stance));
    if (c.quote) panel.append(quoteBlock(c));
    const answers = (c.responds_to || []).map((k) => claims[k].id).join(", ");
    panel.append(facts([
      ["claim", c.id], ["speaker", speakers[c.speaker].name], ["on behalf of", c.on_behalf_of],
      ["stance", c.stance + (c.hedged ? " (hedged)" : "")],
      ["proposition", c.proposition ? props[c.proposition].label : null],
      ["answers", answers], ["amount", c.amount], ["during", c.during],
      ["date", c.said_on || "undated"], ["medium", c.medium],
      ["reported by", (c.reported_by || []).join(", ")], ["source", sourceText(c.source)],
    ]));
    if ((linksOf[key] || []).length) panel.append(linkList(key));
  }
  function showLink(id) {
    const l = data.links[Number(id.slice(1))];
    panel.replaceChildren(el("h2", l.kind === "corroborates" ? data.linkWords[l.kind] : "contradiction: " + linkLabel(l)));
    if (l.reason) panel.append(el("p", l.reason));
    const list = el("ul");
    [l.a, l.b].forEach((k) => {
      const c = claims[k];
      const li = el("li");
      li.append(jump(k, c.id + ": " + speakers[c.speaker].name + " " + c.stance));
      if (c.quote) li.append(quoteBlock(c));
      list.append(li);
    });
    panel.append(list);
  }
  function showGroup(key) {
    const isSpeaker = !!speakers[key];
    const own = claimsOf[key] || [];
    panel.replaceChildren(el("h2", isSpeaker ? speakers[key].name : props[key].label));
    panel.append(facts(isSpeaker
      ? [["kind", speakers[key].kind], ["claims", own.length]]
      : [["status", props[key].contested ? "contested" : "uncontested"], ["claims", own.length]]));
    const list = el("ul");
    own.forEach((k) => { const li = el("li"); li.append(jump(k, claims[k].id + " · " + claims[k].stance)); list.append(li); });
    panel.append(list);
  }

  // ---- interaction ---------------------------------------------------------------------

  function reveal(keys) {
    const before = visible.size;
    keys.forEach((k) => visible.add(k));
    if (visible.size !== before) draw(false);
  }
  function select(key) {
    const node = cy.getElementById(key);
    cy.elements().removeClass("kg-focus");
    if (node.nonempty()) { node.addClass("kg-focus"); cy.animate({ center: { eles: node }, duration: 0 }); }
    if (claims[key]) showClaim(key);
    else if (speakers[key] || props[key]) showGroup(key);
    pinned = true;
  }
  function expand(key) {
    const more = claims[key]
      ? (linksOf[key] || []).map((l) => other(l, key))
      : (claimsOf[key] || []).filter((k) => !visible.has(k)).slice(0, data.budget);
    reveal(more);
  }

  cy.on("mouseover", 'node[type="claim"]', (e) => { if (!pinned) showClaim(e.target.id()); });
  cy.on("mouseover", 'edge[type="contradiction"], edge[type="corroboration"]', (e) => { if (!pinned) showLink(e.target.id()); });
  cy.on("tap", "node", (e) => {
    const key = e.target.id();
    const type = e.target.data("type");
    if (type === "claim") showClaim(key);
    else if (type === "speaker" || type === "lane" || type === "proposition") showGroup(key);
    pinned = true;
    if (e.target.data("more") > 0) expand(key);
  });
  cy.on("tap", 'edge[type="contradiction"], edge[type="corroboration"]', (e) => { showLink(e.target.id()); pinned = true; });
  cy.on("tap", (e) => { if (e.target === cy) pinned = false; });

  const speakerSelect = document.getElementById("kg-speaker");
  const entitySelect = document.getElementById("kg-entity");
  const byName = (a, b) => a.name.localeCompare(b.name);
  data.speakers.slice().sort(byName).forEach((s) => speakerSelect.add(new Option(s.name + " (" + (claimsOf[s.key] || []).length + ")", s.key)));
  data.entities.slice().sort(byName).forEach((e) => entitySelect.add(new Option(e.name, e.key)));

  function filtered() {
    const s = speakerSelect.value;
    const e = entitySelect.value;
    if (!s && !e) return null;
    const allowed = new Set();
    data.claims.forEach((c) => {
      const p = props[c.proposition] || {};
      if ((!s || c.speaker === s) && (!e || p.subject === e || p.object === e)) allowed.add(c.key);
    });
    [...allowed].forEach((k) => (linksOf[k] || []).forEach((l) => allowed.add(other(l, k))));
    return allowed;
  }
  function applyFilters() {
    const allowed = filtered();
    visible = allowed ? grow(new Set(), allowed, data.budget) : new Set(data.initial);
    pinned = false;
    draw(false);
  }
  speakerSelect.addEventListener("change", applyFilters);
  entitySelect.addEventListener("change", applyFilters);
  document.getElementById("kg-more").addEventListener("click", () => {
    visible = grow(visible, filtered(), nodeCount(visible) + data.budget);
    draw(false);
  });
  document.getElementById("kg-all").addEventListener("click", () => {
    speakerSelect.value = "";
    entitySelect.value = "";
    applyFilters();
  });
  document.getElementById("kg-fit").addEventListener("click", () => cy.fit(undefined, 30));

  function status() {
    const allowed = filtered();
    const pool = allowed ? allowed.size : data.claims.length;
    const shown = [...visible].filter((k) => !allowed || allowed.has(k)).length;
    const propsShown = new Set([...visible].map((k) => claims[k].proposition).filter(Boolean)).size;
    const parts = ["Showing " + shown.toLocaleString("en") + " of " + pool.toLocaleString("en") + " claims" + (allowed ? " matching the filters" : "") + "."];
    if (data.scope) parts.push("Scope: " + data.scope + ".");
    if (shown < pool) {
      const totalProps = new Set([...(allowed || Object.keys(claims))].map((k) => claims[k].proposition).filter(Boolean)).size;
      parts.push("Left out: " + (pool - shown).toLocaleString("en") + " claims and " + (totalProps - propsShown).toLocaleString("en") +
        " propositions (the most contested are shown first). Click a node marked (+n) to expand it, or Show more.");
    }
    document.getElementById("kg-status").textContent = parts.join(" ");
    document.getElementById("kg-more").disabled = shown >= pool;
  }

  function ready() {
    if (data.focus && cy.getElementById(data.focus).nonempty()) select(data.focus);
    document.body.dataset.ready = "true";
  }

  window.kgViz = {
    cy, data,
    visible: () => [...visible],
    show: (keys) => reveal(keys),
    select,
  };
  draw(true);
})();
