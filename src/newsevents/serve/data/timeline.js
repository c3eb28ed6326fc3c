"use strict";
// The timeline: a stacked bar chart of events per day or week by type, drawn as SVG by hand.
// A click on a bar (or Enter on a focused bar) narrows the date filter to that period.

const SVG_NS = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Draw `stats.by_period` into `container`.
 * types: event types in legend order; onPick(fromIso, toIso) is called when a bar is chosen.
 */
NE.drawTimeline = function (container, stats, types, onPick) {
  container.replaceChildren();
  const periods = stats.by_period || [];
  if (periods.length === 0) {
    container.append(NE.el("p", { class: "note", text: "No dated events match the filters." }));
    return;
  }
  const step = (stats.interval === "day" ? 1 : 7) * DAY_MS;
  const first = Date.parse(periods[0].period);
  const last = Date.parse(periods[periods.length - 1].period);
  const bins = Math.round((last - first) / step) + 1;
  const width = Math.max(container.clientWidth || 600, 300);
  const height = 170;
  const margin = { left: 40, right: 8, top: 8, bottom: 22 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const barW = Math.min(plotW / bins, 40);  // a few periods do not make slabs
  let maxTotal = 1;
  for (const p of periods) {
    const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
    if (total > maxTotal) maxTotal = total;
  }
  const y = (n) => margin.top + plotH - (n / maxTotal) * plotH;

  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "timeline-svg" });
  chart.setAttribute("role", "group");
  chart.setAttribute("aria-label", `Events per ${stats.interval}, ${periods.length} ${stats.interval}s with events, at most ${maxTotal} in one`);

  for (const fraction of [0, 0.5, 1]) {  // grid lines and their counts
    const value = Math.round(maxTotal * fraction);
    const lineY = y(value);
    chart.append(svg("line", { x1: margin.left, x2: width - margin.right, y1: lineY, y2: lineY, class: "grid" }));
    const label = svg("text", { x: margin.left - 4, y: lineY + 4, "text-anchor": "end", class: "axis" });
    label.textContent = NE.formatNumber(value);
    chart.append(label);
  }
  const ticks = Math.min(6, bins);
  for (let i = 0; i < ticks; i++) {  // date labels along the bottom
    const bin = Math.round((i * (bins - 1)) / Math.max(ticks - 1, 1));
    const anchor = ticks > 1 && i === 0 ? "start" : ticks > 1 && i === ticks - 1 ? "end" : "middle";  // edge labels stay inside
    const x = anchor === "start" ? margin.left + bin * barW : anchor === "end" ? margin.left + (bin + 1) * barW : margin.left + (bin + 0.5) * barW;
    const label = svg("text", { x, y: height - 6, "text-anchor": anchor, class: "axis" });
    label.textContent = isoDay(first + bin * step);
    chart.append(label);
  }

  const bars = [];
  for (const p of periods) {
    const start = Date.parse(p.period);
    const bin = Math.round((start - first) / step);
    // one tab stop for the whole chart: the arrow keys move between bars (a roving tabindex)
    const group = svg("g", { class: "bar", tabindex: bars.length === 0 ? "0" : "-1" });
    group.setAttribute("role", "button");
    const parts = [];
    let base = 0;
    for (const type of types) {
      const n = p.counts[type] || 0;
      if (!n) continue;
      const rect = svg("rect", {
        x: margin.left + bin * barW + (barW > 3 ? 0.5 : 0), width: Math.max(barW - (barW > 3 ? 1 : 0), 0.8),
        y: y(base + n), height: Math.max(y(base) - y(base + n), 0.5),
      });
      rect.style.fill = NE.colorOf(type);
      group.append(rect);
      base += n;
      parts.push(`${n} ${type}`);
    }
    const end = isoDay(start + step - DAY_MS);
    const label = `${stats.interval === "day" ? p.period : `Week of ${p.period}`}: ${parts.join(", ")}`;
    const title = svg("title");
    title.textContent = label;
    group.append(title);
    group.setAttribute("aria-label", label + ". Press Enter to show only this period.");
    const pick = () => onPick(p.period, end);
    group.addEventListener("click", pick);
    const index = bars.length;
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pick(); return; }
      const move = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[event.key];
      if (move === undefined) return;
      event.preventDefault();
      const target = Math.min(Math.max(index + move, 0), bars.length - 1);
      group.setAttribute("tabindex", "-1");
      bars[target].setAttribute("tabindex", "0");
      bars[target].focus();
    });
    bars.push(group);
    chart.append(group);
  }
  container.append(chart);
};
