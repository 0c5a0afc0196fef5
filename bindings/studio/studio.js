// Escalate studio: a page over the server's JSON API (docs/studio.md). Plain JavaScript, no
// libraries, nothing fetched from anywhere but this server. Text from the API is always put
// into the page as text (never as HTML); flowcharts are shown as images, so no script in an
// SVG can run.
"use strict";

const state = {
  pathways: [],        // GET /v1/pathways
  details: new Map(),  // id -> GET /v1/pathways/{id}
  token: sessionStorage.getItem("escalate-token") || "",
};

// ---- helpers -------------------------------------------------------------------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function $(id) { return document.getElementById(id); }

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2024-04-02" -> "Tue 2 Apr 2024"; null -> the fallback. */
function longDate(iso, fallback = "none") {
  if (!iso) return fallback;
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${weekdays[day]} ${d} ${months[m - 1]} ${y}`;
}

function dateElement(iso, fallback) {
  return iso ? el("time", { datetime: iso }, longDate(iso)) : el("span", { class: "muted" }, fallback || "none");
}

function timescaleText(deadline) {
  if (!deadline) return "";
  const from = deadline.anchor === "pathway-start" ? " from the outset" : "";
  switch (deadline.kind) {
    case "working-days": return `${deadline.days} working day${deadline.days === 1 ? "" : "s"}${from}`;
    case "calendar-days": return `${deadline.days} calendar day${deadline.days === 1 ? "" : "s"}${from}`;
    case "immediately": return "immediately";
    default: return "none stated";
  }
}

class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || "the request failed");
    this.problem = problem;
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  let response;
  try {
    response = await fetch(path, Object.assign({}, options, { headers }));
  } catch (error) {
    throw new ApiError({ title: "No answer", detail: "The server did not answer. Is `escalate serve` still running?" });
  }
  if (response.status === 401) {
    $("token-form").hidden = false;
    $("token").focus();
  }
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    const problem = type.includes("json") ? await response.json() : { detail: await response.text() };
    throw new ApiError(problem);
  }
  if (options.as === "blob") return response.blob();
  if (options.as === "text" || !type.includes("json")) return response.text();
  return response.json();
}

function showProblem(container, error) {
  const problem = error.problem || { detail: String(error) };
  container.replaceChildren(el("div", { class: "problem", role: "alert" },
    el("strong", {}, problem.title ? `${problem.title}: ` : "Error: "),
    problem.detail || "",
    problem.escalate_status ? el("span", { class: "muted" }, ` (${problem.escalate_status})`) : null));
}

/** An <img> of an SVG, made from text or a blob; the object URL is freed when replaced. */
function svgImage(svg, alt) {
  const blob = svg instanceof Blob ? svg : new Blob([svg], { type: "image/svg+xml" });
  const url = URL.createObjectURL(blob);
  const image = el("img", { src: url, alt, class: "flowchart" });
  image.addEventListener("load", () => setTimeout(() => URL.revokeObjectURL(url), 60000), { once: true });
  return el("figure", { class: "flowchart-frame" }, el("a", { href: url, target: "_blank", rel: "noopener" }, image),
    el("figcaption", {}, "Flowchart (opens full size in a new tab)."));
}

async function pathwayDetail(id) {
  if (!state.details.has(id)) state.details.set(id, await api(`/v1/pathways/${encodeURIComponent(id)}`));
  return state.details.get(id);
}

function fillSelect(select, options, selected) {
  select.replaceChildren(...options.map(([value, label]) =>
    el("option", { value, selected: value === selected }, label)));
}

function subjectOptions(detail) {
  return [["", "not stated"], ...detail.subjects.map((s) => [s, s])];
}

// ---- the stage table (pathways view and draft checker) ------------------------------------

function stageTable(detail, caption) {
  const names = new Map(detail.stages.map((s) => [s.id, s.name || s.id]));
  for (const outcome of detail.outcomes) names.set(outcome.id, `${outcome.name} (end: ${outcome.kind})`);
  const rows = detail.stages.map((stage) => el("tr", {},
    el("th", { scope: "row" }, el("span", { class: "stage-name" }, stage.name || stage.id), el("br"),
      el("code", {}, stage.id), stage.id === detail.entry_stage ? el("span", { class: "badge" }, "entry") : null),
    el("td", {}, stage.tier_name || stage.tier || ""),
    el("td", {}, timescaleText(stage.deadline),
      stage.limit ? el("div", { class: "muted" }, `capped by ${stage.limit.name}: ${stage.limit.working_days} working days from the outset`) : null,
      Number.isInteger(stage.worst_case_working_days)
        ? el("div", { class: "muted" }, `worst case: working day ${stage.worst_case_working_days} from the outset`) : null,
      (stage.steps || []).length ? el("ul", { class: "compact" }, stage.steps.map((step) =>
        el("li", {}, `Step: ${step.name} (${timescaleText({ kind: step.deadline, days: step.days, anchor: step.anchor })}${step.anchor === "previous-step" ? " after the step before" : ""})`))) : null),
    el("td", { class: "clause" }, stage.clause || ""),
    el("td", {}, el("ul", { class: "compact" }, (stage.events || []).map((route) =>
      el("li", {}, el("code", {}, route.event), " → ", names.get(route.to) || route.to,
        route.subject ? el("span", { class: "muted" }, ` (${route.subject} only)`) : null))))));
  return el("div", { class: "table-wrap", role: "region", "aria-label": caption, tabindex: "0" },
    el("table", { class: "stages" },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, ["Stage", "Tier", "Timescale", "Clause", "Routes"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)));
}

// ---- pathways view ------------------------------------------------------------------------

async function showPathway(id) {
  const container = $("pathway-detail");
  container.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  try {
    const detail = await pathwayDetail(id);
    const flowchart = await api(`/v1/pathways/${encodeURIComponent(id)}/flowchart.svg`, { as: "blob" })
      .then((blob) => svgImage(blob, `Flowchart of the ${detail.title} pathway: ${detail.stages.length} stages`))
      .catch((error) => { const box = el("div"); showProblem(box, error); return box; });
    const source = el("details", { class: "source" }, el("summary", {}, "Ruleset source (XML)"), el("pre", {}, el("code", {}, "Loading…")));
    source.addEventListener("toggle", async () => {
      if (!source.open || source.dataset.loaded) return;
      source.dataset.loaded = "1";
      try {
        source.querySelector("code").textContent = await api(`/v1/pathways/${encodeURIComponent(id)}/source.xml`, { as: "text" });
      } catch (error) {
        source.querySelector("code").textContent = error.message;
      }
    });
    container.replaceChildren(
      el("h3", {}, detail.title),
      el("dl", { class: "facts" },
        el("dt", {}, "Version"), el("dd", {}, `${detail.version}, in force from `, dateElement(detail.effective_from, "unknown")),
        el("dt", {}, "Published by"), el("dd", {}, detail.source.authority),
        el("dt", {}, "Source document"), el("dd", {}, detail.source.title, detail.source.date ? ` (${detail.source.date})` : ""),
        el("dt", {}, "Calendar"), el("dd", {}, el("code", {}, detail.calendar)),
        el("dt", {}, "Covers"), el("dd", {}, detail.subjects.join(" and "))),
      flowchart,
      stageTable(detail, `Stages of ${detail.id}`),
      detail.outcomes.length ? el("p", {}, "Ends: ", detail.outcomes.map((o) => `${o.name} (${o.kind})`).join("; "), ".") : null,
      source);
  } catch (error) {
    showProblem(container, error);
  }
}

// ---- case calculator ----------------------------------------------------------------------

async function refreshCaseChoices() {
  const detail = await pathwayDetail($("case-pathway").value);
  const stageSelect = $("case-stage");
  const previousStage = stageSelect.value;
  fillSelect(stageSelect, [["", "none yet: the disagreement is being raised"],
    ...detail.stages.map((s) => [s.id, s.name ? `${s.name}` : s.id])], previousStage);
  fillSelect($("case-subject"), subjectOptions(detail), $("case-subject").value);
  refreshCaseEvents(detail);
}

function refreshCaseEvents(detail) {
  const stageId = $("case-stage").value;
  const routes = stageId ? (detail.stages.find((s) => s.id === stageId) || {}).events || [] : detail.start;
  const seen = new Set();
  const options = [];
  for (const route of routes) {
    const key = route.event === null ? "" : route.event;
    if (seen.has(key)) continue;
    seen.add(key);
    options.push([key, key === "" ? "raised (start the pathway)" : key]);
  }
  fillSelect($("case-event"), options, $("case-event").value);
}

function workingTable(counted, caption) {
  return el("div", { class: "table-wrap", role: "region", "aria-label": caption, tabindex: "0" },
    el("table", { class: "working" }, el("caption", {}, caption),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Day"), el("th", { scope: "col" }, "Counts as"))),
      el("tbody", {}, counted.map((day) => el("tr", { class: day.working_day ? "" : "skipped" },
        el("td", {}, dateElement(day.date)),
        el("td", {}, day.working_day ? `working day ${day.working_day}`
          : day.skipped === "holiday" ? `skipped: ${day.holiday}` : "skipped: weekend"))))));
}

function explanationBlock(decision) {
  const x = decision.explanation;
  if (!x || decision.terminal) return null;
  const parts = [el("h4", {}, "The working")];
  const t = x.timescale;
  if (t.kind === "none") parts.push(el("p", {}, "The stage's own timescale: none (the policy states no timescale for this stage)."));
  else parts.push(el("p", {}, `The stage's own timescale: ${timescaleText(t)}, counted from `, dateElement(t.anchor_date),
    t.anchor === "pathway-start" ? " (the outset)" : " (the stage's entry)", ", gives ", dateElement(t.due), "."));
  if (t.counted) parts.push(workingTable(t.counted, "Days counted for the stage's own timescale"));
  if (x.limit) {
    parts.push(el("p", {}, `Overall limit “${x.limit.name}”: ${x.limit.working_days} working days from the outset, `,
      dateElement(x.limit.from), ", gives ", dateElement(x.limit.due), "."));
    if (x.due_rule === "overall-limit") parts.push(workingTable(x.limit.counted, "Days counted for the overall limit"));
  }
  const rule = x.due_rule === "overall-limit" ? `the overall limit “${x.limit.name}”, which comes first`
    : x.due_rule === "stage-timescale" ? "the stage's own timescale" : "nothing: no timescale applies";
  parts.push(el("p", { class: "rule" }, "Decided by ", rule, "."));
  return el("div", { class: "working-block" }, parts);
}

