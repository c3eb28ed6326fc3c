"use strict";
// The event page: what was found, the article text with the evidence highlighted in place, and
// every source. Spans are offsets in Unicode code points (the contract's unit); JavaScript
// strings count UTF-16 units, so the text is cut as an array of code points.

const KIND_LABELS = {
  trigger: "Trigger", actor1: "Actor 1", actor2: "Actor 2", assoc: "Associated actor",
  place: "Place", date: "Date", count: "Count", source: "Reported by",
};
// when marks overlap, the first of these names the segment
const KIND_ORDER = ["trigger", "count", "date", "place", "actor1", "actor2", "assoc", "source"];

function eventId() {
  const parts = window.location.pathname.split("/").filter(Boolean);
  return parts[parts.length - 1];
}

function actorLabel(actor) {
  if (!actor) return null;
  const details = [actor.type && actor.type.replace(/_/g, " "), actor.country].filter(Boolean).join(", ");
  return details ? `${actor.name} (${details})` : actor.name;
}

/** The spans to highlight: [{kind, start, end, label}]. */
function highlights(detail) {
  const event = detail.event;
  const found = [];
  const add = (kind, span, label) => {
    if (span && span.length === 2 && span[1] > span[0]) found.push({ kind, start: span[0], end: span[1], label });
  };
  if (event.trigger) add("trigger", event.trigger.span, `trigger “${event.trigger.text}”`);
  if (event.actor1) add("actor1", event.actor1.span, actorLabel(event.actor1));
  if (event.actor2) add("actor2", event.actor2.span, actorLabel(event.actor2));
  for (const actor of [...(event.assoc_actor1 || []), ...(event.assoc_actor2 || [])]) add("assoc", actor.span, actorLabel(actor));
  if (event.location) add("place", event.location.span, [event.location.name, event.location.country].filter(Boolean).join(", "));
  if (detail.date_mention) add("date", detail.date_mention.span, `date ${detail.date_mention.value}`);
  for (const figure of event.figures || []) {
    add("count", figure.span, `${figure.kind}: ${figure.value === null ? "unnumbered" : figure.value}`);
  }
  if (event.reported_by) add("source", event.reported_by.span, actorLabel(event.reported_by));
  return found;
}

