// Checks on every chart of a report page, run in the browser; returns a list of problems (empty when none).
// Tick labels of one axis are all different; log axes label powers of ten (1e−6, 1, 10, 1e2); no text of a
// chart's svg overlaps another by more than the tolerance in both directions.
return (function () {
  const TOLERANCE = 1.5;
  const problems = [];
  const visible = t => {
    if (!t.textContent.trim()) return false;
    const r = t.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(t).visibility !== "hidden" && getComputedStyle(t).display !== "none";
  };
  document.querySelectorAll("figure.chart").forEach((figure, index) => {
    const name = `${figure.dataset.chart} chart ${index}`;
    const svg = figure.querySelector("svg");
    if (!svg) return;
    svg.querySelectorAll("g.axis").forEach(axis => {
      const labels = Array.from(axis.querySelectorAll(".tick text")).map(t => t.textContent.trim()).filter(t => t);
      const repeated = labels.filter((t, i) => labels.indexOf(t) !== i);
      if (repeated.length) problems.push(`${name}: an axis repeats ${repeated.join(", ")} in [${labels.join(", ")}]`);
      if (axis.classList.contains("log")) {
        if (labels.length < 2) problems.push(`${name}: a log axis with ${labels.length} labels`);
        for (const t of labels) if (!/^(1e[\u2212-]?\d+|1|10)$/.test(t)) problems.push(`${name}: log axis tick "${t}" is not a power of ten as 1e\u2212N`);
      }
    });
    const texts = Array.from(svg.querySelectorAll("text")).filter(visible)
      .map(t => ({ text: t.textContent.trim(), box: t.getBoundingClientRect() }));
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].box, b = texts[j].box;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > TOLERANCE && h > TOLERANCE) {
          problems.push(`${name}: "${texts[i].text}" overlaps "${texts[j].text}" by ${w.toFixed(1)} × ${h.toFixed(1)} px`);
        }
      }
    }
  });
  return problems;
})();