function obligationList(title, items) {
  if (!items || !items.length) return null;
  return el("div", {}, el("h4", {}, title), el("ul", {}, items.map((item) =>
    el("li", {}, item.name, " — due ", dateElement(item.due, "no timescale stated"),
      item.clause ? el("span", { class: "clause" }, ` [${item.clause}]`) : null))));
}

async function submitCase(event) {
  event.preventDefault();
  const result = $("case-result");
  const body = {
    pathway: $("case-pathway").value,
    stage: $("case-stage").value || null,
    event: $("case-event").value || null,
    subject: $("case-subject").value || null,
    at: $("case-at").value || null,
    started: $("case-started").value || null,
    explain: true,
  };
  if (!body.at) {
    showProblem(result, { problem: { title: "Missing date", detail: "Enter the date it happened." } });
    $("case-at").focus();
    return;
  }
  try {
    const d = await api("/v1/decide", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    result.replaceChildren(el("div", { class: "answer" },
      el("h3", {}, d.terminal ? "The case ends" : "Next"),
      el("dl", { class: "facts" },
        el("dt", {}, d.terminal ? "Outcome" : "Stage"), el("dd", { id: "answer-stage" }, d.stage_name, " ", el("code", {}, d.stage)),
        d.terminal ? null : el("dt", {}, "Responsible"), d.terminal ? null : el("dd", { id: "answer-tier" }, d.tier_name),
        d.terminal ? null : el("dt", {}, "Due"),
        d.terminal ? null : el("dd", { id: "answer-due", "data-date": d.due || "" }, dateElement(d.due, "no timescale stated")),
        el("dt", {}, "Clause"), el("dd", { class: "clause" }, d.clause || ""),
        d.transition_clause ? el("dt", {}, "Route") : null, d.transition_clause ? el("dd", { class: "clause" }, d.transition_clause) : null),
      obligationList("Steps", d.steps),
      obligationList("Actions required", d.actions),
      explanationBlock(d)));
  } catch (error) {
    showProblem(result, error);
  }
}

// ---- timeline -----------------------------------------------------------------------------

async function submitTimeline(event) {
  event.preventDefault();
  const result = $("timeline-result");
  const start = $("timeline-start").value;
  if (!start) {
    showProblem(result, { problem: { title: "Missing date", detail: "Enter the date the disagreement began." } });
    $("timeline-start").focus();
    return;
  }
  const params = new URLSearchParams({ start });
  if ($("timeline-subject").value) params.set("subject", $("timeline-subject").value);
  try {
    const t = await api(`/v1/pathways/${encodeURIComponent($("timeline-pathway").value)}/timeline?${params}`);
    const rows = t.stages.map((s) => el("tr", {},
      el("th", { scope: "row" }, s.stage_name, el("br"), el("code", {}, s.stage)),
      el("td", {}, s.tier_name),
      el("td", {}, dateElement(s.entered, "unknown")),
      el("td", {}, dateElement(s.due, s.entered ? "no timescale stated" : "unknown"))));
    let end = null;
    if (t.end && t.end.outcome) end = el("p", {}, `Ends in “${t.end.name}” (${t.end.kind}), reached `, dateElement(t.end.reached, "on a date not yet known"), ".");
    else if (t.end && t.end.no_unresolved_route_from) end = el("p", {}, `The pathway has no further route from ${t.end.no_unresolved_route_from}.`);
    result.replaceChildren(
      el("div", { class: "table-wrap", role: "region", "aria-label": "Timeline", tabindex: "0" },
        el("table", { class: "timeline" }, el("caption", {}, `${t.title}, begun `, dateElement(t.started), ", never resolved"),
          el("thead", {}, el("tr", {}, ["Stage", "Responsible", "Entered", "Due"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, rows))),
      end);
  } catch (error) {
    showProblem(result, error);
  }
}

// ---- draft checker ------------------------------------------------------------------------

function sourceListing(text, errorLines) {
  const lines = text.split("\n");
  const first = Math.min(...errorLines);
  const from = Math.max(1, first - 3), to = Math.min(lines.length, first + 3);
  const items = [];
  for (let n = from; n <= to; n++) {
    const wrong = errorLines.includes(n);
    items.push(el("li", { value: n, class: wrong ? "error-line" : null, "aria-current": wrong ? "true" : null },
      el("code", {}, lines[n - 1] || " ")));
  }
  return el("ol", { class: "listing", "aria-label": `The draft around line ${first}` }, items);
}

async function submitDraft(event) {
  event.preventDefault();
  const result = $("draft-result");
  const text = $("draft-text").value;
  if (!text.trim()) {
    showProblem(result, { problem: { title: "Nothing to check", detail: "Paste the XML or choose a file first." } });
    $("draft-text").focus();
    return;
  }
  result.replaceChildren(el("p", { class: "muted" }, "Checking…"));
  try {
    const v = await api("/v1/validate", { method: "POST", headers: { "Content-Type": "application/xml" }, body: text });
    if (!v.valid) {
      const lines = v.errors.map((e) => e.line).filter((n) => Number.isInteger(n));
      result.replaceChildren(el("div", { class: "problem", role: "alert" },
        el("h3", {}, "The draft does not load"),
        el("ul", { class: "errors" }, v.errors.map((e) => el("li", { "data-line": e.line ?? "" },
          e.line ? el("a", { href: "#draft-text", "data-line": e.line, class: "line-link" }, `Line ${e.line}`) : "The file",
          `: ${e.message}`)))),
        lines.length ? sourceListing(text, lines) : null);
      for (const link of result.querySelectorAll("a.line-link"))
        link.addEventListener("click", (click) => { click.preventDefault(); selectLine(Number(link.dataset.line)); });
      return;
    }
    if (!v.pathway) {
      result.replaceChildren(el("p", { class: "ok" }, `The draft loads: it is a ${v.kind} file.`));
      return;
    }
    const p = v.pathway;
    result.replaceChildren(
      el("p", { class: "ok", role: "status" }, `The draft loads: pathway ${p.id}, “${p.title}”, ${p.stages.length} stages.`),
      v.flowchart_svg ? svgImage(v.flowchart_svg, `Flowchart of the draft pathway ${p.id}`) : el("p", { class: "muted" }, "The flowchart cannot be drawn here (Graphviz is missing on the server)."),
      stageTable(p, `Stages of the draft ${p.id}`));
  } catch (error) {
    showProblem(result, error);
  }
}

/** Puts the cursor on a line of the draft, so the error can be fixed where it is. */
function selectLine(line) {
  const area = $("draft-text");
  const lines = area.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || "").length);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

// ---- views and start-up -------------------------------------------------------------------

const views = ["pathways", "case", "timeline", "draft"];

function showView(focus) {
  const name = views.includes(location.hash.slice(1)) ? location.hash.slice(1) : "pathways";
  for (const view of views) {
    $(`view-${view}`).hidden = view !== name;
    const link = $(`nav-${view}`);
    if (view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (focus) $(`${name}-heading`).focus();
}

function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function start() {
  window.addEventListener("hashchange", () => showView(true));
  showView(false);
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.token = $("token").value.trim();
    sessionStorage.setItem("escalate-token", state.token);
    $("token-form").hidden = true;
    state.details.clear();
    loadAll();
  });
  loadAll();
}

async function loadAll() {
  const status = $("status");
  try {
    const health = await api("/v1/health");
    $("version").textContent = health.version;
    state.pathways = (await api("/v1/pathways")).pathways;
    status.hidden = true;
  } catch (error) {
    status.textContent = `The pathways could not be loaded: ${error.message}`;
    status.hidden = false;
    return;
  }
  const choices = state.pathways.map((p) => [p.id, `${p.id}: ${p.title}`]);
  for (const id of ["pathway-select", "case-pathway", "timeline-pathway"]) fillSelect($(id), choices, $(id).value || choices[0][0]);
  $("case-at").value ||= today();
  $("timeline-start").value ||= today();

  $("pathway-select").onchange = () => showPathway($("pathway-select").value);
  $("case-pathway").onchange = () => refreshCaseChoices();
  $("case-stage").onchange = async () => refreshCaseEvents(await pathwayDetail($("case-pathway").value));
  $("case-form").onsubmit = submitCase;
  $("timeline-pathway").onchange = async () =>
    fillSelect($("timeline-subject"), subjectOptions(await pathwayDetail($("timeline-pathway").value)), "");
  $("timeline-form").onsubmit = submitTimeline;
  $("draft-form").onsubmit = submitDraft;
  $("draft-file").onchange = async () => {
    const file = $("draft-file").files[0];
    if (file) $("draft-text").value = await file.text();
  };
  $("draft-example").onclick = async () => {
    try {
      $("draft-text").value = await api(`/v1/pathways/${encodeURIComponent($("pathway-select").value)}/source.xml`, { as: "text" });
    } catch (error) {
      showProblem($("draft-result"), error);
    }
  };

  await Promise.all([showPathway($("pathway-select").value), refreshCaseChoices(),
    $("timeline-pathway").onchange()]);
  document.body.dataset.ready = "true";  // for the browser tests
}

document.addEventListener("DOMContentLoaded", start);
