/* structsweep report page.
 *
 * Builds, inside <main id="report">, the filters, the per-(task, architecture) charts, the training
 * dynamics, the surviving networks, the variance shares, the parallel coordinates, the configuration table
 * and the seed view, all from the JSON inlined in #report-data. Plain ES2017 and the global d3 (7.9);
 * nothing is fetched. Every string from the data is set with .text() / textContent, never as HTML.
 */
(function () {
  "use strict";

  const startedAt = performance.now();
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const report = d3.select("#report");
  // On a phone the answer cards fold to their titles and figures; a tap opens one.
  if (window.innerWidth < 600) {
    document.querySelectorAll("#answers details.card").forEach(card => { card.open = false; });
  }

  /* ---------- constants ---------- */

  const NARROW = 560;            // chart width (px) below which charts grow taller and labels move
  const MAX_OUTCOME_ROWS = 40;
  const PAGE_SIZE = 50;
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';   // keep equal to report.css
  // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
  const OUTCOMES = [
    { key: "solved", label: "solved", color: "#009E73" },
    { key: "stuck", label: "stuck", color: "#D55E00" },
    { key: "improving", label: "still improving", color: "#56B4E9" },
    { key: "diverged", label: "diverged", color: "#4d4d4d" }
  ];
  const UNCLASSIFIED = { key: "unclassified", label: "unclassified", color: "#c8c8c8" };
  const CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];
  const POSITIVE = "#0072B2";
  const NEGATIVE = "#D55E00";

  /* ---------- formatting: numbers as a person writes them ---------- */

  function finite(v) {
    return typeof v === "number" && Number.isFinite(v);
  }

  /** 0.001, 12, 0.9898: never 1e-3, never .01, never 0.58333333. */
  function plain(v) {
    if (!finite(v)) return "–";
    let s = String(+v.toPrecision(6));
    if (s.includes("e")) {   // String() switches to exponents below 1e-6
      const digits = Math.min(20, Math.max(0, 5 - Math.floor(Math.log10(Math.abs(v)))));
      s = v.toFixed(digits).replace(/\.?0+$/, "");
    }
    return s.replace("-", "\u2212");
  }

  const metricFormat = d3.format(".4~r");
  function metricText(v) {
    return finite(v) ? metricFormat(v) : "–";
  }

  const oneDecimal = d3.format(".1~f");
  /** A share as a percentage: 0.583 → "58.3 %". */
  function pct(p) {
    if (!finite(p)) return "–";
    if (p > 0 && p < 0.0005) return "< 0.1 %";
    if (p < 1 && p > 0.9995) return "> 99.9 %";
    return oneDecimal(p * 100) + " %";
  }
  /** A share as a tick label: whole percents, or one decimal where the ticks are closer than 1 %. */
  function pctTick(p) {
    const v = p * 100;
    return (Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : String(+v.toFixed(1))) + " %";
  }
  function whole(p) {
    return finite(p) ? String(Math.round(p * 100)) : "–";
  }
  /** "35 % (18–57 %)": the share with its 95 % interval. */
  function pctInterval(rate) {
    if (!rate || !finite(rate.p)) return "–";
    return `${pct(rate.p)} (${whole(rate.low)}–${whole(rate.high)} %)`;
  }
  /** "0.5–1", or "−0.4 to 0.6" where a dash would read as a minus. */
  function rangeText(a, b, format) {
    return (a < 0 || b < 0) ? `${format(a)} to ${format(b)}` : `${format(a)}–${format(b)}`;
  }
  const thousands = d3.format(",");
  const count = d3.format(",.1~f");   // medians of counts are whole or halves; quartiles need no more than one decimal
  function ofText(k, n) {
    return finite(k) && finite(n) ? `${count(k)} of ${count(n)}` : "–";
  }
  const signed = d3.format("+.2~r");

  /* ---------- the data, indexed ---------- */

  const axes = data.axes || [];
  const axisByName = new Map(axes.map(a => [a.name, a]));
  const varyingAxes = axes.filter(a => a.values.length > 1);
  const constantAxes = axes.filter(a => a.values.length === 1);
  const configs = data.configurations || [];
  const configById = new Map(configs.map(c => [c.id, c]));
  const tasks = new Map((data.tasks || []).map(t => [t.task, t]));
  const epsilons = axisByName.has("epsilon") ? sortedValues(axisByName.get("epsilon")) : [];
  const seedColumn = new Map((data.seedColumns || []).map((name, i) => [name, i]));
  const seeds = data.seeds || {};
  const tailShare = data.definitions && finite(data.definitions.tailShare) ? data.definitions.tailShare : 0.1;
  const key = v => String(v);
  const valueRank = new Map(axes.map(a => [a.name, new Map(sortedValues(a).map((v, i) => [key(v), i]))]));

  function sortedValues(axis) {
    return axis.numeric ? axis.values.slice().sort((a, b) => a - b) : axis.values.slice();
  }
  function seedsOf(c) {
    return c ? seeds[String(c.id)] : undefined;
  }
  function taskOf(c) {
    return tasks.get(c.task) || { task: c.task, metricLabel: "pruned metric", solvedAt: null, corners: false };
  }
  function axisLabel(name) {
    return axisByName.has(name) ? axisByName.get(name).label : name;
  }

  /** A setting's value in words: booleans as yes/no, batch size 0 as "full batch". */
  function valueText(axis, v) {
    if (v === null || v === undefined) return "–";
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "number") return axis && axis.name === "batch_size" && v === 0 ? "full batch" : plain(v);
    return String(v);
  }
  /** A setting short enough for a chart label: "relu", "λ=0.01", "init scale 1". */
  function settingText(axis, v) {
    const text = valueText(axis, v);
    if ((typeof v === "string" && !axis.numeric) || text === "full batch") return text;
    return axis.label.length <= 2 ? `${axis.label}=${text}` : `${axis.label} ${text}`;
  }
  function epsilonText(c) {
    return "epsilon" in c.values ? ` at ε = ${plain(c.values.epsilon)}` : "";
  }

  const lambdaColor = sequentialColors("lambda", d3.interpolateViridis, 0, 0.85);
  // L1 rules: a shape each wherever colour encodes λ, and a colour each on the λ charts.
  const l1Rules = axisByName.has("l1") ? sortedValues(axisByName.get("l1")).map(key) : [];
  const l1Shape = d3.scaleOrdinal(l1Rules, [d3.symbolCircle, d3.symbolTriangle, d3.symbolSquare, d3.symbolDiamond,
    d3.symbolCross, d3.symbolStar, d3.symbolWye]).unknown(d3.symbolCircle);
  const l1Color = d3.scaleOrdinal(l1Rules, ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"])
    .unknown("#777");
  const etaColor = sequentialColors("learning_rate", d3.interpolatePlasma, 0.05, 0.78);

  /** An ordinal colour per value of an ordered numeric axis (λ, η), spread over part of a colour map. */
  function sequentialColors(name, interpolate, from, to) {
    const values = axisByName.has(name) ? sortedValues(axisByName.get(name)).map(key) : [];
    const colors = values.map((v, i) => interpolate(values.length < 2 ? from : from + (to - from) * i / (values.length - 1)));
    return d3.scaleOrdinal(values, colors).unknown("#777");
  }

  /** Panels: one per (task, architecture), in the configurations' order (task, then hidden layers). */
  const panels = [];
  (function indexPanels() {
    const byKey = new Map();
    for (const c of configs) {
      const k = c.task + "\u0000" + c.architecture;
      if (!byKey.has(k)) {
        const panel = { key: k, task: c.task, architecture: c.architecture, title: `${c.task} ${c.architecture}`, all: [] };
        byKey.set(k, panel);
        panels.push(panel);
      }
      byKey.get(k).all.push(c);
    }
    for (const panel of panels) panel.hasSeeds = panel.all.some(c => seedsOf(c));
  })();
  function panelKey(c) {
    return c.task + "\u0000" + c.architecture;
  }
  /** The configuration the headline names, per training: its settings are highlighted at every ε. */
  const highlightedByTraining = new Map();
  for (const c of configs) {
    if (c.highlight && !highlightedByTraining.has(c.training)) highlightedByTraining.set(c.training, c);
  }
  function isNamed(c) {
    return highlightedByTraining.has(c.training);
  }

  /* ---------- state ---------- */

  const state = {
    filters: new Map(),   // axis name → key of the chosen value; an absent axis shows all its values
    brushes: new Map(),   // parallel axis name → { values: [keys] } (a setting) or { range: [lo, hi] } (a measure)
    selected: null,       // id of the configuration whose seeds are shown
    sort: null,           // { column, descending }
    page: 0,
    text: ""
  };

  /** The ε the charts open at: the one the headline speaks of, else the first. */
  const defaultEpsilon = epsilons.some(v => key(v) === key(data.defaultEpsilon)) ? key(data.defaultEpsilon)
    : (epsilons.length ? key(epsilons[0]) : null);
  /** Charts show one ε at a time: the chosen one, or the headline's when the table shows every ε. */
  function chartEpsilon() {
    return state.filters.has("epsilon") ? state.filters.get("epsilon") : defaultEpsilon;
  }
  /** The measures the parallel coordinates draw after the settings; brushable like them. */
  const MEASURE_DIMS = new Map([
    ["stuck-rate", { label: "stuck rate", value: c => c.rates.stuck.p }],
    ["median-sparsity", { label: "median sparsity", value: c => c.sparsity.median }]
  ]);
  function passesFilters(c, skipEpsilon) {
    for (const [name, k] of state.filters) {
      if (skipEpsilon && name === "epsilon") continue;
      if (key(c.values[name]) !== k) return false;
    }
    return true;
  }
  function passesBrushes(c) {
    for (const [name, brush] of state.brushes) {
      if (brush.range) {
        const v = MEASURE_DIMS.get(name).value(c);
        if (!finite(v) || v < brush.range[0] || v > brush.range[1]) return false;
      } else if (!brush.values.includes(key(c.values[name]))) {
        return false;
      }
    }
    return true;
  }
  /** The filters and the brushes on the parallel coordinates: what every chart and the table keep. */
  function passesAxisFilters(c, skipEpsilon) {
    return passesFilters(c, skipEpsilon) && passesBrushes(c);
  }
  function computeView() {
    const eps = chartEpsilon();
    const tableRows = [];
    const chartRows = [];
    const brushable = [];   // at the charts' ε, brushed or not: the parallel coordinates draw the others in grey
    for (const c of configs) {
      if (!passesFilters(c, true)) continue;
      const atEps = eps === null || key(c.values.epsilon) === eps;
      if (atEps) brushable.push(c);
      if (!passesBrushes(c)) continue;
      if (!state.filters.has("epsilon") || atEps) tableRows.push(c);
      if (atEps) chartRows.push(c);
    }
    return { tableRows, chartRows, brushable, epsilon: eps, byPanel: d3.group(chartRows, panelKey) };
  }
  let view = computeView();

  /* ---------- text measurement, tooltip, chart scaffolding ---------- */

  const measure = document.createElement("canvas").getContext("2d");
  function textWidth(s, size) {
    measure.font = `${size || 12}px ${FONT}`;
    return measure.measureText(s).width;
  }
  /** The longest prefix of s (with "…") that fits in width px. */
  function truncate(s, width) {
    if (textWidth(s) <= width) return s;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (textWidth(s.slice(0, mid) + "…") <= width) lo = mid; else hi = mid - 1;
    }
    return s.slice(0, lo) + "…";
  }

  const tip = d3.select("body").append("div").attr("class", "tooltip").attr("role", "status").attr("hidden", "");
  // On a touch screen a tap first pins the tooltip (with a link to the seeds); a second tap on the same mark selects.
  let pointerType = "mouse";
  let pinnedFor = null;   // id of the configuration whose tooltip a tap pinned
  document.addEventListener("pointerdown", event => { pointerType = event.pointerType || "mouse"; }, true);
  document.addEventListener("click", event => {
    if (pinnedFor !== null && !event.structsweepTap && !tip.node().contains(event.target)) hideTip();
  });
  window.addEventListener("scroll", () => { if (pinnedFor !== null) hideTip(); }, { passive: true });
  document.addEventListener("keydown", event => { if (event.key === "Escape" && pinnedFor !== null) hideTip(); });
  /** lines: the tooltip's text; pinFor: a configuration whose tooltip stays, with a link that selects it. */
  function showTip(event, lines, pinFor) {
    const pinned = Boolean(pinFor);
    tip.selectAll("div, button").remove();
    tip.selectAll("div").data(pinned ? lines.filter(line => !line.startsWith("click to see")) : lines)
      .join("div").text(d => d);
    tip.classed("pinned", pinned);
    pinnedFor = pinned ? pinFor.id : null;
    if (pinned) {
      tip.append("button").attr("type", "button").attr("class", "tip-select").text("see its seeds (or tap again)")
        .on("click", () => select(pinFor.id));
    }
    tip.attr("hidden", null);
    const box = tip.node().getBoundingClientRect();
    const left = Math.min(event.clientX + 14, window.innerWidth - box.width - 6);
    const top = event.clientY + 18 + box.height > window.innerHeight ? event.clientY - box.height - 10 : event.clientY + 18;
    tip.style("left", Math.max(4, left) + "px").style("top", Math.max(4, top) + "px");
  }
  function hideTip() {
    tip.attr("hidden", "").classed("pinned", false);
    pinnedFor = null;
  }
  /** Tooltip on hover, selection on click, for marks bound to configurations; on touch, tap to show, tap to select. */
  function interactive(selection, configOf) {
    selection
      .on("pointerenter pointermove", (event, d) => { if (event.pointerType !== "touch") showTip(event, describe(configOf(d))); })
      .on("pointerleave", event => { if (event.pointerType !== "touch" && pinnedFor === null) hideTip(); })
      .on("click", (event, d) => tapOrSelect(event, configOf(d)));
  }
  /** A click selects; the first tap of a finger on a configuration shows its tooltip instead. */
  function tapOrSelect(event, c) {
    if (pointerType === "touch" && pinnedFor !== c.id) {
      event.structsweepTap = true;   // the document's click listener must not hide what this tap shows
      showTip(event, describe(c), c);
      return;
    }
    select(c.id);
  }
  function describe(c) {
    const t = taskOf(c);
    const lines = [c.label + epsilonText(c)];
    if (isNamed(c)) {
      const named = highlightedByTraining.get(c.training);
      lines.push(`named on this page: ${named.highlight} at ε = ${plain(named.values.epsilon)}`);
    }
    lines.push(`${t.metricLabel}: ${metricText(c.metric.median)} (q1–q3 ${rangeText(c.metric.q1, c.metric.q3, metricText)})`);
    lines.push(`sparsity ${pct(c.sparsity.median)} (q1–q3 ${pct(c.sparsity.q1)}–${pct(c.sparsity.q3)}), ` +
      `${ofText(c.activeEdges.median, c.edges)} edges active`);
    lines.push(`solved ${pct(c.rates.solved.p)}, stuck ${pct(c.rates.stuck.p)}, ` +
      `still improving ${pct(c.rates.improving.p)}, diverged ${pct(c.rates.diverged.p)} of ${plain(c.trials)} trials`);
    lines.push("click to see its seeds");
    return lines;
  }

  /** Charts are drawn into slots, and redrawn on resize at the slot's width so that 12 px text stays 12 px. */
  let jobs = [];
  function addJob(slot, draw, onSelection) {
    jobs.push({ slot: slot.node(), draw, onSelection: Boolean(onSelection) });
  }
  function runJobs(list) {
    const widths = list.map(job => job.slot.clientWidth);   // read every width before drawing forces layouts
    list.forEach((job, i) => {
      job.slot.textContent = "";
      job.draw(d3.select(job.slot), Math.max(260, widths[i]));
    });
  }
  function slot(parent, cls) {
    return parent.append("div").attr("class", cls ? "slot " + cls : "slot");
  }
  function note(parent, text) {
    return parent.append("p").attr("class", "note").text(text);
  }
  function chartHeight(width, wide, narrow) {
    return Math.round(width * (width < NARROW ? narrow : wide));
  }
  /** A figure.chart with one svg (viewBox, width 100 %) and its caption; the caller draws into svg. */
  function figure(parent, kind, width, height, caption) {
    const fig = parent.append("figure").attr("class", "chart").attr("data-chart", kind);
    const svg = fig.append("svg")
      .attr("viewBox", `0 0 ${width} ${height}`)
      .attr("preserveAspectRatio", "xMidYMid meet")
      .attr("role", "img")
      .attr("aria-label", caption)
      .style("width", "100%");
    fig.append("figcaption").text(caption);
    return { fig, svg };
  }
  function drawn(fig) {
    fig.attr("data-drawn", "true");
  }
  function legend(fig, items, title) {
    const box = fig.insert("div", "figcaption").attr("class", "legend");
    if (title) box.append("span").attr("class", "legend-title").text(title);
    const item = box.selectAll("span.item").data(items).join("span").attr("class", "item");
    item.filter(d => !d.symbol).append("span").attr("class", d => "key " + (d.kind || "swatch")).style("--c", d => d.color);
    // A shape key (an L1 rule's mark) is drawn as the chart draws it.
    item.filter(d => d.symbol).append("svg").attr("class", "key symbol").attr("width", 14).attr("height", 14)
      .attr("viewBox", "-7 -7 14 14").attr("aria-hidden", "true")
      .append("path").attr("d", d => d3.symbol(d.symbol, 60)()).attr("fill", d => d.color || "#555");
    item.append("span").text(d => d.label);
  }
  function chartNote(fig, text) {
    fig.append("p").attr("class", "chart-note").text(text);
  }
  function xAxis(svg, scale, y, title, format, ticks) {
    const axis = d3.axisBottom(scale).ticks(ticks || Math.max(3, Math.round((scale.range()[1] - scale.range()[0]) / 80)));
    if (format) axis.tickFormat(format);
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${y})`).call(axis);
    const [a, b] = scale.range();
    svg.append("text").attr("class", "axis-title").attr("x", (a + b) / 2).attr("y", y + 36)
      .attr("text-anchor", "middle").text(title);
  }
  /** ticks: a count, or the tick values themselves. */
  function yAxis(svg, scale, x, title, format, ticks) {
    const [bottom, top] = scale.range();
    const axis = Array.isArray(ticks) ? d3.axisLeft(scale).tickValues(ticks)
      : d3.axisLeft(scale).ticks(ticks || Math.max(3, Math.round((bottom - top) / 50)));
    if (format) axis.tickFormat(format);
    const g = svg.append("g").attr("class", "axis").attr("transform", `translate(${x},0)`).call(axis);
    // The title clears the widest tick label, however long the labels are.
    const widest = d3.max(g.selectAll(".tick text").nodes(), n => textWidth(n.textContent, 11)) || 0;
    svg.append("text").attr("class", "axis-title").attr("text-anchor", "middle")
      .attr("transform", `translate(${x - Math.max(46, widest + 24)},${(top + bottom) / 2}) rotate(-90)`).text(title);
    return g;
  }
  /** The left margin a y axis needs for its tick labels and its title. */
  function yAxisMargin(labels) {
    return Math.max(62, d3.max(labels, l => textWidth(l, 11)) + 40);
  }
  /**
   * Powers of ten for a log axis whose domain spans whole decades: every decade when they are 18 px apart or
   * more, else every second, third, …, so that labels never collide.
   */
  function decadeTicks(scale) {
    const [lo, hi] = scale.domain();
    const [bottom, top] = scale.range();
    const first = Math.round(Math.log10(lo));
    const last = Math.round(Math.log10(hi));
    const decades = d3.range(first, last + 1);
    const every = Math.max(1, Math.ceil(18 * decades.length / Math.max(1, Math.abs(bottom - top))));
    return decades.filter(e => (last - e) % every === 0).map(e => Math.pow(10, e));
  }
  /** 1e−6, 1e−4, …, 1, 10, 1e2: one power of ten, one short label. */
  function decadeText(v) {
    const e = Math.round(Math.log10(v));
    if (e === 0) return "1";
    if (e === 1) return "10";
    return "1e" + String(e).replace("-", "\u2212");
  }
  /** Gridlines behind a chart, at the ticks of a scale. */
  function gridY(svg, scale, x0, x1, ticks) {
    svg.append("g").attr("class", "grid").selectAll("line").data(scale.ticks(ticks)).join("line")
      .attr("x1", x0).attr("x2", x1).attr("y1", d => scale(d)).attr("y2", d => scale(d));
  }

  /**
   * A y (or x) scale for a task's metric that includes the solved threshold. R² can fall far below 0:
   * below −1 the scale is clamped and the chart says so.
   */
  function metricScale(task, values, range) {
    const known = values.filter(finite);
    if (finite(task.solvedAt)) known.push(task.solvedAt);
    let lo = known.length ? d3.min(known) : 0;
    let hi = known.length ? d3.max(known) : 1;
    let clipped = false;
    if (lo < -1 && hi <= 1) {
      lo = -1;
      clipped = true;
    }
    const span = hi - lo || 0.1;
    const scale = d3.scaleLinear([lo - (clipped ? 0 : 0.04 * span), hi + 0.04 * span], range).clamp(true);
    return { scale, clipped };
  }

  /* ---------- filters ---------- */

  function buildFilters() {
    const box = report.append("section").attr("id", "filters").attr("aria-label", "filters");
    // On a phone the controls fold under one line, so that the first chart comes within two screens; a view that
    // the URL restores with filters or brushes opens them.
    const phone = window.innerWidth < 600;
    const holder = phone ? box.append("details").attr("class", "filter-fold") : box;
    if (phone) {
      holder.property("open", state.filters.size > 0 || state.brushes.size > 0);
      holder.append("summary").append("h2").text(`Filters (${varyingAxes.length} settings vary)`);
    } else {
      box.append("h2").text("Filters");
    }
    const controls = holder.append("div").attr("class", "filter-controls");
    for (const axis of varyingAxes) {
      const label = controls.append("label").attr("class", "filter");
      label.append("span").text(axis.label);
      const selectEl = label.append("select").attr("data-axis", axis.name);
      const isEpsilon = axis.name === "epsilon";
      const options = [{ value: "all", text: isEpsilon ? `all (charts: ${plain(+defaultEpsilon)})` : "all" }]
        .concat(sortedValues(axis).map(v => ({ value: key(v), text: valueText(axis, v) })));
      selectEl.selectAll("option").data(options).join("option").attr("value", d => d.value).text(d => d.text);
      selectEl.property("value", state.filters.has(axis.name) ? state.filters.get(axis.name) : "all");
      selectEl.on("change", function () {
        if (this.value === "all") state.filters.delete(axis.name); else state.filters.set(axis.name, this.value);
        refresh();
      });
    }
    if (varyingAxes.length) {
      controls.append("button").attr("type", "button").attr("class", "reset").text("show all").on("click", () => {
        state.filters.clear();
        state.brushes.clear();
        controls.selectAll("select").property("value", "all");
        refresh();
      });
    }
    controls.append("button").attr("type", "button").attr("class", "clear-brushes").attr("hidden", "")
      .text("clear brushes").on("click", clearBrushes);
    controls.append("button").attr("type", "button").attr("class", "download").attr("id", "download-csv")
      .attr("title", "the rows the table keeps (filters, brushes and find), built in this page: no file is fetched")
      .text("download CSV").on("click", () => downloadCsv("configurations"));
    if (constantAxes.length) {
      holder.append("p").attr("class", "constants").text("Every configuration: " +
        constantAxes.map(a => `${a.label}${a.label.length <= 2 ? " =" : ""} ${valueText(a, a.values[0])}`).join(", ") + ".");
    }
    box.append("p").attr("class", "status").attr("aria-live", "polite");
  }
  function renderStatus() {
    const rows = view.tableRows.length;
    let text = `${thousands(rows)} of ${thousands(configs.length)} configuration × ε rows match the filters.`;
    if (view.epsilon !== null) {
      text += state.filters.has("epsilon")
        ? ` Charts and table at ε = ${plain(+view.epsilon)}.`
        : ` The table shows every ε; charts show ε = ${plain(+view.epsilon)}.`;
    }
    if (state.brushes.size) text += ` Brushed: ${brushText()}.`;
    report.select("#filters .status").text(text);
    report.select("#filters .clear-brushes").attr("hidden", state.brushes.size ? null : "");
  }
  /** The brushes in words: "stuck rate 10–50 %; activation relu or tanh". */
  function brushText() {
    return [...state.brushes].map(([name, brush]) => {
      if (brush.range) return `${MEASURE_DIMS.get(name).label} ${rangeText(brush.range[0] * 100, brush.range[1] * 100, v => oneDecimal(v))} %`;
      const axis = axisByName.get(name);
      const shown = brush.values.map(k => valueText(axis, (axis.values.find(v => key(v) === k))));
      return `${axis.label} ${shown.length ? shown.join(" or ") : "none"}`;
    }).join("; ");
  }
  function clearBrushes() {
    state.brushes.clear();
    refresh();
  }

  /* ---------- per (task, architecture) panels ---------- */

  /** The settings (not task, hidden layers or ε) that take more than one value among list. */
  function varyingWithin(list) {
    return varyingAxes.filter(a => {
      if (a.name === "task" || a.name === "hidden" || a.name === "epsilon") return false;
      const first = key(list[0].values[a.name]);
      return list.some(c => key(c.values[a.name]) !== first);
    });
  }
  function shortLabel(panel, c) {
    return panel.varying.map(a => settingText(a, c.values[a.name])).join(" ") || c.label;
  }

  function renderPanels(body) {
    const eps = view.epsilon === null ? "" : ` at ε = ${plain(+view.epsilon)}`;
    let drawnPanels = 0;
    for (const panel of panels) {
      const shown = view.byPanel.get(panel.key);
      if (!shown) continue;
      drawnPanels += 1;
      panel.shown = shown;
      panel.varying = varyingWithin(shown);
      const task = taskOf(shown[0]);
      const section = body.append("section").attr("class", "panel");
      section.append("h3").text(panel.title);
      section.append("p").attr("class", "panel-meta")
        .text(`${thousands(shown.length)} configuration${shown.length === 1 ? "" : "s"}${eps}. Solved: ${task.solvedText || task.metricLabel}.`);
      const grid = section.append("div").attr("class", "charts");
      addJob(slot(grid), (s, w) => drawTradeoff(s, w, panel), true);
      addJob(slot(grid), (s, w) => drawPanelEcdf(s, w, panel), true);
      addJob(slot(grid, "wide"), (s, w) => drawOutcomes(s, w, panel));
      if (panel.varying.some(a => a.name === "lambda")) {
        addJob(slot(grid), (s, w) => drawLambdaChart(s, w, panel, "stuck"));
        addJob(slot(grid), (s, w) => drawLambdaChart(s, w, panel, "sparsity"));
      } else {
        const lambdaAxis = axisByName.get("lambda");
        if (lambdaAxis) {
          note(grid.append("div").attr("class", "slot"), `λ is ${plain(shown[0].values.lambda)} in every configuration` +
            (lambdaAxis.values.length > 1 ? " the filters keep." : "."));
        }
      }
      if (task.corners) addJob(slot(grid), (s, w) => drawPanelCorners(s, w, panel), true);
      if (shown.some(c => c.structure && c.structure.distance)) {
        addJob(slot(grid), (s, w) => drawPanelDistance(s, w, panel), true);
      }
    }
    if (!drawnPanels) note(body, "No configuration matches the filters.");
  }

  function drawTradeoff(parent, width, panel) {
    const task = taskOf(panel.shown[0]);
    const points = panel.shown.filter(c => finite(c.sparsity.median) && finite(c.metric.median));
    const height = chartHeight(width, 0.6, 0.95);
    const m = { top: 12, right: 16, bottom: 48, left: 62 };
    const x = d3.scaleLinear([0, 1], [m.left, width - m.right]);
    const metricValues = [];
    for (const c of points) metricValues.push(c.metric.q1, c.metric.median, c.metric.q3);
    const paper = paperClaimOf(panel);
    if (paper) metricValues.push(paper.metric);
    const { scale: y, clipped } = metricScale(task, metricValues, [height - m.bottom, m.top]);
    const lambdaVaries = panel.varying.some(a => a.name === "lambda");
    const caption = `Each point is one configuration at its medians over seeds: sparsity (share of the ${plain(panel.shown[0].edges)} ` +
      `edges pruned) against ${task.metricLabel}; bars run from the first to the third quartile in each direction. ` +
      (points.length > 1 ? "The step line is the Pareto front (no configuration is both sparser and better). " : "") +
      (lambdaVaries ? "Colour: λ. " : "") + (panel.varying.some(a => a.name === "l1") ? "Shape: L1 rule. " : "") +
      "Points that would fall on one another are set slightly apart around their spot (their bars stay on it). " +
      "Dashed: the solved threshold. Click a point to see its seeds.";
    const { fig, svg } = figure(parent, "tradeoff", width, height, caption);
    gridY(svg, y, m.left, width - m.right, 5);
    xAxis(svg, x, height - m.bottom, "sparsity (share of edges pruned)", pctTick);
    yAxis(svg, y, m.left, task.metricLabel, metricText, 5);
    if (finite(task.solvedAt)) {
      svg.append("line").attr("class", "threshold").attr("x1", m.left).attr("x2", width - m.right)
        .attr("y1", y(task.solvedAt)).attr("y2", y(task.solvedAt));
      svg.append("text").attr("class", "threshold-label").attr("x", width - m.right - 4).attr("y", y(task.solvedAt) + 13)
        .attr("text-anchor", "end").text(`solved at ${metricText(task.solvedAt)}`);
    }
    svg.classed("crowded", points.length > 60);
    const color = c => lambdaVaries ? lambdaColor(key(c.values.lambda)) : POSITIVE;
    // Quartile bars, one path per colour: hundreds of configurations stay cheap to lay out.
    const bars = d3.rollups(points, list => list.map(c => {
      const cx = x(c.sparsity.median).toFixed(1);
      const cy = y(c.metric.median).toFixed(1);
      return `M${x(orMedian(c.sparsity, "q1")).toFixed(1)},${cy}H${x(orMedian(c.sparsity, "q3")).toFixed(1)}` +
        `M${cx},${y(orMedian(c.metric, "q1")).toFixed(1)}V${y(orMedian(c.metric, "q3")).toFixed(1)}`;
    }).join(""), color);
    svg.append("g").selectAll("path").data(bars).join("path").attr("class", "iqr")
      .attr("stroke", d => d[0]).attr("d", d => d[1]);
    if (points.length > 1) {
      // Sorted by sparsity (best metric first on ties), the front steps down where the next point starts.
      const front = points.filter(c => c.pareto)
        .sort((a, b) => a.sparsity.median - b.sparsity.median || b.metric.median - a.metric.median);
      if (front.length) {
        svg.append("path").attr("class", "front").attr("d", d3.line().curve(d3.curveStepBefore)
          .x(c => x(c.sparsity.median)).y(c => y(c.metric.median))(front));
      }
    }
    // highlighted configurations last, so that they sit on top
    const ordered = points.filter(c => !isNamed(c)).concat(points.filter(isNamed));
    const ruleVaries = panel.varying.some(a => a.name === "l1");
    const size = points.length > 60 ? 40 : 78;
    const offset = dodge(points, c => x(c.sparsity.median), c => y(c.metric.median), points.length > 60 ? 5 : 8);
    const marksOf = svg.append("g").selectAll("path.point").data(ordered).join("path").attr("class", "point")
      .classed("highlighted", isNamed).classed("selected", c => c.id === state.selected)
      .attr("data-configuration", c => c.id).attr("fill", color)
      .attr("d", c => d3.symbol(ruleVaries ? l1Shape(key(c.values.l1)) : d3.symbolCircle, size)())
      .attr("transform", c => `translate(${(x(c.sparsity.median) + offset.get(c)[0]).toFixed(1)},` +
        `${(y(c.metric.median) + offset.get(c)[1]).toFixed(1)})`);
    interactive(marksOf, c => c);
    if (paper) {
      const edges = panel.shown[0].edges;
      const px = x(Math.max(0, 1 - paper.activeEdges / edges));
      const py = y(paper.metric);
      const g = svg.append("g").attr("class", "paper-mark").attr("transform", `translate(${px.toFixed(1)},${py.toFixed(1)})`);
      g.append("path").attr("d", d3.symbol(d3.symbolStar, 110)());
      g.append("title").text(`the paper's single run: ${paper.text}`);
      const right = px + 12 + textWidth("paper") < width - m.right;
      g.append("text").attr("class", "paper-label").attr("x", right ? 9 : -9).attr("y", -8)
        .attr("text-anchor", right ? "start" : "end").text("paper");
    }
    if (lambdaVaries) {
      const present = new Set(points.map(c => key(c.values.lambda)));
      legend(fig, sortedValues(axisByName.get("lambda")).filter(v => present.has(key(v)))
        .map(v => ({ label: plain(v), color: lambdaColor(key(v)), kind: "dot" })), "λ");
    }
    if (ruleVaries) {
      const present = new Set(points.map(c => key(c.values.l1)));
      legend(fig, l1Rules.filter(r => present.has(r)).map(r => ({ label: r, symbol: l1Shape(r), color: "#555" })), "L1 rule");
    }
    const marks = [];
    if (paper) {
      marks.push({ label: `paper: ${paper.text} (one run, ε = ${plain(paper.epsilon)}; drawn at ` +
        `${plain(paper.activeEdges)} of ${plain(panel.shown[0].edges)} edges)`, symbol: d3.symbolStar, color: "#000" });
    }
    if (points.some(isNamed)) marks.push({ label: "named in the headline", color: "#000", kind: "ring" });
    if (svg.select(".front").size()) marks.push({ label: "Pareto front", color: "#333", kind: "line" });
    if (marks.length) legend(fig, marks);
    if (clipped) chartNote(fig, `Values below ${metricText(-1)} are drawn at the bottom edge.`);
    if (points.length < panel.shown.length) {
      const missing = panel.shown.length - points.length;
      chartNote(fig, `${missing} configuration${missing === 1 ? " has" : "s have"} no median (every trial diverged, or none ran) and ` +
        `${missing === 1 ? "is" : "are"} not drawn.`);
    }
    drawn(fig);
  }
  /**
   * Offsets [dx, dy] that set apart marks which would be drawn on one another: marks within radius px of each other
   * form a cluster, spread on a small circle in the order of their ids, so the same data give the same picture.
   */
  function dodge(list, xOf, yOf, radius) {
    const offsets = new Map(list.map(c => [c, [0, 0]]));
    const sorted = list.slice().sort((a, b) => a.id - b.id);
    const clusters = [];
    for (const c of sorted) {
      const px = xOf(c), py = yOf(c);
      const near = clusters.find(k => Math.hypot(k.x - px, k.y - py) < radius);
      if (near) near.members.push(c); else clusters.push({ x: px, y: py, members: [c] });
    }
    for (const k of clusters) {
      const n = k.members.length;
      if (n < 2) continue;
      const ring = Math.max(radius, n * (radius + 3) / (2 * Math.PI));
      k.members.forEach((c, i) => {
        const angle = -Math.PI / 2 + 2 * Math.PI * i / n;
        offsets.set(c, [ring * Math.cos(angle), ring * Math.sin(angle)]);
      });
    }
    return offsets;
  }
  /** The paper's single run whose setting a panel shows (at any ε), or null. */
  function paperClaimOf(panel) {
    const trainings = new Set(panel.shown.map(c => c.training));
    return (data.paperClaims || []).find(claim => claim.task === panel.task &&
      claim.configurations.some(id => configById.has(id) && trainings.has(configById.get(id).training))) || null;
  }
  function orMedian(summary, quartile) {
    return finite(summary[quartile]) ? summary[quartile] : summary.median;
  }

  /** Outcome shares of a configuration as stacked segments, unclassified last when present. */
  function segmentsOf(c) {
    let start = 0;
    const classes = OUTCOMES.concat(c.outcomes && c.outcomes.unclassified ? [UNCLASSIFIED] : []);
    return classes.map(o => {
      const share = c.trials ? (c.outcomes[o.key] || 0) / c.trials : 0;
      const segment = { outcome: o, c, start, end: start + share };
      start += share;
      return segment;
    });
  }

  function drawOutcomes(parent, width, panel) {
    let rows = panel.shown.filter(c => c.trials > 0);
    const total = rows.length;
    if (rows.length > MAX_OUTCOME_ROWS) {
      rows = rows.slice().sort((a, b) => b.rates.solved.p - a.rates.solved.p).slice(0, MAX_OUTCOME_ROWS);
    }
    const narrow = width < NARROW;
    const labels = new Map(rows.map(c => [c.id, shortLabel(panel, c)]));
    const labelWidth = narrow ? 0 : Math.min(width * 0.4, d3.max(rows, c => textWidth(labels.get(c.id))) + 12);
    const bar = 16;
    const rowHeight = narrow ? 36 : 24;       // narrow: the label sits above its bar
    const m = { top: 6, right: 18, bottom: 46, left: narrow ? 8 : labelWidth + 10 };
    const height = m.top + rows.length * rowHeight + m.bottom;
    const x = d3.scaleLinear([0, 1], [m.left, width - m.right]).clamp(true);
    const barTop = i => m.top + i * rowHeight + (narrow ? 16 : 4);
    const caption = `Outcome of each configuration's trials${view.epsilon === null ? "" : ` at ε = ${plain(+view.epsilon)}`}, ` +
      "as shares of its trials. Whiskers: 95 % Wilson interval of the solved share (upper, from 0) and of the stuck " +
      "share (lower, measured from the end of the solved segment). Click a bar to see its seeds.";
    const { fig, svg } = figure(parent, "outcomes", width, height, caption);
    svg.append("g").attr("class", "grid").selectAll("line").data(x.ticks(5)).join("line")
      .attr("x1", d => x(d)).attr("x2", d => x(d)).attr("y1", m.top).attr("y2", height - m.bottom);
    xAxis(svg, x, height - m.bottom, "share of trials", pctTick, narrow ? 4 : 10);
    const row = svg.append("g").selectAll("g").data(rows).join("g").attr("class", "outcome-row")
      .attr("transform", (c, i) => `translate(0,${barTop(i)})`);
    row.selectAll("rect.segment").data(segmentsOf).join("rect").attr("class", "segment")
      .attr("x", s => x(s.start)).attr("width", s => Math.max(0, x(s.end) - x(s.start)))
      .attr("height", bar).attr("fill", s => s.outcome.color);
    row.append("text").attr("class", "row-label")
      .attr("x", narrow ? m.left : m.left - 8).attr("y", narrow ? -4 : bar / 2).attr("dy", narrow ? 0 : "0.35em")
      .attr("text-anchor", narrow ? "start" : "end")
      .text(c => truncate(labels.get(c.id), narrow ? width - m.left - m.right : labelWidth - 4));
    const solved = c => c.rates.solved;
    const stuck = c => c.rates.stuck;
    whiskers(row.filter(c => finite(solved(c).low)), c => x(solved(c).low), c => x(solved(c).high), bar * 0.3);
    whiskers(row.filter(c => finite(stuck(c).low)), c => x(solved(c).p + stuck(c).low), c => x(solved(c).p + stuck(c).high), bar * 0.72);
    row.append("rect").attr("class", "hit").attr("x", 0).attr("y", narrow ? -16 : -4)
      .attr("width", width).attr("height", rowHeight);
    interactive(row, c => c);
    const unclassified = rows.some(c => c.outcomes && c.outcomes.unclassified);
    legend(fig, OUTCOMES.concat(unclassified ? [UNCLASSIFIED] : []).map(o => ({ label: o.label, color: o.color })));
    if (rows.length < total) {
      chartNote(fig, `${thousands(total)} configurations match; shown are the ${MAX_OUTCOME_ROWS} with the highest solved share, best first. ` +
        "Narrow the filters to see the others (all are in the table below).");
    }
    drawn(fig);
  }
  /** Interval whiskers with end caps, on rows already translated to their bar's top. */
  function whiskers(rows, x0, x1, y) {
    const g = rows.append("g").attr("class", "whisker");
    g.append("line").attr("x1", x0).attr("x2", x1).attr("y1", y).attr("y2", y);
    g.append("line").attr("x1", x0).attr("x2", x0).attr("y1", y - 3).attr("y2", y + 3);
    g.append("line").attr("x1", x1).attr("x2", x1).attr("y1", y - 3).attr("y2", y + 3);
  }

  /** Lines across λ: one per combination of the other varying settings, so joined points differ in λ alone. */
  function lambdaGroups(panel) {
    const others = panel.varying.filter(a => a.name !== "lambda");
    const groups = d3.groups(panel.shown, c => others.map(a => key(c.values[a.name])).join("\u0001"));
    return groups.map(([k, list], index) => ({
      key: k,
      index,
      label: others.map(a => settingText(a, list[0].values[a.name])).join(" ") || "every configuration",
      eta: list[0].values.learning_rate,
      rule: list[0].values.l1,
      list: list.slice().sort((a, b) => a.values.lambda - b.values.lambda)
    }));
  }

  function drawLambdaChart(parent, width, panel, kind) {
    const groups = lambdaGroups(panel);
    const others = panel.varying.filter(a => a.name !== "lambda");
    const etaVaries = others.some(a => a.name === "learning_rate");
    const ruleVaries = others.some(a => a.name === "l1");
    // Rules apart by colour (and shape); within a rule, a higher η is drawn darker.
    const etaRank = new Map(sortedValues(axisByName.get("learning_rate") || { values: [] }).map((v, i) => [key(v), i]));
    const colorOf = g => ruleVaries
      ? (etaVaries ? d3.color(l1Color(key(g.rule))).darker(0.55 * etaRank.get(key(g.eta))).formatHex() : l1Color(key(g.rule)))
      : etaVaries ? etaColor(key(g.eta)) : CATEGORICAL[g.index % CATEGORICAL.length];
    const present = new Set(panel.shown.map(c => key(c.values.lambda)));
    const lambdas = sortedValues(axisByName.get("lambda")).filter(v => present.has(key(v)));
    const height = chartHeight(width, 0.6, 0.95);
    const m = { top: 12, right: 16, bottom: 48, left: 62 };
    const x = d3.scalePoint(lambdas.map(key), [m.left, width - m.right]).padding(0.4);
    // λ labels as written; turned when they do not fit side by side
    const longest = d3.max(lambdas, v => textWidth(plain(v)));
    const turned = x.step() < longest + 10;
    if (turned) m.bottom = 40 + longest * 0.7;
    const spread = Math.min(8, x.step() * 0.5 / Math.max(1, groups.length));
    const dx = g => (g.index - (groups.length - 1) / 2) * spread;   // dodge, so whiskers do not hide each other
    const stuck = kind === "stuck";
    const value = c => stuck ? c.rates.stuck.p : c.sparsity.median;
    const low = c => stuck ? c.rates.stuck.low : orMedian(c.sparsity, "q1");
    const high = c => stuck ? c.rates.stuck.high : orMedian(c.sparsity, "q3");
    const top = stuck ? Math.min(1, d3.max(panel.shown, c => Math.max(high(c) || 0, c.rates.improving.p || 0)) * 1.05 || 1) : 1;
    const y = d3.scaleLinear([0, top], [height - m.bottom, m.top]).nice();
    const eps = view.epsilon === null ? "" : ` at ε = ${plain(+view.epsilon)}`;
    const colouring = ruleVaries ? ", coloured by L1 rule" : etaVaries ? ", coloured by η" : "";
    const by = others.length ? `one line per combination of ${others.map(a => a.label).join(", ")}` : "one line";
    const caption = stuck
      ? `Share of trials stuck at each λ${eps}, with its 95 % Wilson interval (solid); dashed: the share still improving. ` +
        `${by[0].toUpperCase() + by.slice(1)}${colouring}.`
      : `Median sparsity at each λ${eps}, with bars from the first to the third quartile of the seeds. ` +
        `${by[0].toUpperCase() + by.slice(1)}${colouring}.`;
    const { fig, svg } = figure(parent, stuck ? "stuck-vs-lambda" : "sparsity-vs-lambda", width, height, caption);
    svg.classed("crowded", groups.length > 8);
    gridY(svg, y, m.left, width - m.right, 5);
    const axisG = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`)
      .call(d3.axisBottom(x).tickFormat(k => plain(+k)));
    if (turned) axisG.selectAll("text").attr("text-anchor", "end").attr("transform", "rotate(-40)").attr("dx", "-0.4em").attr("dy", "0.5em");
    svg.append("text").attr("class", "axis-title").attr("x", (m.left + width - m.right) / 2).attr("y", height - 10)
      .attr("text-anchor", "middle").text("λ (L1 penalty)");
    yAxis(svg, y, m.left, stuck ? "share of trials stuck" : "median sparsity", pctTick, 5);
    const line = (g, accessor) => d3.line().defined(c => finite(accessor(c)))
      .x(c => x(key(c.values.lambda)) + dx(g)).y(c => y(accessor(c)))(g.list);
    const group = svg.append("g").selectAll("g").data(groups).join("g").attr("class", "series").style("color", colorOf);
    if (stuck) group.append("path").attr("class", "series-line dashed").attr("d", g => line(g, c => c.rates.improving.p));
    group.append("path").attr("class", "series-line").attr("d", g => line(g, value));
    const px = (g, c) => x(key(c.values.lambda)) + dx(g);
    const shown = g => g.list.filter(c => finite(value(c)));
    group.append("path").attr("class", "whisker-line").attr("d", g => shown(g).map(c =>
      `M${px(g, c).toFixed(1)},${y(finite(low(c)) ? low(c) : value(c)).toFixed(1)}V${y(finite(high(c)) ? high(c) : value(c)).toFixed(1)}`).join(""));
    if (stuck) {
      const improving = group.selectAll("circle.hollow").data(g => g.list.filter(c => finite(c.rates.improving.p)).map(c => ({ c, g })))
        .join("circle").attr("class", "hollow").attr("r", 2.8)
        .attr("cx", d => px(d.g, d.c)).attr("cy", d => y(d.c.rates.improving.p));
      interactive(improving, d => d.c);
    }
    const point = group.selectAll("path.mark").data(g => shown(g).map(c => ({ c, g }))).join("path")
      .attr("class", "mark").attr("fill", "currentColor")
      .attr("d", d => d3.symbol(ruleVaries ? l1Shape(key(d.c.values.l1)) : d3.symbolCircle, groups.length > 8 ? 24 : 44)())
      .attr("transform", d => `translate(${px(d.g, d.c).toFixed(1)},${y(value(d.c)).toFixed(1)})`);
    interactive(point, d => d.c);
    if (ruleVaries) {
      const rules = new Set(groups.map(g => key(g.rule)));
      legend(fig, l1Rules.filter(r => rules.has(r)).map(r => ({ label: r, symbol: l1Shape(r), color: l1Color(r) })),
        "L1 rule");
      if (etaVaries) chartNote(fig, "Within a rule's colour, a darker line is a higher η.");
    } else if (etaVaries) {
      const etas = new Set(groups.map(g => key(g.eta)));
      legend(fig, sortedValues(axisByName.get("learning_rate")).filter(v => etas.has(key(v)))
        .map(v => ({ label: plain(v), color: etaColor(key(v)), kind: "line" })), "η");
    } else if (groups.length > 1 && groups.length <= CATEGORICAL.length) {
      legend(fig, groups.map(g => ({ label: g.label, color: colorOf(g), kind: "line" })));
    }
    if (stuck) legend(fig, [{ label: "stuck", color: "#333", kind: "line" }, { label: "still improving", color: "#333", kind: "dashed" }]);
    if (groups.length > 12) {
      const narrowBy = others.filter(a => a.name !== "learning_rate").map(a => a.label).join(" and one ") || "η";
      chartNote(fig, `${groups.length} lines: choose one ${narrowBy} in the filters above to read single lines.`);
    }
    drawn(fig);
  }

  /**
   * The highlighted settings of a panel (at the charts' ε) and the selected configuration, each with its colour and
   * role. withSeeds: use the row that carries seeds, the highlighted one at its own ε when the charts' ε has none.
   */
  function panelPicks(panel, withSeeds) {
    const picks = [];
    for (const c of panel.shown) {
      const named = highlightedByTraining.get(c.training);
      if (!named) continue;
      const use = withSeeds && !seedsOf(c) ? named : c;
      // A role holds at the ε it was found at: say which when the row shown is at another.
      const role = use === named ? named.highlight : `${named.highlight} at ε = ${plain(named.values.epsilon)}`;
      if (!withSeeds || seedsOf(use)) picks.push({ c: use, role });
    }
    const selected = configById.get(state.selected);
    if (selected && panelKey(selected) === panel.key && (!withSeeds || seedsOf(selected))) {
      const same = picks.find(p => p.c === selected);
      if (same) same.role = "selected"; else picks.push({ c: selected, role: "selected" });
    }
    return picks.map((p, i) => ({ c: p.c, color: CATEGORICAL[i % CATEGORICAL.length], label: pickLabel(panel, p) }));
  }
  function pickLabel(panel, pick) {
    const c = pick.c;
    const atOtherEpsilon = view.epsilon !== null && key(c.values.epsilon) !== view.epsilon ? epsilonText(c) : "";
    return `${pick.role}: ${shortLabel(panel, c)}${atOtherEpsilon}`;
  }

  function drawPanelEcdf(parent, width, panel) {
    const task = taskOf(panel.shown[0]);
    if (!panel.hasSeeds) {
      note(parent, `No configuration of ${panel.title} has per-seed data in this page, so no distribution over seeds: ${data.seedsNote || ""}`);
      return;
    }
    const picks = panelPicks(panel, true);
    if (!picks.length) {
      note(parent, `No highlighted configuration of ${panel.title} has per-seed data in this page. ` +
        "Click a configuration (in a chart or the table) to draw the distribution of its seeds here.");
      return;
    }
    const curves = withLambdaTwins(panel, picks);
    const paired = curves.length > picks.length;
    const paper = paperClaimOf(panel);
    drawEcdf(parent, width, task, curves, `Share of seeds whose ${task.metricLabel} is at most x, per highlighted ` +
      "configuration and the one last clicked (diverged seeds count as the lowest)" +
      (paired ? ", each beside its twin that differs only in λ = 0 against λ > 0 (dashed: λ = 0, in the colour of its twin)" : "") +
      ". Dashed grey: the solved threshold." + (paper ? " Black, \u201cpaper\u201d: the metric of the paper's single run." : ""),
    paper);
  }
  /**
   * The picks, each followed by its configurations with the same settings and ε but λ = 0 against λ > 0, as far as
   * the page holds their seeds: a curve of λ > 0 is never read without the λ = 0 it is to be set against.
   */
  function withLambdaTwins(panel, picks) {
    const curves = [];
    const seen = new Set();
    const settings = axes.filter(a => a.name !== "lambda" && a.name !== "epsilon").map(a => a.name);
    for (const p of picks) {
      if (seen.has(p.c.id)) continue;
      seen.add(p.c.id);
      curves.push(Object.assign({ withoutL1: p.c.values.lambda === 0 }, p));
      const twins = panel.all.filter(o => !seen.has(o.id) && seedsOf(o) && o.values.epsilon === p.c.values.epsilon &&
        (o.values.lambda === 0) !== (p.c.values.lambda === 0) && settings.every(n => key(o.values[n]) === key(p.c.values[n])))
        .sort((a, b) => a.values.lambda - b.values.lambda).slice(0, 2);
      for (const o of twins) {
        seen.add(o.id);
        curves.push({ c: o, color: p.color, withoutL1: o.values.lambda === 0, label: `its twin at λ = ${plain(o.values.lambda)}` });
      }
    }
    return curves;
  }

  /** Empirical distribution function of the metric over seeds, one step curve per pick. */
  function drawEcdf(parent, width, task, picks, caption, paper) {
    // The step function as the report computed it (Statistics.ecdf); the seeds give its count.
    const curves = picks.map(p => Object.assign({}, p, { ecdf: ecdfOf(p.c), n: seedsOf(p.c).length }));
    const height = chartHeight(width, 0.55, 0.85);
    const m = { top: 12, right: 16, bottom: 48, left: 62 };
    const all = [];
    for (const curve of curves) {
      const points = curve.ecdf.points;
      if (points.length) all.push(points[0][0], points[points.length - 1][0]);
    }
    if (paper) all.push(paper.metric);
    const { scale: x, clipped } = metricScale(task, all, [m.left, width - m.right]);
    const y = d3.scaleLinear([0, 1], [height - m.bottom, m.top]);
    const { fig, svg } = figure(parent, "ecdf", width, height, caption);
    gridY(svg, y, m.left, width - m.right, 5);
    xAxis(svg, x, height - m.bottom, task.metricLabel, metricText);
    yAxis(svg, y, m.left, "share of seeds ≤ x", pctTick, 5);
    if (finite(task.solvedAt)) {
      svg.append("line").attr("class", "threshold").attr("x1", x(task.solvedAt)).attr("x2", x(task.solvedAt))
        .attr("y1", m.top).attr("y2", height - m.bottom);
    }
    const [lo, hi] = x.domain();
    const step = d3.line().curve(d3.curveStepAfter).x(d => x(d[0])).y(d => y(d[1]));
    svg.append("g").selectAll("path").data(curves).join("path").attr("class", "ecdf-line")
      .classed("without-l1", d => d.withoutL1 && curves.some(o => !o.withoutL1 && o.color === d.color))
      .attr("stroke", d => d.color).attr("d", d => step(ecdfPoints(d.ecdf, lo, hi)));
    if (paper) {
      const px = x(paper.metric);
      const g = svg.append("g").attr("class", "paper-mark");
      g.append("line").attr("class", "paper-rule").attr("x1", px).attr("x2", px).attr("y1", m.top + 14).attr("y2", height - m.bottom);
      g.append("path").attr("transform", `translate(${px.toFixed(1)},${(height - m.bottom).toFixed(1)})`).attr("d", d3.symbol(d3.symbolStar, 90)());
      g.append("title").text(`the paper's single run: ${paper.text}`);
      const right = px + 6 + textWidth("paper", 11) < width - m.right;
      g.append("text").attr("class", "paper-label").attr("x", right ? px + 4 : px - 4).attr("y", m.top + 10)
        .attr("text-anchor", right ? "start" : "end").text("paper");
    }
    legend(fig, curves.map(d => ({ label: `${d.label} (${d.n} seeds)`, color: d.color,
      kind: d.withoutL1 && curves.some(o => !o.withoutL1 && o.color === d.color) ? "dashed" : "line" }))
      .concat(paper ? [{ label: `paper: ${paper.text} (one run)`, symbol: d3.symbolStar, color: "#000" }] : []));
    if (clipped) chartNote(fig, `Seeds below ${metricText(-1)} are counted at the left edge.`);
    drawn(fig);
  }
  function ecdfOf(c) {
    return (data.ecdf || {})[String(c.id)] || { start: 0, points: [] };
  }
  /** [x, share ≤ x] corners of the step function; values below lo count at lo, as the diverged (start) do. */
  function ecdfPoints(ecdf, lo, hi) {
    const given = ecdf.points;
    let share = finite(ecdf.start) ? ecdf.start : 0;
    let i = 0;
    while (i < given.length && given[i][0] <= lo) { share = given[i][1]; i += 1; }
    const points = [[lo, share]];
    for (; i < given.length; i++) points.push(given[i]);
    points.push([hi, points[points.length - 1][1]]);
    return points;
  }

  /**
   * Counts per bin, one group of bars per pick: the frame both bar charts share. bars: { p, i (the pick's index), k
   * (the bin), count, ... }; mark(rect, inner) styles them; tip(d) gives a bar's tooltip lines.
   */
  function binnedBars(parent, width, picks, bins, bars, o) {
    const height = chartHeight(width, 0.5, 0.8);
    const m = { top: 12, right: 16, bottom: 48, left: 62 };
    const x = d3.scaleBand(bins, [m.left, width - m.right]).paddingInner(0.25).paddingOuter(0.1);
    const inner = d3.scaleBand(d3.range(picks.length), [0, x.bandwidth()]).padding(0.08);
    const y = d3.scaleLinear([0, d3.max(bars, d => d.count) || 1], [height - m.bottom, m.top]).nice();
    const { fig, svg } = figure(parent, o.kind, width, height, o.caption);
    gridY(svg, y, m.left, width - m.right, 4);
    xAxis(svg, x, height - m.bottom, o.xTitle, o.xText);
    yAxis(svg, y, m.left, o.yTitle, d3.format("~s"), 4);
    const rect = svg.append("g").selectAll("rect").data(bars).join("rect").attr("class", "bar")
      .attr("x", d => x(d.k) + inner(d.i)).attr("width", inner.bandwidth())
      .attr("y", d => y(d.count)).attr("height", d => y(0) - y(d.count)).attr("fill", d => d.p.color);
    if (o.mark) o.mark(rect, inner);
    rect.on("pointerenter pointermove", (event, d) => showTip(event, o.tip(d))).on("pointerleave", hideTip);
    legend(fig, picks.map(p => ({ label: p.label, color: p.color })));
    drawn(fig);
  }

  function drawPanelCorners(parent, width, panel) {
    const picks = panelPicks(panel, false).filter(p => Array.isArray(p.c.corners));
    if (!picks.length) {
      note(parent, "No highlighted configuration here: click one to see how many of the four XOR corners its trials get right.");
      return;
    }
    const bars = [];
    picks.forEach((p, i) => p.c.corners.forEach((count, k) => bars.push({ p, i, k, count })));
    binnedBars(parent, width, picks, [0, 1, 2, 3, 4], bars, {
      kind: "corners",
      caption: "Trials whose pruned network gets 0, 1, 2, 3 or 4 of the four XOR corners right, per highlighted " +
        "configuration and the one last clicked.",
      xTitle: "corners right (of 4)", xText: d => String(d), yTitle: "trials",
      tip: d => [d.p.c.label + epsilonText(d.p.c),
        `${d.k} of 4 corners right: ${ofText(d.count, d.p.c.trials)} trials (${pct(d.count / d.p.c.trials)})`]
    });
  }

  /**
   * Solved seeds by how many edges above the known minimum they end, per highlighted configuration: as L1 left them
   * (outlined) and, where the structure was reduced until it breaks, after the reduction (filled).
   */
  function drawPanelDistance(parent, width, panel) {
    const picks = panelPicks(panel, false).filter(p => p.c.structure && Array.isArray(p.c.structure.distance));
    if (!picks.length) {
      note(parent, "No highlighted configuration here with a known minimum: click one to see how far above the " +
        "fewest edges its solved seeds end.");
      return;
    }
    const bins = d3.range(picks[0].c.structure.distance.length);
    const last = bins.length - 1;
    const binText = k => (k === last ? `+${k} or more` : k === 0 ? "at the minimum" : `+${k}`);
    const bars = [];
    picks.forEach((p, i) => bins.forEach(k => {
      bars.push({ p, i, k, count: p.c.structure.distance[k], after: false });
      if (p.c.structure.reducedDistance) bars.push({ p, i, k, count: p.c.structure.reducedDistance[k], after: true });
    }));
    bars.sort((a, b) => a.after - b.after);   // the filled bars over the outlines
    const reduced = picks.some(p => p.c.structure.reducedDistance);
    binnedBars(parent, width, picks, bins, bars, {
      kind: "distance",
      caption: "Solved seeds by the edges they keep above the known minimum, per highlighted configuration and " +
        "the one last clicked: outlined as L1 left them" + (reduced ? ", filled after the reduction (each edge " +
        "removed while the network still solves)." : "."),
      xTitle: "edges above the known minimum", xText: d => (d === last ? `${d}+` : String(d)), yTitle: "solved seeds",
      mark: (rect, inner) => rect.attr("class", d => (d.after ? "bar" : "bar outline"))
        .attr("x", function (d) { return +this.getAttribute("x") + (d.after ? inner.bandwidth() * 0.2 : 0); })
        .attr("width", d => inner.bandwidth() * (d.after ? 0.6 : 1))
        .attr("fill", d => (d.after || !d.p.c.structure.reducedDistance ? d.p.color : "none"))
        .style("stroke", d => (d.after ? "none" : d.p.color)).style("stroke-width", "1.5px"),
      tip: d => [d.p.c.label + epsilonText(d.p.c),
        `${binText(d.k)} (${d.p.c.structure.minimumEdges}${d.k ? " + " + d.k + (d.k === last ? " or more" : "") : ""} edges), ` +
        `${d.after ? "after the reduction" : "as L1 left them"}: ${ofText(d.count, d.p.c.outcomes.solved)} solved seeds`]
    });
  }

  /* ---------- training dynamics ---------- */

  function renderDynamics(body) {
    const entries = (data.dynamics || []).filter(d => {
      const c = configById.get(d.configuration);
      return !c || passesAxisFilters(c, true);
    });
    if (!entries.length) {
      note(body, (data.dynamics || []).length ? "No training curves for the configurations the filters keep."
        : "No training curves in this page (history was not recorded).");
      return;
    }
    const grid = body.append("div").attr("class", "charts");
    for (const entry of entries) addJob(slot(grid), (s, w) => drawDynamics(s, w, entry));
  }

  /** The outcome classes a training curve is split by (Dynamics.CLASSES), each in its outcome's colour. */
  const CURVE_CLASSES = {
    solved: { label: "solved", color: "#009E73" },
    stuck: { label: "stuck", color: "#D55E00" },
    other: { label: "other (still improving, diverged)", color: "#6b6b6b" },
    all: { label: "every seed", color: "#0072B2" }
  };

  function drawDynamics(parent, width, entry) {
    const c = configById.get(entry.configuration);
    const epochs = entry.epochs || [];
    const narrow = width < NARROW;
    // Older pages pooled every seed into one curve: drawn as one class.
    const classes = (entry.classes || [{ outcome: "all", seeds: null, loss: entry.loss, taskLoss: entry.taskLoss,
      activeEdges: entry.activeEdges }]).map(k => Object.assign({ style: CURVE_CLASSES[k.outcome] || CURVE_CLASSES.other }, k));
    const positive = [];
    for (const k of classes) {
      for (const q of [k.loss, k.taskLoss]) {
        if (!q) continue;
        for (const part of ["q1", "median", "q3"]) for (const v of q[part] || []) if (finite(v) && v > 0) positive.push(v);
      }
    }
    const [lo, hi] = positive.length ? d3.extent(positive) : [0.001, 1];
    const lossHeight = Math.round(width * (narrow ? 0.6 : 0.42));
    // Whole decades, so that every tick is a power of ten.
    const y = d3.scaleLog([Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.max(Math.ceil(Math.log10(hi)),
      Math.floor(Math.log10(lo)) + 1))], [0, 1]);
    const logTicks = decadeTicks(y.range([lossHeight, 0]));
    const m = { top: 12, right: 16, bottom: 48, left: yAxisMargin(logTicks.map(decadeText)) };
    y.range([m.top + lossHeight, m.top]);
    const edgesHeight = Math.round(lossHeight * 0.5);
    const edgesTop = m.top + lossHeight + 52;
    const height = edgesTop + edgesHeight + m.bottom;
    const x = d3.scaleLinear(d3.extent(epochs.length ? epochs : [0, 1]), [m.left, width - m.right]);
    const edges = c ? c.edges : d3.max(classes, k => d3.max((k.activeEdges.q3 || []).filter(finite))) || 1;
    const yEdges = d3.scaleLinear([0, edges], [edgesTop + edgesHeight, edgesTop]).nice();
    const label = c ? c.label : entry.label;
    const counted = finite(entry.historyEpsilon) ? ` (counted at ε = ${plain(entry.historyEpsilon)})` : "";
    // With λ = 0 the total loss is the task loss: one line says it.
    const penalised = classes.some(k => k.loss && k.taskLoss && (k.loss.median || []).some((v, i) =>
      finite(v) && finite(k.taskLoss.median[i]) && Math.abs(v - k.taskLoss.median[i]) > 1e-9 * Math.max(1, v)));
    const split = classes.length > 1 || classes[0].outcome !== "all";
    const caption = `${label}: ${penalised ? "task loss (solid) and total loss with the L1 term (dashed)" : "task loss"} ` +
      `over epochs (log scale, top) and active edges${counted} (bottom), ` +
      (split ? "for the seeds that end solved, stuck and otherwise apart, each its colour: " : "") +
      "median over seeds (line) and first to third quartile (band).";
    const { fig, svg } = figure(parent, "dynamics", width, height, caption);
    const ok = v => finite(v) && v > 0;
    const lossAxis = yAxis(svg, y, m.left, "loss (log)", decadeText, logTicks);
    lossAxis.classed("log", true);
    // Unlabelled lines at 2 and 5 of each decade, for reading a loss that spans less than one.
    const [dLo, dHi] = y.domain();
    const minor = [];
    for (let e = Math.round(Math.log10(dLo)); e < Math.round(Math.log10(dHi)); e++) {
      if (Math.round(Math.log10(dHi)) - Math.round(Math.log10(dLo)) <= 3) minor.push(2 * Math.pow(10, e), 5 * Math.pow(10, e));
    }
    svg.append("g").attr("class", "grid minor").selectAll("line").data(minor).join("line")
      .attr("x1", m.left).attr("x2", width - m.right).attr("y1", d => y(d)).attr("y2", d => y(d));
    svg.append("g").attr("class", "grid").selectAll("line").data(logTicks).join("line")
      .attr("x1", m.left).attr("x2", width - m.right).attr("y1", d => y(d)).attr("y2", d => y(d));
    for (const k of classes) {
      if (k.taskLoss) bandAndLine(svg, epochs, k.taskLoss, x, y, ok, k.style.color);
      if (penalised && k.loss) {
        svg.append("path").attr("class", "median-line dashed").attr("stroke", k.style.color)
          .attr("d", d3.line().defined(i => ok(k.loss.median[i])).x(i => x(epochs[i])).y(i => y(k.loss.median[i]))(d3.range(epochs.length)));
      }
    }
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${m.top + lossHeight})`)
      .call(d3.axisBottom(x).ticks(Math.max(3, Math.round(width / 90))).tickFormat(d3.format("~s")));
    yAxis(svg, yEdges, m.left, "active edges", d3.format("~r"), 3);
    gridY(svg, yEdges, m.left, width - m.right, 3);
    for (const k of classes) if (k.activeEdges) bandAndLine(svg, epochs, k.activeEdges, x, yEdges, finite, k.style.color);
    xAxis(svg, x, edgesTop + edgesHeight, "epoch", d3.format("~s"));
    legend(fig, classes.map(k => ({ label: k.style.label + (finite(k.seeds) ? ` (${k.seeds} seed${k.seeds === 1 ? "" : "s"})` : ""),
      color: k.style.color })), split ? "seeds that end" : null);
    legend(fig, [{ label: "task loss", color: "#333", kind: "line" }]
      .concat(penalised ? [{ label: "total loss (task + λΣ|w|)", color: "#333", kind: "dashed" }] : [])
      .concat([{ label: `active edges (of ${plain(edges)}), bottom`, color: "#333", kind: "line" }]));
    drawn(fig);
  }
  function bandAndLine(svg, epochs, q, x, y, ok, color) {
    const idx = d3.range(epochs.length);
    const q1 = q.q1 || [];
    const q3 = q.q3 || [];
    const median = q.median || [];
    svg.append("path").attr("class", "band").attr("fill", color)
      .attr("d", d3.area().defined(i => ok(q1[i]) && ok(q3[i])).x(i => x(epochs[i])).y0(i => y(q1[i])).y1(i => y(q3[i]))(idx));
    svg.append("path").attr("class", "median-line").attr("stroke", color)
      .attr("d", d3.line().defined(i => ok(median[i])).x(i => x(epochs[i])).y(i => y(median[i]))(idx));
  }

  /* ---------- surviving networks ---------- */

  function renderNetworks(body) {
    const entries = (data.networks || []).filter(d => {
      const c = configById.get(d.configuration);
      return !c || passesAxisFilters(c, true);
    });
    if (!entries.length) {
      note(body, (data.networks || []).length ? "No network drawing for the configurations the filters keep."
        : "No network drawing in this page.");
      return;
    }
    const grid = body.append("div").attr("class", "charts");
    for (const entry of entries) addJob(slot(grid), (s, w) => drawNetwork(s, w, entry));
  }

  /** x1, x2 for inputs; h1… for one hidden layer, h1.1… for deeper ones; y (or y1…) for the output. */
  function nodeName(layer, i, layers) {
    const last = layers.length - 1;
    if (layer === 0) return "x" + (i + 1);
    if (layer === last) return layers[last] === 1 ? "y" : "y" + (i + 1);
    return layers.length === 3 ? "h" + (i + 1) : `h${layer}.${i + 1}`;
  }

  function drawNetwork(parent, width, entry) {
    const layers = entry.layers;
    const eps = entry.epsilon;
    const narrow = width < NARROW;
    const gap = narrow ? 34 : 40;
    const radius = 14;
    const tallest = d3.max(layers);
    const height = Math.max(170, tallest * gap + 40);
    const m = { left: 34, right: 34 };
    const xOf = k => m.left + (width - m.left - m.right) * k / Math.max(1, layers.length - 1);
    const yOf = (k, i) => height / 2 + (i - (layers[k] - 1) / 2) * gap;
    const edges = [];
    // Layer k + 1 reads the nodes sourceLayers[k] names, layer by layer (a DAG's skip edges); k alone when layered.
    entry.weights.forEach((matrix, k) => {
      const sources = entry.sourceLayers ? entry.sourceLayers[k] : matrix.length ? matrix[0].map(() => k) : [];
      const offset = {};
      sources.forEach((layer, j) => { if (!(layer in offset)) offset[layer] = j; });
      matrix.forEach((row, i) => row.forEach((w, j) => {
        const layer = sources[j];
        edges.push({ k, layer, from: j - offset[layer], to: i, w, active: finite(w) && Math.abs(w) >= eps });
      }));
    });
    const maxAbs = d3.max(edges, e => e.active ? Math.abs(e.w) : 0) || 1;
    const nodes = [];
    layers.forEach((n, k) => d3.range(n).forEach(i => nodes.push({ k, i, name: nodeName(k, i, layers) })));
    // A hidden unit is dead when no active edge enters it or none leaves it.
    const live = new Set();
    const activeIn = new Set(edges.filter(e => e.active).map(e => `${e.k + 1}:${e.to}`));
    const activeOut = new Set(edges.filter(e => e.active).map(e => `${e.layer}:${e.from}`));
    for (const node of nodes) {
      const id = `${node.k}:${node.i}`;
      if (node.k === 0 || node.k === layers.length - 1 || (activeIn.has(id) && activeOut.has(id))) live.add(id);
    }
    const active = edges.filter(e => e.active).length;
    const deadNodes = nodes.filter(n => !live.has(`${n.k}:${n.i}`));
    const dead = deadNodes.length;
    // An active edge at a dead unit carries no input signal (a unit with nothing in outputs a constant, one with
    // nothing out is never read): drawn grey, so that colour means signal, as the caption says.
    const liveAt = (layer, i) => live.has(`${layer}:${i}`);
    for (const e of edges) e.idle = e.active && !(liveAt(e.layer, e.from) && liveAt(e.k + 1, e.to));
    const idleEdges = edges.filter(e => e.idle).length;
    const why = n => {
      const id = `${n.k}:${n.i}`;
      return `${n.name} (no active edge ${activeIn.has(id) ? "out" : activeOut.has(id) ? "in" : "in or out"})`;
    };
    const c = configById.get(entry.configuration);
    const caption = `${c ? c.label : entry.label}, seed ${plain(entry.seed)}, ε = ${plain(eps)}: ${active} of ${edges.length} ` +
      "edges have |w| ≥ ε and are drawn with width proportional to |w| (blue positive, red negative), their weights " +
      "written on them where there is room; pruned edges are drawn faint and dashed. " +
      (dead ? `${dead} hidden unit${dead === 1 ? " is" : "s are"} dead (hollow grey): ${deadNodes.map(why).join(", ")}; ` +
        (idleEdges === 1 ? `the one active edge at ${dead === 1 ? "it" : "them"} carries no signal from the inputs to the output and is drawn grey. `
          : idleEdges ? `the ${idleEdges} active edges at ${dead === 1 ? "it" : "them"} carry no signal from the inputs to the output and are drawn grey. ` : "")
        : "No hidden unit is dead. ") +
      "Biases are not drawn." +
      (entry.idle ? ` Nor are the ${entry.idle} hidden-to-hidden edges, which carry no signal (${entry.idleActive} ` +
        "of them have |w| ≥ ε)." : "");
    const { fig, svg } = figure(parent, "network", width, height, caption);
    // An edge between neighbouring layers is straight; a skip edge arcs over the layers it skips.
    const edgePath = e => {
      const x1 = xOf(e.layer), y1 = yOf(e.layer, e.from), x2 = xOf(e.k + 1), y2 = yOf(e.k + 1, e.to);
      if (e.k === e.layer) return `M${x1},${y1}L${x2},${y2}`;
      const lift = (tallest * gap) / 2 + 10;
      return `M${x1},${y1}Q${(x1 + x2) / 2},${(y1 + y2) / 2 - lift} ${x2},${y2}`;
    };
    const place = paths => paths.attr("d", edgePath).attr("fill", "none");
    const ordered = edges.slice().sort((a, b) => (a.active - b.active) || (Math.abs(a.w) - Math.abs(b.w)));
    const drawnEdges = svg.append("g").selectAll("path").data(ordered).join("path").call(place)
      .attr("class", e => e.active ? (e.idle ? "edge idle" : "edge") : "edge pruned")
      .attr("stroke", e => e.active && !e.idle ? (e.w >= 0 ? POSITIVE : NEGATIVE) : null)
      .attr("stroke-width", e => e.active ? 0.5 + 5 * Math.abs(e.w) / maxAbs : null);
    // wide invisible copies make thin edges easy to hover
    svg.append("g").selectAll("path").data(ordered).join("path").attr("class", "edge-hit").call(place)
      .on("pointerenter pointermove", (event, e) => {
        drawnEdges.classed("hovered", d => d === e);
        showTip(event, [`${nodeName(e.layer, e.from, layers)} → ${nodeName(e.k + 1, e.to, layers)}: w = ${metricText(e.w)}`,
          e.active ? (e.idle ? "active (|w| ≥ ε), at a dead unit: carries no signal from the inputs to the output" : "active (|w| ≥ ε)")
            : `pruned (|w| < ε = ${plain(eps)})`]);
      })
      .on("pointerleave", () => { drawnEdges.classed("hovered", false); hideTip(); });
    const node = svg.append("g").selectAll("g").data(nodes).join("g")
      .attr("class", n => live.has(`${n.k}:${n.i}`) ? "node" : "node dead")
      .attr("transform", n => `translate(${xOf(n.k)},${yOf(n.k, n.i)})`);
    node.append("circle").attr("r", radius);
    node.append("text").attr("text-anchor", "middle").attr("dy", "0.35em")
      .attr("class", n => n.name.length > 3 ? "node-name small" : "node-name").text(n => n.name);
    weightLabels(svg, edges.filter(e => e.active && e.k === e.layer), nodes.map(n => [xOf(n.k), yOf(n.k, n.i)]), radius,
      e => [xOf(e.layer), yOf(e.layer, e.from), xOf(e.k + 1), yOf(e.k + 1, e.to)], width,
      e => layers[e.k + 1] >= layers[e.layer]);
    legend(fig, [{ label: "positive weight", color: POSITIVE, kind: "line" }, { label: "negative weight", color: NEGATIVE, kind: "line" },
      { label: "pruned", color: "#999", kind: "dashed" }, { label: "dead unit", color: "#999", kind: "ring" }]
      .concat(idleEdges ? [{ label: "active, at a dead unit", color: "#9a9a9a", kind: "line" }] : []));
    drawn(fig);
  }

  const weightFormat = d3.format(".2f");
  /**
   * Each edge's weight written on it, heaviest first, at the first point along it (nearest the wider layer first)
   * where the label clears the nodes and the labels already placed; an edge with no such point goes unlabelled.
   */
  function weightLabels(svg, edges, centres, radius, ends, width, fansOutAtTarget) {
    const placed = [];
    const clear = box => box.x0 >= 0 && box.x1 <= width &&
      centres.every(([cx, cy]) => cx + radius + 2 < box.x0 || cx - radius - 2 > box.x1 || cy + radius + 2 < box.y0 || cy - radius - 2 > box.y1) &&
      placed.every(b => b.x1 + 2 < box.x0 || b.x0 - 2 > box.x1 || b.y1 + 1 < box.y0 || b.y0 - 1 > box.y1);
    const g = svg.append("g").attr("class", "weight-labels");
    for (const e of edges.slice().sort((a, b) => Math.abs(b.w) - Math.abs(a.w))) {
      const text = weightFormat(e.w);
      const w = textWidth(text, 10);
      const [x1, y1, x2, y2] = ends(e);
      // Edges stand furthest apart near the wider layer: try there first.
      const along = [0.7, 0.6, 0.78, 0.5, 0.4, 0.3, 0.22];
      for (const t of fansOutAtTarget(e) ? along : along.map(a => 1 - a)) {
        const cx = x1 + (x2 - x1) * t;
        const cy = y1 + (y2 - y1) * t;
        const box = { x0: cx - w / 2, x1: cx + w / 2, y0: cy - 6, y1: cy + 6 };
        if (!clear(box)) continue;
        placed.push(box);
        g.append("rect").attr("class", "weight-box").attr("x", (box.x0 - 2).toFixed(1)).attr("y", (box.y0 + 0.5).toFixed(1))
          .attr("width", (w + 4).toFixed(1)).attr("height", 11).attr("rx", 2);
        g.append("text").attr("class", "weight-label").attr("x", cx.toFixed(1)).attr("y", cy.toFixed(1))
          .attr("dy", "0.35em").attr("text-anchor", "middle").text(text);
        break;
      }
    }
  }

  /* ---------- which setting matters ---------- */

  function renderEffects(body) {
    const shownTasks = [...tasks.keys()].filter(t => view.chartRows.some(c => c.task === t));
    const effects = data.effects || [];
    for (const task of shownTasks) {
      body.append("h3").text(task);
      const ofTask = effects.filter(e => e.task === task);
      if (!ofTask.length) {
        note(body, `Which setting matters is not computed for ${task}: it needs a full grid of at least two settings ` +
          "that vary, each configuration with a value (one whose seeds all diverged has no sparsity).");
        continue;
      }
      const grid = body.append("div").attr("class", "charts");
      // Over the task's whole grid, ε included: the filters do not change them.
      for (const entry of ofTask) addJob(slot(grid), (s, w) => drawEffects(s, w, entry));
    }
    if (!shownTasks.length) note(body, "No configuration matches the filters.");
  }

  function drawEffects(parent, width, entry) {
    const items = (entry.terms || []).map(t => ({
      label: t.axes.map(axisLabel).join(" × "), share: t.share, color: t.axes.length > 1 ? "#56B4E9" : POSITIVE
    }));
    if (finite(entry.rest)) items.push({ label: "rest", share: entry.rest, color: "#bdbdbd" });
    const narrow = width < NARROW;
    const labelWidth = Math.min(width * (narrow ? 0.45 : 0.38), d3.max(items, d => textWidth(d.label)) + 12);
    const bar = 18;
    const m = { top: 6, right: 56, bottom: 46, left: labelWidth + 8 };
    const height = m.top + items.length * (bar + 8) + m.bottom;
    const x = d3.scaleLinear([0, d3.max(items, d => d.share) || 1], [m.left, width - m.right]).nice();
    const caption = `${entry.task}: share of the variance of the ${entry.measure} across the grid` +
      `${finite(entry.epsilon) ? ` (ε = ${plain(entry.epsilon)})` : ""} explained by each setting alone and by each pair (×); ` +
      "rest: what main effects and pairs leave unexplained (higher interactions and noise).";
    const { fig, svg } = figure(parent, "effects", width, height, caption);
    xAxis(svg, x, height - m.bottom, "share of variance", pctTick, narrow ? 3 : 5);
    const row = svg.append("g").selectAll("g").data(items).join("g")
      .attr("transform", (d, i) => `translate(0,${m.top + i * (bar + 8)})`);
    row.append("rect").attr("class", "bar").attr("x", m.left).attr("height", bar)
      .attr("width", d => Math.max(0, x(Math.max(0, d.share)) - m.left)).attr("fill", d => d.color);
    row.append("text").attr("class", "row-label").attr("x", m.left - 8).attr("y", bar / 2).attr("dy", "0.35em")
      .attr("text-anchor", "end").text(d => truncate(d.label, labelWidth - 4));
    row.append("text").attr("class", "value-label").attr("x", d => x(Math.max(0, d.share)) + 4).attr("y", bar / 2)
      .attr("dy", "0.35em").text(d => pct(d.share));
    legend(fig, [{ label: "one setting", color: POSITIVE }, { label: "pair of settings", color: "#56B4E9" }, { label: "rest", color: "#bdbdbd" }]);
    drawn(fig);
  }

  /* ---------- parallel coordinates ---------- */

  function renderParallel(body) {
    if (view.brushable.length < 2) {
      note(body, view.brushable.length ? "Only one configuration matches the filters: there is nothing to compare."
        : "No configuration matches the filters.");
      return;
    }
    const tools = body.append("p").attr("class", "pc-tools note");
    tools.append("span").text(state.brushes.size ? `Brushed: ${brushText()}. ` :
      "Drag along an axis to keep only the configurations in that range, in every chart and the table; " +
      "a click beside the brushed range clears it.");
    if (state.brushes.size) {
      tools.append("button").attr("type", "button").attr("class", "clear-brushes").text("clear brushes").on("click", clearBrushes);
    }
    addJob(slot(body, "scroll"), (s, w) => drawParallel(s, w, view.brushable));
  }

  /** Bucket of the solved rate: 0 for 0–20 %, …, 4 for 80–100 %. */
  function solvedBucket(c) {
    return Math.min(4, Math.floor((c.rates.solved.p || 0) * 5));
  }
  const BUCKET_COLORS = d3.range(5).map(b => d3.interpolateViridis(0.9 - 0.8 * b / 4));

  /** rows: the configurations the filters keep at the charts' ε; those the brushes leave out are drawn grey. */
  function drawParallel(parent, width, rows) {
    const dims = varyingAxes.filter(a => a.name !== "epsilon")
      .filter(a => state.brushes.has(a.name) || rows.some(c => key(c.values[a.name]) !== key(rows[0].values[a.name])))
      .map(a => {
        const present = new Set(rows.map(c => key(c.values[a.name])));
        const values = sortedValues(a).filter(v => present.has(key(v)));
        return { name: a.name, label: a.label, values, value: c => key(c.values[a.name]), text: v => valueText(a, v), categorical: true };
      })
      .concat([...MEASURE_DIMS].map(([name, d]) => ({ name, label: d.label, value: d.value })));
    const plotWidth = Math.max(width, dims.length * 78 + 60);   // wider than the page on phones: the box scrolls
    const height = width < NARROW ? 460 : 420;
    const m = { top: 48, right: Math.max(40, textWidth(dims[dims.length - 1].label) / 2 + 8), bottom: 18, left: 70 };
    const x = d3.scalePoint(d3.range(dims.length), [m.left, plotWidth - m.right]);
    for (const d of dims) {
      d.scale = d.categorical
        ? d3.scalePoint(d.values.map(key), [height - m.bottom, m.top]).padding(0.4)
        : d3.scaleLinear([0, 1], [height - m.bottom, m.top]);
    }
    // Within a category, lines fan out by solved rate (higher above) so that the bundle shows how it splits.
    const fanWidth = Math.min(26, dims.length ? 0.5 * d3.min(dims, d => d.categorical ? d.scale.step() : 1e9) : 26);
    const fan = c => ((c.rates.solved.p || 0) - 0.5) * fanWidth;
    const lines = [];
    const outside = [];   // left out by a brush
    for (const c of rows) {
      const ys = dims.map(d => d.categorical ? d.scale(d.value(c)) - fan(c) : (finite(d.value(c)) ? d.scale(d.value(c)) : NaN));
      if (ys.every(Number.isFinite)) (passesBrushes(c) ? lines : outside).push({ c, ys });
    }
    const xs = dims.map((d, i) => x(i));
    const caption = `Every configuration${view.epsilon === null ? "" : ` at ε = ${plain(+view.epsilon)}`} as one line ` +
      "through its settings, its stuck rate and its median sparsity, coloured by its solved rate; at each setting's value " +
      "the lines fan out by solved rate, highest on top. Hover to pick a line out, click to see its seeds.";
    const { fig, svg } = figure(parent, "parallel", plotWidth, height, caption);
    svg.style("min-width", plotWidth > width ? plotWidth + "px" : null);
    // One path per colour bucket keeps thousands of lines fast.
    const pathOf = ys => "M" + ys.map((y, i) => `${xs[i].toFixed(1)},${y.toFixed(1)}`).join("L");
    const buckets = d3.range(5).map(b => lines.filter(l => solvedBucket(l.c) === b).map(l => pathOf(l.ys)).join(""));
    const opacity = Math.max(0.06, Math.min(0.7, 6 / Math.sqrt(Math.max(1, lines.length))));
    if (outside.length) {
      svg.append("path").attr("class", "pc-lines pc-outside").attr("d", outside.map(l => pathOf(l.ys)).join(""));
    }
    svg.append("g").selectAll("path").data(buckets).join("path").attr("class", "pc-lines")
      .attr("stroke", (d, b) => BUCKET_COLORS[b]).attr("stroke-opacity", opacity).attr("d", d => d || null);
    dims.forEach((d, i) => {
      const axis = d.categorical ? d3.axisLeft(d.scale).tickFormat(k => d.text(d.values.find(v => key(v) === k)))
        : d3.axisLeft(d.scale).ticks(5).tickFormat(pctTick);
      svg.append("g").attr("class", "axis pc-axis").attr("transform", `translate(${xs[i]},0)`).call(axis);
      const stagger = x.step() < 110 && i % 2 === 1;   // alternate heights so neighbouring titles do not collide
      svg.append("text").attr("class", "axis-title").attr("x", xs[i]).attr("y", m.top - (stagger ? 30 : 14))
        .attr("text-anchor", "middle").text(d.label);
    });
    const highlight = svg.append("path").attr("class", "pc-highlight");
    let current = null;
    svg.append("rect").attr("class", "hit").attr("x", m.left - 10).attr("y", m.top)
      .attr("width", plotWidth - m.left - m.right + 20).attr("height", height - m.top - m.bottom)
      .on("pointermove", event => {
        if (event.pointerType === "touch") return;
        const [px, py] = d3.pointer(event);
        current = nearestLine(lines, xs, px, py);
        highlight.attr("d", current ? pathOf(current.ys) : null);
        if (current) showTip(event, describe(current.c)); else hideTip();
      })
      .on("pointerleave", event => {
        if (event.pointerType === "touch") return;
        current = null;
        highlight.attr("d", null);
        hideTip();
      })
      .on("click", event => {
        const [px, py] = d3.pointer(event);
        current = nearestLine(lines, xs, px, py);
        highlight.attr("d", current ? pathOf(current.ys) : null);
        if (current) tapOrSelect(event, current.c);
      });
    dims.forEach((d, i) => addParallelBrush(svg, d, xs[i], m.top, height - m.bottom, fanWidth / 2));
    legend(fig, BUCKET_COLORS.map((color, b) => ({ label: `${b * 20}–${b * 20 + 20} %`, color, kind: "line" })), "solved");
    if (plotWidth > width) chartNote(fig, "The chart is wider than the screen: scroll it sideways.");
    drawn(fig);
  }
  /** A vertical brush on one axis of the parallel coordinates: on release, its range filters the whole page. */
  function addParallelBrush(svg, dim, x, top, bottom, fanHalf) {
    const brush = d3.brushY().extent([[x - 12, top - 6], [x + 12, bottom + 6]])
      .on("end", event => {
        if (!event.sourceEvent) return;   // moved by the page to restore the view, not by a hand
        const kept = event.selection ? brushed(dim, event.selection, fanHalf) : null;
        // a brush between two values of a setting keeps none of them: it clears, as a click beside it does
        if (kept && (kept.range || kept.values.length)) state.brushes.set(dim.name, kept);
        else state.brushes.delete(dim.name);
        refresh();
      });
    const g = svg.append("g").attr("class", "pc-brush").attr("data-axis", dim.name).call(brush);
    const current = state.brushes.get(dim.name);
    const span = current ? brushSpan(dim, current, fanHalf) : null;
    if (span) g.call(brush.move, span);
  }
  /** What a brush from y0 to y1 keeps: a setting's values whose fan it touches, or a measure's range (outward to 10⁻⁴). */
  function brushed(dim, [y0, y1], fanHalf) {
    if (!dim.categorical) {
      const lo = Math.max(0, Math.floor(dim.scale.invert(y1) * 1e4) / 1e4);
      const hi = Math.min(1, Math.ceil(dim.scale.invert(y0) * 1e4) / 1e4);
      return { range: [lo, hi] };
    }
    return { values: dim.values.map(key).filter(k => dim.scale(k) + fanHalf >= y0 && dim.scale(k) - fanHalf <= y1) };
  }
  /** Where a brush kept in the view is drawn on its axis; null when none of its values is on the axis. */
  function brushSpan(dim, brush, fanHalf) {
    if (brush.range) return [dim.scale(brush.range[1]), dim.scale(brush.range[0])];
    const ys = brush.values.filter(k => dim.values.some(v => key(v) === k)).map(k => dim.scale(k));
    return ys.length ? [d3.min(ys) - fanHalf - 2, d3.max(ys) + fanHalf + 2] : null;
  }

  /** The line passing closest (vertically, within 10 px) to the pointer: O(lines) per move. */
  function nearestLine(lines, xs, px, py) {
    const i = Math.max(0, Math.min(xs.length - 2, d3.bisectRight(xs, px) - 1));
    const t = xs.length > 1 ? Math.max(0, Math.min(1, (px - xs[i]) / (xs[i + 1] - xs[i]))) : 0;
    let best = null;
    let bestDistance = 10;
    for (const line of lines) {
      const y = xs.length > 1 ? line.ys[i] + (line.ys[i + 1] - line.ys[i]) * t : line.ys[0];
      const distance = Math.abs(y - py);
      if (distance < bestDistance) { best = line; bestDistance = distance; }
    }
    return best;
  }

  /* ---------- the table ---------- */

  const table = { columns: [], rows: [], search: [] };

  function rateColumn(label, name, withInterval) {
    return {
      label, numeric: true,
      sortValue: c => c.rates[name].p,
      text: c => withInterval ? pctInterval(c.rates[name]) : pct(c.rates[name].p),
      title: c => `${ofText(c.outcomes[name], c.trials)} trials; 95 % interval ${whole(c.rates[name].low)}–${whole(c.rates[name].high)} %`
    };
  }
  /**
   * The configuration first (its varying settings, kept in view while the table scrolls sideways), then the outcomes,
   * the measures and each setting on its own (to sort by).
   */
  function tableColumns() {
    const oneTask = tasks.size === 1 ? [...tasks.values()][0] : null;
    return [{
      label: "configuration", numeric: false, sticky: true,
      sortValue: c => c.id,
      text: c => varyingAxes.map(a => settingText(a, c.values[a.name])).join(" ") || c.label,
      title: c => c.label + epsilonText(c)
    },
    rateColumn("solved", "solved", false),
    rateColumn("stuck (95 % interval)", "stuck", true),
    rateColumn("still improving", "improving", false),
    rateColumn("diverged", "diverged", false),
    { label: "trials", numeric: true, sortValue: c => c.trials, text: c => thousands(c.trials) }
    ].concat([
      {
        label: `median ${oneTask ? oneTask.metricLabel : "pruned metric"} (q1–q3)`, numeric: true,
        sortValue: c => c.metric.median,
        text: c => finite(c.metric.median) ? `${metricText(c.metric.median)} (${rangeText(c.metric.q1, c.metric.q3, metricText)})` : "–",
        title: c => taskOf(c).metricLabel
      },
      { label: "active edges (median)", numeric: true, sortValue: c => c.activeEdges.median, text: c => ofText(c.activeEdges.median, c.edges) },
      {
        label: "sparsity (median)", numeric: true, sortValue: c => c.sparsity.median, text: c => pct(c.sparsity.median),
        title: c => `q1–q3 ${pct(c.sparsity.q1)}–${pct(c.sparsity.q3)}`
      },
      { label: "dead units (median)", numeric: true, sortValue: c => c.deadUnits.median, text: c => ofText(c.deadUnits.median, c.deadUnits.of) },
      {
        label: "Pareto", numeric: false, sortValue: c => (c.pareto ? 1 : 0), text: c => (c.pareto ? "★" : ""),
        title: c => (c.pareto ? "on the Pareto front of its task, architecture and ε" : null)
      }
    ]).concat(structureColumns(), varyingAxes.map(a => ({
      label: a.label, numeric: a.numeric,
      sortValue: c => valueRank.get(a.name).get(key(c.values[a.name])),
      text: c => valueText(a, c.values[a.name])
    })));
  }
  /** Shown only when some configuration has them: the known minimum, and the retrained structure. */
  function structureColumns() {
    const configs = data.configurations;
    const columns = [];
    const st = c => c.structure || {};
    if (configs.some(c => st(c).minimumEdges)) {
      columns.push({
        label: "solved at the known minimum", numeric: true,
        sortValue: c => (st(c).minimumEdges && c.outcomes.solved ? st(c).atMinimum / c.outcomes.solved : -1),
        text: c => (st(c).minimumEdges ? `${thousands(st(c).atMinimum)} of ${thousands(c.outcomes.solved)} (${st(c).minimumEdges} edges)` : "–"),
        title: c => (st(c).minimumEdges ? `solved seeds whose pruned network has exactly ${st(c).minimumEdges} active edges, the fewest that solve the task on this network` : "the fewest edges are not known for this network")
      });
    }
    if (configs.some(c => st(c).reducedDistance)) {
      columns.push({
        label: "at the minimum after the reduction", numeric: true,
        sortValue: c => (st(c).reducedAtMinimum ? st(c).reducedAtMinimum.p : -1),
        text: c => (st(c).reducedDistance ? `${thousands(st(c).reducedDistance[0])} of ${thousands(c.outcomes.solved)}` : "–"),
        title: c => (st(c).reducedDistance ? `solved seeds whose structure, reduced until it breaks, has exactly ${st(c).minimumEdges} edges; ` +
          `median ${thousands(st(c).totalEpochs)} epochs a seed in all` : "not reduced (reduce-epochs = 0), or the fewest edges are not known")
      });
    }
    if (configs.some(c => st(c).retrained)) {
      for (const [name, label, what] of [["fineTuned", "fine-tuned solved", "retrained without L1 from the trained weights"],
        ["ticket", "ticket solved", "retrained without L1 from the initial weights on the surviving edges (the lottery ticket)"]]) {
        columns.push({
          label: `${label} (95 % interval)`, numeric: true,
          sortValue: c => (st(c)[name] ? st(c)[name].p : -1),
          text: c => pctInterval(st(c)[name]),
          title: c => (st(c)[name] ? `${ofText(st(c)[name + "Solved"], st(c).retrained)} pruned structures solve the task ${what}; median ` +
            `${metricText(st(c)[name + "Metric"].median)}` : "not retrained")
        });
      }
    }
    return columns;
  }

  function buildTable(body) {
    table.columns = tableColumns();
    if (state.sort && !(state.sort.column < table.columns.length)) state.sort = null;
    const tools = body.append("div").attr("class", "table-tools");
    const label = tools.append("label").attr("class", "filter");
    label.append("span").text("find");
    label.append("input").attr("id", "table-filter").attr("type", "search").attr("placeholder", "text in a row, e.g. proximal")
      .property("value", state.text)
      .on("input change search keyup", function () {   // clear() in a test fires change, not input
        const text = this.value.trim().toLowerCase();
        if (text === state.text) return;
        state.text = text;
        state.page = 0;
        updateTableRows();
        updateHash();
      });
    const pager = tools.append("div").attr("class", "pager");
    pager.append("button").attr("type", "button").attr("class", "prev").text("← previous").on("click", () => turnPage(-1));
    pager.append("span").attr("class", "page-info").attr("aria-live", "polite");
    pager.append("button").attr("type", "button").attr("class", "next").text("next →").on("click", () => turnPage(1));
    body.append("p").attr("class", "note").attr("id", "configurations-about").text("One row per configuration and ε, over " +
      "its seeds. Rates are shares of all trials; medians and quartiles leave out diverged trials. Hover a rate for " +
      "its counts; click a header to sort, a row to see its seeds.");
    const t = body.append("div").attr("class", "table-scroll").append("table").attr("id", "configurations")
      .attr("aria-describedby", "configurations-about");
    const th = t.append("thead").append("tr").selectAll("th").data(table.columns).join("th")
      .attr("scope", "col").attr("class", columnClass);
    th.append("button").attr("type", "button").text(d => d.label).append("span").attr("class", "sort-mark");
    th.on("click", (event, column) => {
      const index = table.columns.indexOf(column);
      state.sort = state.sort && state.sort.column === index ? { column: index, descending: !state.sort.descending }
        : { column: index, descending: column.numeric };
      state.page = 0;
      updateTableRows();
      updateHash();
    });
    t.append("tbody")
      .on("click", event => {
        const tr = event.target.closest("tr[data-configuration]");
        if (tr) select(+tr.dataset.configuration);
      })
      .on("keydown", event => {
        const tr = event.target.closest("tr[data-configuration]");
        if (tr && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); select(+tr.dataset.configuration); }
      });
    body.append("p").attr("class", "note table-empty").attr("hidden", "").text("No configuration matches the filters and the text.");
  }
  function columnClass(column) {
    return [column.numeric ? "num" : "", column.sticky ? "sticky" : ""].join(" ").trim() || null;
  }

  /** A row's text for the find box, built on first use: the cells and the full label. */
  function searchText(c) {
    if (table.search[c.id] === undefined) {
      table.search[c.id] = (table.columns.map(col => col.text(c)).join(" ") + " " + c.label).toLowerCase();
    }
    return table.search[c.id];
  }
  function updateTableRows() {
    let rows = state.text ? view.tableRows.filter(c => searchText(c).includes(state.text)) : view.tableRows;
    if (state.sort) {
      const column = table.columns[state.sort.column];
      const sign = state.sort.descending ? -1 : 1;
      const keyed = rows.map(c => ({ c, v: column.sortValue(c) }));
      keyed.sort((a, b) => {
        const missingA = a.v === null || a.v === undefined || Number.isNaN(a.v);
        const missingB = b.v === null || b.v === undefined || Number.isNaN(b.v);
        if (missingA || missingB) return missingA - missingB;   // missing values last either way
        return a.v < b.v ? -sign : a.v > b.v ? sign : 0;
      });
      rows = keyed.map(k => k.c);
    }
    table.rows = rows;
    d3.select("#download-csv").text(`download CSV (${thousands(rows.length)} row${rows.length === 1 ? "" : "s"})`);
    renderTablePage();
  }
  function turnPage(delta) {
    const pages = Math.max(1, Math.ceil(table.rows.length / PAGE_SIZE));
    state.page = Math.max(0, Math.min(pages - 1, state.page + delta));
    renderTablePage();
  }
  function renderTablePage() {
    const t = d3.select("#configurations");
    const total = table.rows.length;
    const start = state.page * PAGE_SIZE;
    const page = table.rows.slice(start, start + PAGE_SIZE);
    const tr = t.select("tbody").selectAll("tr").data(page, c => c.id).join("tr")
      .attr("data-configuration", c => c.id).attr("tabindex", 0)
      .classed("selected", c => c.id === state.selected).attr("aria-selected", c => String(c.id === state.selected));
    tr.selectAll("td").data(c => table.columns.map(column => ({ column, c }))).join("td")
      .attr("class", d => columnClass(d.column))
      .text(d => d.column.text(d.c))
      .attr("title", d => d.column.title ? d.column.title(d.c) : null);
    t.selectAll("thead th")
      .attr("aria-sort", (d, i) => state.sort && state.sort.column === i ? (state.sort.descending ? "descending" : "ascending") : null)
      .select(".sort-mark").text((d, i) => state.sort && state.sort.column === i ? (state.sort.descending ? " ▼" : " ▲") : "");
    d3.select(".pager .page-info")
      .text(total ? `rows ${thousands(start + 1)}–${thousands(start + page.length)} of ${thousands(total)}` : "no rows");
    d3.select(".pager .prev").property("disabled", state.page === 0);
    d3.select(".pager .next").property("disabled", start + PAGE_SIZE >= total);
    d3.select(".table-empty").attr("hidden", total ? "" : null);
  }

  /* ---------- seeds of the selected configuration ---------- */

  let seedsJob = null;

  const SEED_COLUMNS = {
    seed: { label: () => "seed", text: v => plain(v) },
    metric: { label: t => t.metricLabel, text: v => (finite(v) ? metricText(v) : "– (diverged)") },
    activeEdges: { label: () => "active edges", text: (v, c) => ofText(v, c.edges) },
    sparsity: { label: () => "sparsity", text: v => pct(v) },
    outcome: { label: () => "outcome", text: v => outcomeLabel(v) },
    corners: { label: () => "corners right", text: v => (finite(v) ? `${v} of 4` : "–") },
    lossTailChange: {
      label: () => `loss change over the last ${pct(tailShare)} of epochs`,
      text: v => (finite(v) ? `${signed(v * 100)} %` : "–")
    },
    fineTuned: { label: t => `${t.metricLabel}, fine-tuned`, text: v => (finite(v) ? metricText(v) : "–") },
    ticket: { label: t => `${t.metricLabel}, ticket`, text: v => (finite(v) ? metricText(v) : "–") },
    reducedEdges: { label: () => "edges after the reduction", text: v => (finite(v) ? String(v) : "–") }
  };
  const OPTIONAL_SEED_COLUMNS = new Set(["corners", "fineTuned", "ticket", "reducedEdges"]);
  function outcomeLabel(name) {
    const o = OUTCOMES.find(x => x.key === name);
    return o ? o.label : (name === null || name === undefined ? "unclassified" : String(name));
  }

  function renderSeeds() {
    const body = d3.select("#seeds .seeds-body");
    body.selectAll("*").remove();
    seedsJob = null;
    const c = configById.get(state.selected);
    if (!c) {
      note(body, "Click a row of the table, or a point or bar of a chart, to see that configuration's seeds here.");
      return;
    }
    const task = taskOf(c);
    body.append("h3").text(c.label + epsilonText(c));
    const counts = OUTCOMES.map(o => `${plain(c.outcomes[o.key] || 0)} ${o.label} (${pct(c.rates[o.key].p)})`);
    if (c.outcomes.unclassified) counts.push(`${plain(c.outcomes.unclassified)} unclassified`);
    const stuck = c.rates.stuck;
    body.append("p").attr("class", "outcome-counts").text(`${thousands(c.trials)} trials: ${counts.join(", ")}. ` +
      `Stuck rate ${pct(stuck.p)}, 95 % interval ${whole(stuck.low)}–${whole(stuck.high)} %.`);
    body.append("p").text(`Median ${task.metricLabel} ${metricText(c.metric.median)} ` +
      `(q1–q3 ${rangeText(c.metric.q1, c.metric.q3, metricText)}); ${ofText(c.activeEdges.median, c.edges)} edges active ` +
      `(${pct(c.sparsity.median)} pruned); dead hidden units ${ofText(c.deadUnits.median, c.deadUnits.of)}.`);
    const rows = seedsOf(c);
    if (!rows) {
      note(body, "Per-seed detail is not in this page for this configuration: " + (data.seedsNote || ""));
      return;
    }
    body.append("p").append("button").attr("type", "button").attr("id", "download-seeds-csv")
      .text(`download these ${thousands(rows.length)} seeds (CSV)`).on("click", () => downloadCsv("seeds"));
    const chartSlot = slot(body, "seed-chart");
    const caption = `Share of this configuration's seeds whose ${task.metricLabel} is at most x ` +
      "(diverged seeds count as the lowest). Dashed: the solved threshold.";
    seedsJob = {
      slot: chartSlot.node(),
      onSelection: false,
      draw: (s, w) => drawEcdf(s, w, task, [{ c, color: POSITIVE, label: "this configuration" }], caption)
    };
    runJobs([seedsJob]);
    const columns = (data.seedColumns || []).map((name, i) => ({ name, i, spec: SEED_COLUMNS[name] }))
      // A column that holds nothing for this configuration (no corners, no retraining, no reduction) is left out.
      .filter(col => !OPTIONAL_SEED_COLUMNS.has(col.name) || rows.some(r => finite(r[col.i])));
    const t = body.append("div").attr("class", "table-scroll seed-scroll").append("table").attr("id", "seed-table");
    const heading = col => (col.spec ? col.spec.label(task) : col.name);
    t.append("thead").append("tr").selectAll("th").data(columns).join("th").attr("scope", "col")
      .attr("class", col => (col.name === "outcome" ? "" : "num") + (heading(col).length > 16 ? " long" : ""))
      .text(heading);
    t.append("tbody").selectAll("tr").data(rows).join("tr").attr("class", r => {
      const outcome = seedColumn.has("outcome") ? r[seedColumn.get("outcome")] : null;
      return outcome ? "outcome-" + String(outcome).replace(/[^a-z]/g, "") : null;
    }).selectAll("td").data(r => columns.map(col => ({ col, v: r[col.i] }))).join("td")
      .attr("class", d => d.col.name === "outcome" ? "outcome" : "num")
      .text(d => (d.col.spec ? d.col.spec.text(d.v, c) : (typeof d.v === "number" ? plain(d.v) : String(d.v))));
  }

  /** Marks the selection everywhere, redraws what depends on it and shows its seeds (scrolled to, unless told not to). */
  function select(id, stay) {
    state.selected = id;
    hideTip();
    d3.selectAll("#configurations tbody tr").classed("selected", c => c.id === id).attr("aria-selected", c => String(c.id === id));
    d3.selectAll("[data-chart=tradeoff] .point").classed("selected", c => c.id === id);
    runJobs(jobs.filter(job => job.onSelection && job.slot.isConnected));
    renderSeeds();
    updateHash();
    if (!stay) document.getElementById("seeds").scrollIntoView({ block: "start" });
  }

  /* ---------- the view in the URL's fragment ---------- */

  /** The view as a fragment: f.<axis>=value, b.<axis>=JSON of the brush, sel=id, q=text, sort=[-]column. */
  function viewFragment() {
    const params = new URLSearchParams();
    for (const [name, k] of state.filters) params.set("f." + name, k);
    for (const [name, brush] of state.brushes) params.set("b." + name, JSON.stringify(brush.range || brush.values));
    if (state.selected !== null) params.set("sel", String(state.selected));
    if (state.text) params.set("q", state.text);
    if (state.sort) params.set("sort", (state.sort.descending ? "-" : "") + state.sort.column);
    return params.toString();
  }
  /** Writes the view into location.hash without a history entry per change: a reload or a copied link restores it. */
  function updateHash() {
    const fragment = viewFragment();
    if (fragment === location.hash.replace(/^#/, "")) return;
    try {
      history.replaceState(history.state, "", fragment ? "#" + fragment : location.pathname + location.search);
    } catch (refused) {
      // A browser that refuses it on file:// still shows the view; only the link does not carry it.
    }
  }
  /** Sets the view from a fragment viewFragment wrote; what is unknown or malformed is left out, silently. */
  function applyFragment(hash) {
    state.filters.clear();
    state.brushes.clear();
    state.selected = null;
    state.text = "";
    state.sort = null;
    let params;
    try {
      params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    } catch (malformed) {
      return;
    }
    for (const [name, value] of params) {
      try {
        applyPart(name, value);
      } catch (malformed) {
        // one bad part (JSON that does not parse, say) leaves the others
      }
    }
  }
  function applyPart(name, value) {
    if (name.startsWith("f.")) {
      const axis = axisByName.get(name.slice(2));
      if (axis && axis.values.length > 1 && axis.values.some(v => key(v) === value)) state.filters.set(axis.name, value);
    } else if (name.startsWith("b.")) {
      const brush = parseBrush(name.slice(2), JSON.parse(value));
      if (brush) state.brushes.set(name.slice(2), brush);
    } else if (name === "sel") {
      if (/^\d+$/.test(value) && configById.has(+value)) state.selected = +value;
    } else if (name === "q") {
      state.text = value.trim().toLowerCase().slice(0, 200);
    } else if (name === "sort") {
      const match = /^(-?)(\d{1,3})$/.exec(value);
      if (match && (!table.columns.length || +match[2] < table.columns.length)) {
        state.sort = { column: +match[2], descending: match[1] === "-" };
      }
    }
  }
  function parseBrush(name, value) {
    if (!Array.isArray(value)) return null;
    if (MEASURE_DIMS.has(name)) {
      return value.length === 2 && value.every(finite) && value[0] <= value[1] ? { range: value } : null;
    }
    const axis = axisByName.get(name);
    if (!axis || name === "epsilon" || axis.values.length < 2) return null;
    return value.every(k => typeof k === "string" && axis.values.some(v => key(v) === k)) ? { values: value } : null;
  }
  /** The controls show the state after it changed under them (a fragment edited by hand). */
  function syncControls() {
    report.selectAll("#filters select").each(function () {
      this.value = state.filters.has(this.dataset.axis) ? state.filters.get(this.dataset.axis) : "all";
    });
    const find = document.getElementById("table-filter");
    if (find) find.value = state.text;
  }

  /* ---------- CSV, built in the page from its own data ---------- */

  function csvField(v) {
    if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return "";
    let text = typeof v === "object" ? JSON.stringify(v) : String(v);
    // A spreadsheet runs a cell that starts like a formula; numbers (−0.5) are written as numbers.
    if (typeof v !== "number" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  function csvText(header, rows) {
    return [header].concat(rows).map(row => row.map(csvField).join(",")).join("\r\n") + "\r\n";
  }
  /** One line per configuration and ε: every setting, the outcome counts and rates with their intervals, the medians. */
  function configurationsCsv(rows) {
    const header = ["configuration", "label", "task", "architecture"].concat(axes.map(a => a.name), ["trials"]);
    for (const o of OUTCOMES) header.push(o.key, `${o.key}_rate`, `${o.key}_rate_low`, `${o.key}_rate_high`);
    header.push("unclassified", "metric", "metric_median", "metric_q1", "metric_q3", "active_edges_median", "edges",
      "sparsity_median", "sparsity_q1", "sparsity_q3", "dead_units_median", "hidden_units", "pareto");
    const lines = rows.map(c => {
      const line = [c.id, c.label, c.task, c.architecture].concat(axes.map(a => c.values[a.name]), [c.trials]);
      for (const o of OUTCOMES) {
        const rate = c.rates[o.key] || {};
        line.push(c.outcomes[o.key] || 0, rate.p, rate.low, rate.high);
      }
      line.push(c.outcomes.unclassified || 0, taskOf(c).metricLabel, c.metric.median, c.metric.q1, c.metric.q3,
        c.activeEdges.median, c.edges, c.sparsity.median, c.sparsity.q1, c.sparsity.q3, c.deadUnits.median,
        c.deadUnits.of, Boolean(c.pareto));
      return line;
    });
    return csvText(header, lines);
  }
  function seedsCsv(c) {
    const rows = seedsOf(c) || [];
    return csvText(["configuration", "label"].concat(data.seedColumns || []), rows.map(r => [c.id, c.label].concat(r)));
  }
  /** The CSV the download buttons save: the table's rows, and the selected configuration's seeds (null without). */
  function csvFiles() {
    const c = configById.get(state.selected);
    const seedRows = c ? seedsOf(c) : null;
    return {
      configurations: configurationsCsv(table.rows),
      rows: table.rows.length,
      seeds: seedRows ? seedsCsv(c) : null,
      seedRows: seedRows ? seedRows.length : 0
    };
  }
  window.structsweepCsv = csvFiles;   // for tests and for a console: the text the buttons save
  function downloadCsv(kind) {
    const files = csvFiles();
    const text = kind === "seeds" ? files.seeds : files.configurations;
    if (text === null) return;
    const sweep = String(data.sweep || "sweep").replace(/[^A-Za-z0-9._-]+/g, "_");
    const name = kind === "seeds" ? `${sweep}-configuration-${state.selected}-seeds.csv` : `${sweep}-configurations.csv`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /* ---------- page structure and updates ---------- */

  const bodies = {};
  function addSection(id, title, intro) {
    const section = report.append("section").attr("id", id);
    section.append("h2").text(title);
    if (intro) section.append("p").attr("class", "intro").text(intro);
    bodies[id] = section.append("div").attr("class", "section-body");
    return bodies[id];
  }

  function rebuildCharts() {
    jobs = [];
    for (const id of ["panels", "dynamics", "networks", "effects", "parallel"]) bodies[id].selectAll("*").remove();
    renderPanels(bodies.panels);
    renderDynamics(bodies.dynamics);
    renderNetworks(bodies.networks);
    renderEffects(bodies.effects);
    renderParallel(bodies.parallel);
    runJobs(jobs);
  }

  function refresh() {
    hideTip();
    view = computeView();
    state.page = 0;
    renderStatus();
    rebuildCharts();
    updateTableRows();
    updateHash();
  }

  function build() {
    applyFragment(location.hash);
    view = computeView();
    buildFilters();
    addSection("panels", "Per task and architecture",
      "Each panel is one task on one architecture; nothing is pooled across them. Charts show one ε at a time.");
    addSection("dynamics", "Training dynamics", "Training curves of the configurations the headline and the panels name.");
    addSection("networks", "Surviving networks",
      "The network left after pruning, for each architecture's configuration named in its panel (the sparsest " +
      "that half its seeds solve, else the most often solved), from its median solved seed: the solved seed whose " +
      "active edges are nearest the configuration's median.");
    addSection("effects", "Which setting matters",
      "How much of the variation across the grid each setting, and each pair of settings, accounts for.");
    addSection("parallel", "All configurations at once", null);
    buildTable(addSection("table", "Every configuration", null));
    const seedsSection = report.append("section").attr("id", "seeds");
    seedsSection.append("h2").text("Seeds of the selected configuration");
    seedsSection.append("div").attr("class", "seeds-body");
    renderStatus();
    rebuildCharts();
    updateTableRows();
    renderSeeds();
    // The footer's links need the files beside the page; a page sent alone still saves its own rows.
    const footer = d3.select("footer .note");
    footer.append("span").text(" Away from them, this page saves the rows it shows itself: ");
    footer.append("button").attr("type", "button").attr("class", "download").text("download CSV")
      .on("click", () => downloadCsv("configurations"));
    window.addEventListener("hashchange", () => {   // a fragment edited by hand, or a link to this page followed
      if (location.hash.replace(/^#/, "") === viewFragment()) return;
      applyFragment(location.hash);
      syncControls();
      refresh();
      renderSeeds();
    });
  }

  /** The sticky filter bar's height as --bar-height: what a heading scrolled to keeps above it (scroll-margin-top). */
  function watchBar() {
    const bar = document.getElementById("filters");
    const measureBar = () => {
      const sticky = getComputedStyle(bar).position === "sticky";
      document.documentElement.style.setProperty("--bar-height", (sticky ? Math.ceil(bar.offsetHeight) : 0) + "px");
    };
    if (window.ResizeObserver) new ResizeObserver(measureBar).observe(bar);
    window.addEventListener("resize", measureBar);
    measureBar();
  }

  /** Redraws every chart at its new width when the page's width changes (not on mere height changes). */
  function watchWidth() {
    let width = report.node().clientWidth;
    let timer = null;
    window.addEventListener("resize", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = report.node().clientWidth;
        if (now === width) return;
        width = now;
        runJobs(jobs.filter(job => job.slot.isConnected).concat(seedsJob ? [seedsJob] : []));
      }, 150);
    });
  }

  try {
    build();
    watchWidth();
    watchBar();
  } catch (error) {
    report.insert("p", ":first-child").attr("class", "error").text("This report's script failed: " + error.message);
    throw error;
  }
  // Milliseconds since navigation began, for the page-load benchmark (ReportPageBench).
  document.body.dataset.readyAt = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
  console.info(`structsweep report ready in ${Math.round(performance.now() - startedAt)} ms ` +
    `(${Math.round(performance.now())} ms after the page started loading)`);
})();
