"use strict";
// The map page: filters, a clustered map, the timeline and a paged event list, all driven by
// the filters in the page's query string (so a filtered view can be bookmarked or shared).


const state = { config: null, map: null, clusters: null, offset: 0, eventTypes: [] };

function currentFilters() {
  return NE.filtersOf(window.location.search);
}

function fillForm(filters) {
  const form = document.getElementById("filters");
  for (const name of FILTER_NAMES) form.elements[name].value = filters.get(name) || "";
}

function formFilters() {
  const form = document.getElementById("filters");
  const filters = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = form.elements[name].value.trim();
    if (value) filters.set(name, value);
  }
  return filters;
}

function applyFilters(filters) {
  const query = filters.toString();
  history.pushState(null, "", query ? `/?${query}` : "/");
  state.offset = 0;
  refresh();
}

// ---- map ----------------------------------------------------------------------------------------

const DotIcon = L.DivIcon.extend({
  // the dot's colour is set through the DOM (no markup built from data)
  createIcon(oldIcon) {
    const div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
    div.style.background = this.options.color;
    return div;
  },
});
const dotIcons = {};
function dotIcon(type) {
  if (!dotIcons[type]) {
    dotIcons[type] = new DotIcon({ className: "event-dot", iconSize: [14, 14], color: NE.colorOf(type), html: "" });
  }
  return dotIcons[type];
}

function clusterIcon(cluster) {
  const counts = {};
  for (const marker of cluster.getAllChildMarkers()) counts[marker.options.eventType] = (counts[marker.options.eventType] || 0) + 1;
  const total = cluster.getChildCount();
  // a pie ring of the types in the cluster, drawn as a conic gradient
  const stops = [];
  const parts = [];
  let angle = 0;
  for (const type of state.eventTypes.concat(Object.keys(counts).filter((t) => !state.eventTypes.includes(t)))) {
    const n = counts[type];
    if (!n) continue;
    const next = angle + (n / total) * 360;
    stops.push(`${NE.colorOf(type)} ${angle}deg ${next}deg`);
    parts.push(`${n} ${type}`);
    angle = next;
  }
  const size = total < 10 ? 30 : total < 100 ? 36 : total < 1000 ? 44 : 52;
  const ring = NE.el("div", { class: "cluster-ring" });
  ring.style.background = `conic-gradient(${stops.join(", ")})`;
  ring.append(NE.el("span", { class: "cluster-count", text: NE.formatNumber(total) }));
  const icon = L.divIcon({ html: ring, className: "event-cluster", iconSize: [size, size] });
  cluster.options.title = `${NE.formatNumber(total)} events: ${parts.join(", ")}. Press Enter to zoom in.`;
  return icon;
}

/** A marker's click (or Enter on a focused marker): its popup, made on demand. */
function openEventPopup() {
  L.popup({ autoPanPadding: [20, 20] }).setLatLng(this.getLatLng()).setContent(popupFor(this)).openOn(state.map);
}

function openOnEnter(event) {
  if (event.originalEvent.key === "Enter") openEventPopup.call(this);
}

function popupFor(marker) {
  const box = NE.el("div", { class: "popup" });
  box.append(NE.el("strong", { text: marker.options.eventType }));
  box.append(NE.el("div", { text: marker.options.eventDate || "undated" }));
  box.append(NE.el("a", { href: NE.eventUrl(marker.options.eventId), text: "Open the event and its evidence" }));
  return box;
}

function initMap() {
  // without tiles, zooming past 10 shows nothing more (and every zoom level costs clustering work)
  const maxZoom = state.config.tile_url ? 18 : 10;
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom, keyboard: true }).setView([20, 15], 2);
  map.attributionControl.setPrefix(false);
  if (state.config.tile_url) {
    L.tileLayer(state.config.tile_url, { maxZoom: 18, attribution: "map tiles as configured" }).addTo(map);
  }
  NE.getJSON("/ui/basemap.json").then((outlines) => {
    const layer = L.geoJSON(outlines, {
      interactive: false,
      style: { color: "#8a8f98", weight: 0.7, fillColor: state.config.tile_url ? "transparent" : "#eef0f2", fillOpacity: state.config.tile_url ? 0 : 1 },
    });
    layer.addTo(map);
    layer.bringToBack();
  }).catch(() => { /* the events still show without outlines */ });
  state.clusters = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(state.clusters);
  map.on("popupopen", (event) => {
    const link = event.popup.getElement().querySelector(".popup a");
    if (link) link.focus();
  });
  state.map = map;
}

function drawPoints(data) {
  state.clusters.clearLayers();
  const markers = [];
  for (const [id, lat, lon, typeIndex, date] of data.points) {
    const type = data.types[typeIndex];
    const marker = L.marker([lat, lon], {
      icon: dotIcon(type), keyboard: true, title: `${type}, ${date || "undated"}`, alt: type,
      eventId: id, eventType: type, eventDate: date,
    });
    marker.on({ click: openEventPopup, keypress: openOnEnter });
    markers.push(marker);
  }
  if (markers.length) {  // zoom first, so the clusters are drawn once, at the final zoom
    state.map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.2), { maxZoom: 5, animate: false });
  }
  state.clusters.addLayers(markers);
  const note = document.getElementById("map-note");
  note.textContent = data.truncated
    ? `The map shows the ${NE.formatNumber(data.points.length)} most recent located events of ${NE.formatNumber(data.matching)}; narrow the filters to see the rest.`
    : `${NE.formatNumber(data.points.length)} located event${data.points.length === 1 ? "" : "s"} on the map.`;
}

