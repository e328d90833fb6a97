/*
 * Charts drawn from the numbers already on the page, so every chart also works without
 * JavaScript (the table is the content; the chart is a picture of it). No inline script:
 * the Content-Security-Policy allows only files served by Primer.
 *
 * Usage, either:
 *   <table data-chart-type="bar|line|doughnut|pie"
 *          [data-chart-colors="#hex,#hex"] [data-chart-index-axis="y"] [data-chart-stacked]>
 *     <caption>Title</caption>
 *     <thead><tr><th>Label column</th><th>Series 1</th><th>Series 2</th>…</tr></thead>
 *     <tbody><tr><th scope="row">Label</th><td>12</td><td>3</td></tr>…</tbody>
 *   </table>
 * A canvas is added just before the table (or into <canvas data-chart-for="TABLE-ID"> when the
 * page places one itself). Or, with the numbers in an attribute:
 *   <canvas data-chart='{"type":"line","labels":[…],"datasets":[{"label":"…","data":[…]}]}'
 *           aria-label="…"></canvas>
 * Requires vendor/chartjs/chart.umd.js loaded first; without it the tables simply stay alone.
 */
(function () {
  "use strict";

  var PALETTE = ["#2046c8", "#1b6e3a", "#b7791f", "#a61b1b", "#6b46c1", "#0f766e", "#52606d", "#c2410c"];
  var ROUND = ["doughnut", "pie", "polarArea"];

  function number(text) {
    var cleaned = String(text).replace(/[^0-9.,\-]/g, "").replace(/,/g, "");
    var value = parseFloat(cleaned);
    return isNaN(value) ? null : value;
  }

  function text(cell) {
    return (cell && cell.textContent || "").replace(/\s+/g, " ").trim();
  }

  /* Labels from the first cell of each body row; one data series per further column. */
  function readTable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) { return null; }
    var series = [];
    for (var c = 1; c < head.cells.length; c++) { series.push({ label: text(head.cells[c]), data: [] }); }
    var labels = [];
    for (var r = 0; r < body.rows.length; r++) {
      var row = body.rows[r];
      if (row.cells.length < 2) { continue; }
      labels.push(text(row.cells[0]));
      for (var s = 0; s < series.length; s++) { series[s].data.push(number(text(row.cells[s + 1]))); }
    }
    return { labels: labels, datasets: series };
  }

  function colours(element, count) {
    var given = (element.getAttribute("data-chart-colors") || "").split(",")
      .map(function (c) { return c.trim(); }).filter(Boolean);
    var list = given.length ? given : PALETTE;
    var out = [];
    for (var i = 0; i < count; i++) { out.push(list[i % list.length]); }
    return out;
  }

  function style(type, data, source) {
    var round = ROUND.indexOf(type) !== -1;
    var single = data.datasets.length === 1;
    var perPoint = colours(source, data.labels.length);
    var perSeries = colours(source, data.datasets.length);
    data.datasets.forEach(function (set, i) {
      if (set.backgroundColor) { return; }
      if (round || (single && type === "bar")) {
        set.backgroundColor = perPoint;
        set.borderColor = round ? "#ffffff" : perPoint;
      } else {
        set.backgroundColor = perSeries[i];
        set.borderColor = perSeries[i];
      }
      set.borderWidth = round ? 2 : 1;
    });
    return data;
  }

  function options(type, source, data) {
    var round = ROUND.indexOf(type) !== -1;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var stacked = source.hasAttribute("data-chart-stacked");
    var opts = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduce ? false : undefined,
      plugins: { legend: { display: round || data.datasets.length > 1, position: "bottom" } }
    };
    if (!round) {
      opts.indexAxis = source.getAttribute("data-chart-index-axis") === "y" ? "y" : "x";
      opts.scales = { x: { stacked: stacked }, y: { stacked: stacked } };
      opts.scales[opts.indexAxis === "y" ? "x" : "y"].beginAtZero = true;
      opts.scales[opts.indexAxis === "y" ? "x" : "y"].ticks = { precision: 0 };
    }
    return opts;
  }

  function draw(canvas, type, data, source) {
    if (canvas.getAttribute("data-chart-drawn")) { return; }
    canvas.setAttribute("data-chart-drawn", "1");
    if (!canvas.getAttribute("role")) { canvas.setAttribute("role", "img"); }
    /* eslint-disable-next-line no-new */
    new window.Chart(canvas, { type: type, data: style(type, data, source), options: options(type, source, data) });
  }

  function fromTable(table) {
    var data = readTable(table);
    if (!data || !data.labels.length) { return; }
    var canvas = table.id && document.querySelector('canvas[data-chart-for="' + table.id + '"]');
    if (!canvas) {
      var frame = document.createElement("div");
      frame.className = "chart-canvas";
      canvas = document.createElement("canvas");
      frame.appendChild(canvas);
      table.parentNode.insertBefore(frame, table);
    }
    var caption = text(table.caption) || "Chart";
    if (!canvas.getAttribute("aria-label")) {
      canvas.setAttribute("aria-label", caption + " (chart; the same numbers are in the table that follows)");
    }
    draw(canvas, table.getAttribute("data-chart-type") || "bar", data, table);
  }

  function fromAttribute(canvas) {
    var config;
    try { config = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    if (!config || !config.labels || !config.datasets) { return; }
    draw(canvas, config.type || "bar", { labels: config.labels, datasets: config.datasets }, canvas);
  }

  function drawAll(root) {
    if (!window.Chart) { return; }
    var scope = root || document;
    Array.prototype.forEach.call(scope.querySelectorAll("table[data-chart-type]"), fromTable);
    Array.prototype.forEach.call(scope.querySelectorAll("canvas[data-chart]"), fromAttribute);
  }

  window.PrimerCharts = { drawAll: drawAll, readTable: readTable };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
})();