/** The article text as text nodes and <mark>s; the evidence sentence is wrapped too. */
function renderText(container, text, marks, evidence) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const all = marks.slice();
  if (evidence) all.push({ kind: "evidence", start: evidence[0], end: evidence[1] });
  for (const m of all) {
    cuts.add(Math.max(0, Math.min(m.start, chars.length)));
    cuts.add(Math.max(0, Math.min(m.end, chars.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const firstOfKind = {};
  let evidenceNode = null;
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = chars.slice(from, to).join("");
    const active = marks.filter((m) => m.start <= from && to <= m.end);
    const inEvidence = evidence && evidence[0] <= from && to <= evidence[1];
    let node;
    if (active.length) {
      active.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
      const kinds = [...new Set(active.map((m) => m.kind))];
      node = NE.el("mark", {
        class: kinds.map((k) => `hl hl-${k}`).join(" "),
        title: active.map((m) => `${KIND_LABELS[m.kind]}: ${m.label}`).join("; "),
        "data-kind": kinds.join(" "),
      }, piece);
      for (const kind of kinds) {
        if (!firstOfKind[kind]) { firstOfKind[kind] = node; node.id = `hl-${kind}`; node.tabIndex = -1; }
      }
    } else {
      node = document.createTextNode(piece);
    }
    if (inEvidence) {
      if (!evidenceNode) {
        evidenceNode = NE.el("span", { class: "evidence", id: "evidence", title: "Evidence sentence" });
        container.append(evidenceNode);
      }
      evidenceNode.append(node);
    } else {
      evidenceNode = null;
      container.append(node);
    }
  }
}

function field(list, name, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(NE.el("dt", { text: name }), NE.el("dd", { text: String(value) }));
}

function drawFields(detail) {
  const event = detail.event;
  const list = document.getElementById("fields");
  const precision = { 1: "day", 2: "week or range", 3: "month or longer" }[event.time_precision];
  field(list, "Event type", event.sub_event_type ? `${event.event_type}: ${event.sub_event_type}` : event.event_type);
  field(list, "Date", [event.date, event.date_end && event.date_end !== event.date ? `to ${event.date_end}` : null, precision && `(${precision})`].filter(Boolean).join(" "));
  field(list, "Dated from", event.date_source === "text" ? "a time expression in the text" : event.date_source === "published" ? "the publication date" : event.date_source);
  field(list, "Actor 1", actorLabel(event.actor1));
  field(list, "Associated with actor 1", (event.assoc_actor1 || []).map(actorLabel).join("; "));
  field(list, "Actor 2", actorLabel(event.actor2));
  field(list, "Associated with actor 2", (event.assoc_actor2 || []).map(actorLabel).join("; "));
  if (event.location) {
    const place = event.location;
    field(list, "Place", [place.name || place.text, place.admin1, place.country].filter(Boolean).join(", "));
    if (place.lat !== null && place.lon !== null) field(list, "Coordinates", `${place.lat}, ${place.lon}`);
  }
  for (const kind of ["fatalities", "injured", "displaced", "arrested"]) field(list, kind[0].toUpperCase() + kind.slice(1), event[kind]);
  field(list, "Deaths told without a number", event.fatalities_text);
  field(list, "Reported by", actorLabel(event.reported_by));
  field(list, "CAMEO", event.cameo);
  field(list, "Confidence", event.confidence);
}

function drawHighlightList(marks) {
  const list = document.getElementById("highlight-list");
  const seen = new Set();
  for (const mark of marks) {
    if (seen.has(mark.kind)) continue;
    seen.add(mark.kind);
    const button = NE.el("button", { type: "button", class: `hl hl-${mark.kind}` }, `${KIND_LABELS[mark.kind]}`);
    button.addEventListener("click", () => {
      const target = document.getElementById(`hl-${mark.kind}`);
      if (target) { target.scrollIntoView({ block: "center" }); target.focus(); }
    });
    list.append(NE.el("li", {}, button, " ", NE.el("span", { text: mark.label || "" })));
  }
  if (!seen.size) list.append(NE.el("li", { text: "No spans to highlight." }));
}

function drawSources(detail) {
  const list = document.getElementById("sources");
  for (const source of detail.sources) {
    const item = NE.el("li", {});
    const href = NE.safeHref(source.url);
    const name = source.title || source.doc_id;
    item.append(href ? NE.el("a", { href, rel: "noopener noreferrer", target: "_blank", text: name }) : NE.el("strong", { text: name }));
    const meta = [source.source, source.published].filter(Boolean).join(", ");
    if (meta) item.append(NE.el("span", { class: "note", text: ` (${meta})` }));
    if (source.evidence_text) item.append(NE.el("blockquote", { text: source.evidence_text }));
    item.append(NE.el("a", { href: `/articles/${encodeURIComponent(source.article_id)}`, class: "note", text: "the article's annotations (JSON)" }));
    list.append(item);
  }
}

async function start() {
  const status = document.getElementById("status");
  try {
    const detail = await NE.getJSON(`/events/${encodeURIComponent(eventId())}`);
    const article = await NE.getJSON(`/articles/${encodeURIComponent(detail.article_id)}`);
    const event = detail.event;
    const title = `${event.event_type}${event.sub_event_type ? `: ${event.sub_event_type}` : ""}${event.date ? `, ${event.date}` : ""}`;
    document.getElementById("event-title").textContent = title;
    document.title = `newsevents: ${title}`;
    document.getElementById("article-title").textContent = article.title || article.doc_id;
    document.getElementById("article-meta").textContent =
      [article.source, article.published && `published ${article.published}${article.published_inferred ? " (inferred)" : ""}`].filter(Boolean).join(", ");
    const marks = highlights(detail);
    renderText(document.getElementById("article-text"), article.text, marks, event.evidence);
    drawFields(detail);
    drawHighlightList(marks);
    drawSources(detail);
    document.getElementById("event").hidden = false;
    status.textContent = "";
    if (detail.row.duplicate_of) {  // a report that deduplication merged into another event
      status.append("This report was merged into ", NE.el("a", { href: NE.eventUrl(detail.row.duplicate_of), text: `event ${detail.row.duplicate_of}` }), ", which lists every source.");
    }
    const evidence = document.getElementById("evidence");
    if (evidence) evidence.scrollIntoView({ block: "center" });
    document.body.dataset.loaded = "true";
  } catch (problem) {
    status.textContent = `Could not load the event: ${problem.message}`;
  }
}

start();
