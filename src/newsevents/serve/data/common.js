"use strict";
// Shared helpers of the newsevents pages. Every piece of data reaches the page through
// textContent or a DOM property, never through innerHTML: an article that contains markup
// shows that markup as text.

const NE = {};

// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies).
NE.TYPE_COLORS = {
  "Battles": "#D55E00",
  "Explosions/Remote violence": "#E69F00",
  "Violence against civilians": "#CC79A7",
  "Protests": "#0072B2",
  "Riots": "#56B4E9",
  "Strategic developments": "#009E73",
  "Other": "#7F7F7F",
};
NE.colorOf = (type) => NE.TYPE_COLORS[type] || "#444444";

/** An element with attributes and children (strings become text nodes). */
NE.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
};

/** GET a JSON resource; an Error with the server's message otherwise. */
NE.getJSON = async function (url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && body.detail) message = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return response.json();
};

/** An http(s) URL for a link, or null (no javascript: or data: links from article data). */
NE.safeHref = function (url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_) {
    return null;
  }
};

NE.formatNumber = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("en"));

NE.eventUrl = (id) => `/ui/events/${encodeURIComponent(id)}`;

/** A small coloured swatch for an event type. */
NE.swatch = function (type) {
  const mark = NE.el("span", { class: "swatch", "aria-hidden": "true" });
  mark.style.background = NE.colorOf(type);
  return mark;
};
