// The query page of `kg serve`: an editor, a Run button, results as a table, and the
// named queries. Everything it needs is in this page; it talks only to its own endpoint.
// Values are shown with textContent, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const editor = document.getElementById("kg-query");
  const run = document.getElementById("kg-run");
  const status = document.getElementById("kg-status");
  const results = document.getElementById("kg-results");
  const prefixes = Object.entries(data.prefixes).sort((a, b) => b[1].length - a[1].length);
  const XSD = "http://www.w3.org/2001/XMLSchema#";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function compact(iri) {
    for (const [name, ns] of prefixes) {
      if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length))) {
        return name + ":" + iri.slice(ns.length);
      }
    }
    return "<" + iri + ">";
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.textContent = compact(term.value);
      td.title = term.value;
      td.className = "kg-iri";
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "triple") {
      td.textContent = "<< " + ["subject", "predicate", "object"]
        .map((k) => { const t = term.value[k]; return t.type === "uri" ? compact(t.value) : t.value; })
        .join(" ") + " >>";
    } else {
      td.textContent = term.value;
      const lang = term["xml:lang"];
      const type = term.datatype && term.datatype !== XSD + "string" ? compact(term.datatype) : "";
      if (lang || type) td.append(" ", el("span", lang ? "@" + lang : "^^" + type, "kg-type"));
    }
    return td;
  }

  function showTable(json) {
    const vars = json.head.vars || [];
    const rows = json.results.bindings;
    const table = el("table");
    const head = table.createTHead().insertRow();
    for (const name of vars) head.append(el("th", "?" + name));
    const body = table.createTBody();
    for (const binding of rows) {
      const tr = body.insertRow();
      for (const name of vars) tr.append(cell(binding[name]));
    }
    results.replaceChildren(table);
    return rows.length;
  }

  function show(state, node) {
    results.replaceChildren(node);
    results.dataset.state = state;
  }

  async function execute() {
    const text = editor.value;
    run.disabled = true;
    results.dataset.state = "running";
    status.textContent = "Running…";
    const started = performance.now();
    try {
      const response = await fetch(data.endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/sparql-query",
          Accept: "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: text,
      });
      const ms = Math.round(performance.now() - started);
      const type = (response.headers.get("Content-Type") || "").split(";")[0];
      const body = await response.text();
      if (!response.ok) {
        show("error", el("pre", response.status + " " + response.statusText + "\n" + body, "kg-error"));
        status.textContent = "Failed after " + ms + " ms";
        return;
      }
      if (type === "application/sparql-results+json") {
        const json = JSON.parse(body);
        if ("boolean" in json) {
          show("done", el("p", json.boolean ? "yes" : "no", "kg-boolean"));
          status.textContent = "ASK answered in " + ms + " ms";
        } else {
          const count = showTable(json);
          results.dataset.state = "done";
          status.textContent = count + (count === 1 ? " row" : " rows") + " in " + ms + " ms";
        }
      } else {
        show("done", el("pre", body));
        status.textContent = "Graph answered in " + ms + " ms";
      }
    } catch (error) {
      show("error", el("pre", "The endpoint did not answer: " + error, "kg-error"));
      status.textContent = "";
    } finally {
      run.disabled = false;
    }
  }

  editor.value = data.initial;
  document.getElementById("kg-endpoint").textContent = new URL(data.endpoint, location.href).href;
  document.getElementById("kg-prefixes").textContent =
    Object.keys(data.prefixes).map((p) => p + ":").join(" ");
  document.getElementById("kg-mode").textContent = data.updates
    ? "Updates need the header Authorization: Bearer <token>."
    : "This endpoint is read-only.";
  run.addEventListener("click", execute);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      execute();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    }
  });
  const list = document.getElementById("kg-named-list");
  for (const query of data.named) {
    const item = el("li");
    const button = el("button", query.name);
    button.type = "button";
    button.dataset.name = query.name;
    button.title = query.description;
    button.addEventListener("click", () => { editor.value = query.text; execute(); });
    item.append(button, el("p", query.description));
    list.append(item);
  }
  document.body.dataset.ready = "true";
})();
