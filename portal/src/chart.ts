// A line chart of the projected pool balance as inline SVG: no library, and
// readable by screen readers through a data table beside it.

export interface Point {
  day: number;
  /** balance in whole SESH (already scaled for drawing). */
  value: number;
}

const W = 720;
const H = 260;
const PAD = { l: 80, r: 16, t: 12, b: 32 };

/** lineChart returns an SVG element plotting the points. */
export function lineChart(points: Point[], label: string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("width", "100%");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  if (points.length === 0) return svg;
  const maxV = Math.max(...points.map((p) => p.value), 1);
  const maxD = Math.max(points[points.length - 1].day, 1);
  const minD = points[0].day;
  const x = (d: number) => PAD.l + ((d - minD) / Math.max(maxD - minD, 1)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / maxV) * (H - PAD.t - PAD.b);

  const axis = document.createElementNS(ns, "path");
  axis.setAttribute("d", `M${PAD.l},${PAD.t} V${H - PAD.b} H${W - PAD.r}`);
  axis.setAttribute("stroke", "#999");
  axis.setAttribute("fill", "none");
  svg.appendChild(axis);

  for (const frac of [0, 0.5, 1]) {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", String(PAD.l - 6));
    t.setAttribute("y", String(y(maxV * frac) + 4));
    t.setAttribute("text-anchor", "end");
    t.textContent = `${Math.round(maxV * frac).toLocaleString("en-US")}`;
    svg.appendChild(t);
  }
  const years = (maxD - minD) / 365;
  for (let yr = 0; yr <= Math.floor(years); yr++) {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", String(x(minD + yr * 365)));
    t.setAttribute("y", String(H - 10));
    t.setAttribute("text-anchor", "middle");
    t.textContent = yr === 0 ? "today" : `${yr} y`;
    svg.appendChild(t);
  }

  const line = document.createElementNS(ns, "path");
  line.setAttribute("d", points.map((p, i) => `${i ? "L" : "M"}${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "));
  line.setAttribute("stroke", "#00a86b");
  line.setAttribute("stroke-width", "2");
  line.setAttribute("fill", "none");
  line.setAttribute("data-points", String(points.length));
  svg.appendChild(line);
  return svg;
}
