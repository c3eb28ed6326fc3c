"use strict";
// Loaded in the page head: starts the map page's data requests while Leaflet is still loading.

const PAGE_SIZE = 50;
const FILTER_NAMES = ["date_from", "date_to", "event_type", "country", "actor", "text"];

/** The known, non-empty filters of a query string. */
NE.filtersOf = function (search) {
  const params = new URLSearchParams(search);
  const filters = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = (params.get(name) || "").trim();
    if (value) filters.set(name, value);
  }
  return filters;
};

NE.listUrl = function (filters, offset) {
  const params = new URLSearchParams(filters);
  params.set("limit", PAGE_SIZE);
  params.set("offset", offset);
  return `/events?${params}`;
};

/** Map points, statistics and the first list page, requested at once. */
NE.fetchPageData = function (filters, interval, offset) {
  const statsParams = new URLSearchParams(filters);
  statsParams.set("interval", interval);
  return Promise.all([
    NE.getJSON(`/ui/points?${filters}`), NE.getJSON(`/stats?${statsParams}`), NE.getJSON(NE.listUrl(filters, offset)),
  ]);
};

window.NE_PENDING = NE.fetchPageData(NE.filtersOf(window.location.search), "week", 0);
window.NE_PENDING.catch(() => { /* reported when the page uses it */ });