// ---- legend, list ----------------------------------------------------------------------------------

function drawLegend(stats) {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const type of state.eventTypes) {
    const n = stats.by_type[type] || 0;
    legend.append(NE.el("li", {}, NE.swatch(type), NE.el("span", { text: type }), NE.el("span", { class: "count", text: NE.formatNumber(n) })));
  }
  const names = document.getElementById("country-names");
  names.replaceChildren(...stats.by_country.filter((c) => c.name).map((c) => NE.el("option", { value: c.name })));
  const summary = document.getElementById("summary");
  summary.textContent = stats.total === 1 ? "1 event matches" : `${NE.formatNumber(stats.total)} events match`;
}

function actorsText(row) {
  const one = row.actor1_name || row.actor1_text;
  const two = row.actor2_name || row.actor2_text;
  return [one, two].filter(Boolean).join(" – ");
}

function drawList(page) {
  const holder = document.getElementById("event-list");
  holder.replaceChildren();
  if (page.events.length === 0) {
    holder.append(NE.el("p", { class: "note", text: "No events match the filters." }));
  } else {
    const table = NE.el("table", { class: "events" });
    table.append(NE.el("caption", { class: "sr-only", text: "Events matching the filters, newest first" }));
    const head = NE.el("tr", {});
    for (const name of ["Date", "Type", "Actors", "Location", "Deaths", "Article"]) head.append(NE.el("th", { scope: "col", text: name }));
    table.append(NE.el("thead", {}, head));
    const body = NE.el("tbody", {});
    for (const row of page.events) {
      const type = NE.el("td", {}, NE.swatch(row.event_type), NE.el("a", { href: NE.eventUrl(row.id), text: row.sub_event_type ? `${row.event_type}: ${row.sub_event_type}` : row.event_type }));
      const place = [row.location_name || row.location_text, row.location_country].filter(Boolean).join(", ");
      body.append(NE.el("tr", {},
        NE.el("td", { text: row.date_text || row.date || "" }), type,
        NE.el("td", { text: actorsText(row) }), NE.el("td", { text: place }),
        NE.el("td", { class: "num", text: row.fatalities === null ? "" : NE.formatNumber(row.fatalities) }),
        NE.el("td", { text: row.title || row.doc_id })));
    }
    table.append(body);
    holder.append(table);
  }
  const first = page.total ? page.offset + 1 : 0;
  document.getElementById("page-status").textContent =
    `${NE.formatNumber(first)}–${NE.formatNumber(page.offset + page.count)} of ${NE.formatNumber(page.total)}`;
  document.getElementById("prev-page").disabled = page.offset === 0;
  document.getElementById("next-page").disabled = page.next === null;
}

// ---- loading ----------------------------------------------------------------------------------------

function listUrl() {
  return NE.listUrl(currentFilters(), state.offset);
}

async function loadList() {
  drawList(await NE.getJSON(listUrl()));
}

function fetchData() {
  return NE.fetchPageData(currentFilters(), document.getElementById("interval").value, state.offset);
}

async function refresh(pending) {
  fillForm(currentFilters());
  const error = document.getElementById("filter-error");
  error.textContent = "";
  document.getElementById("interval-name").textContent = document.getElementById("interval").value;
  try {
    const [points, stats, page] = await (pending || fetchData());
    drawPoints(points);
    drawLegend(stats);
    drawList(page);
    NE.drawTimeline(document.getElementById("timeline"), stats, state.eventTypes, (from, to) => {
      const narrowed = currentFilters();
      narrowed.set("date_from", from);
      narrowed.set("date_to", to);
      applyFilters(narrowed);
    });
    document.body.dataset.loadedAt = String(Math.round(performance.now()));
    document.body.dataset.loaded = "true";
  } catch (problem) {
    error.textContent = `Could not load the events: ${problem.message}`;
    document.getElementById("summary").textContent = "";
  }
}

async function start() {
  // started in the page head (data.js) for the weekly view; a restored form may ask for days
  const pending = window.NE_PENDING && document.getElementById("interval").value === "week" ? window.NE_PENDING : fetchData();
  state.config = await NE.getJSON("/ui/config");
  state.eventTypes = state.config.event_types;
  const select = document.getElementById("f-type");
  for (const type of state.eventTypes) select.append(NE.el("option", { value: type, text: type }));
  initMap();
  document.getElementById("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters(formFilters());
  });
  document.getElementById("f-reset").addEventListener("click", () => applyFilters(new URLSearchParams()));
  document.getElementById("interval").addEventListener("change", () => refresh());
  document.getElementById("prev-page").addEventListener("click", () => {
    state.offset = Math.max(state.offset - PAGE_SIZE, 0);
    loadList();
  });
  document.getElementById("next-page").addEventListener("click", () => {
    state.offset += PAGE_SIZE;
    loadList();
  });
  window.addEventListener("popstate", () => { state.offset = 0; refresh(); });
  await refresh(pending);
}

start();
