/*
 * Charts drawn from the numbers already on the page, so every chart also works without
 * JavaScript (the table is the content; the chart is a picture of it). No inline script:
 * the Content-Security-Policy allows only files served by Primer.
 *
 * Usage, either:
 *   <table data-chart-type="bar|line|doughnut|pie" [data-chart-index-axis="y"] [data-chart-stacked]>
 *     <caption>Title</caption>
 *     <thead><tr><th>Label column</th><th>Series 1</th><th>Series 2</th>…</tr></thead>
 *     <tbody><tr><th scope="row">Label</th><td>12</td><td>3</td></tr>…</tbody>
 *   </table>
 * A canvas is added just before the table (or into <canvas data-chart-for="TABLE-ID"> when the
 * page places one itself); a table whose numbers are all zero gets no chart. Or, with the
 * numbers in an attribute:
 *   <canvas data-chart='{"type":"line","labels":[…],"datasets":[{"label":"…","data":[…]}]}'
 *           aria-label="…"></canvas>
 * The type "funnel" draws one horizontal bar per label, centred, each marked with its count and
 * its share of the first; a dataset with "kind": "threshold" is drawn as a dashed reference line.
 *
 * Colours come from the page's brand: the CSS custom property --brand (which the branding
 * settings override) is read when the charts are drawn, and every series colour is derived from
 * it, darkened where needed until it stands out from the page's background (WCAG's 3:1 for
 * graphics; 4.5:1 where a number is written on the bar).
 * Requires vendor/chartjs/chart.umd.js loaded first; without it the tables simply stay alone.
 */
(function () {
  "use strict";

  var ROUND = ["doughnut", "pie", "polarArea"];
  var FALLBACK_BRAND = "#2046c8";
  var WHITE = [255, 255, 255];
  var GRAPHIC_CONTRAST = 3;
  var TEXT_CONTRAST = 4.5;
  // Hue steps away from the brand for further series: far apart first, so two series never look alike.
  var HUE_STEPS = [0, 150, 45, 210, 300, 90, 255, 20];
  var POINT_STYLES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded", "cross"];

  /* --- colours ------------------------------------------------------------------------------ */

  var probe = null;

  /* Any CSS colour as [r, g, b], or null: the browser's own parser reads it (a canvas's fillStyle). */
  function parseColour(value) {
    if (!value || !String(value).trim()) { return null; }
    probe = probe || document.createElement("canvas").getContext("2d");
    if (!probe) { return null; }
    probe.fillStyle = "#010203";
    probe.fillStyle = String(value).trim();
    var parsed = probe.fillStyle;
    if (parsed === "#010203" && String(value).trim().toLowerCase() !== "#010203") { return null; }
    var hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(parsed);
    if (hex) { return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)]; }
    var rgba = /rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(parsed);
    return rgba ? [+rgba[1], +rgba[2], +rgba[3]] : null;
  }

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name);
  }

  function brand() {
    return parseColour(cssVar("--brand")) || parseColour(FALLBACK_BRAND);
  }

  function background() {
    return parseColour(cssVar("--bg")) || WHITE;
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /* WCAG contrast ratio of two colours (1 to 21). */
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function toHsl(rgb) {
    var r = rgb[0] / 255, g = rgb[1] / 255, b = rgb[2] / 255;
    var max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2, h = 0, s = 0;
    if (max !== min) {
      var d = max - min;
      s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
      h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      h *= 60;
    }
    return [h, s, l];
  }

  function toRgb(hsl) {
    var h = ((hsl[0] % 360) + 360) % 360 / 360, s = hsl[1], l = hsl[2];
    if (s === 0) { return [l, l, l].map(function (v) { return Math.round(v * 255); }); }
    var q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
    function channel(t) {
      t = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
      if (t < 1 / 6) { return p + (q - p) * 6 * t; }
      if (t < 1 / 2) { return q; }
      if (t < 2 / 3) { return p + (q - p) * (2 / 3 - t) * 6; }
      return p;
    }
    return [channel(h + 1 / 3), channel(h), channel(h - 1 / 3)].map(function (v) { return Math.round(v * 255); });
  }

  function hex(rgb) {
    return "#" + rgb.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("");
  }

  /* The colour with its lightness moved (darker on a light page, lighter on a dark one) until it
     has `ratio` contrast with the background. */
  function readable(hsl, ratio, against) {
    var bg = against || background();
    var step = luminance(bg) > 0.5 ? -0.02 : 0.02;
    var colour = hsl.slice();
    for (var i = 0; i < 60 && contrast(toRgb(colour), bg) < ratio; i++) {
      colour[2] = Math.min(1, Math.max(0, colour[2] + step));
    }
    return colour;
  }

  /* `count` distinct series colours: the brand first, then hues stepped away from it with the
     brand's saturation and lightness, each readable on the page (3:1). */
  function palette(count) {
    var base = toHsl(brand());
    var saturation = Math.min(0.85, Math.max(0.45, base[1]));
    var out = [];
    for (var i = 0; i < count; i++) {
      var round = Math.floor(i / HUE_STEPS.length);
      var hsl = i === 0 ? base : [base[0] + HUE_STEPS[i % HUE_STEPS.length] + 10 * round, saturation,
                                  Math.max(0.2, base[2] - 0.08 * round)];
      out.push(hex(toRgb(readable(hsl, GRAPHIC_CONTRAST))));
    }
    return out;
  }

  /* `count` shades of the brand, darkest first, each dark enough to carry white text (4.5:1). */
  function shades(count) {
    var top = readable(toHsl(brand()), TEXT_CONTRAST, WHITE);
    var out = [];
    for (var i = 0; i < count; i++) {
      var t = count > 1 ? i / (count - 1) : 1;
      out.push(hex(toRgb([top[0], top[1], Math.max(0.12, top[2] - 0.16 * (1 - t))])));
    }
    return out;
  }

  /* --- reading the numbers ----------------------------------------------------------------- */

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

  /* Whether any series holds a number other than zero: all zeros would draw an empty axis. */
  function hasData(data) {
    return data.datasets.some(function (set) {
      return (set.data || []).some(function (v) { return v !== null && v !== 0 && !isNaN(v); });
    });
  }

  /* --- drawing ------------------------------------------------------------------------------ */

  function style(type, data) {
    var round = ROUND.indexOf(type) !== -1;
    var single = data.datasets.length === 1;
    var perPoint = palette(data.labels.length);
    var perSeries = palette(data.datasets.length);
    data.datasets.forEach(function (set, i) {
      if (set.backgroundColor) { return; }
      if (type === "funnel") {
        set.backgroundColor = set.borderColor = shades(data.labels.length);
        set.borderWidth = 0;
        return;
      }
      if (round || (single && type === "bar")) {
        set.backgroundColor = round ? perPoint : perSeries[0];
        set.borderColor = round ? "rgb(" + background().join(",") + ")" : perSeries[0];
      } else {
        set.backgroundColor = perSeries[i];
        set.borderColor = perSeries[i];
      }
      set.borderWidth = round ? 2 : 1;
      if (type === "line") {
        var many = (set.data || []).length > 40;
        set.borderWidth = 2;
        set.tension = 0;
        set.pointStyle = POINT_STYLES[i % POINT_STYLES.length];
        set.pointRadius = many ? 0 : 3;
        set.pointHoverRadius = 5;
        if (set.kind === "threshold") {
          set.borderDash = [6, 4];
          set.pointStyle = "line";
          set.pointRadius = 0;
          set.borderWidth = 1.5;
        }
      }
    });
    return data;
  }

  /* Funnel bars are floating ranges centred on zero; the count is the range's width. */
  function funnelData(data) {
    var set = data.datasets[0];
    var values = set.data.map(function (v) { return v || 0; });
    set.counts = values;
    set.data = values.map(function (v) { return [-v / 2, v / 2]; });
    data.datasets = [set];
    return data;
  }

  function share(count, first) {
    return first ? Math.round(100 * count / first) + "%" : "";
  }

  /* Writes each funnel bar's count and share on it (in white when it fits, beside it otherwise). */
  var funnelLabels = {
    id: "primerFunnelLabels",
    afterDatasetsDraw: function (chart) {
      if (!chart.config.options.primerFunnel) { return; }
      var set = chart.data.datasets[0], meta = chart.getDatasetMeta(0), ctx = chart.ctx;
      var first = set.counts[0];
      ctx.save();
      ctx.font = "600 13px " + (cssVar("--font") || "sans-serif");
      ctx.textBaseline = "middle";
      meta.data.forEach(function (bar, i) {
        var label = String(set.counts[i]) + (i > 0 && first ? " · " + share(set.counts[i], first) : "");
        var width = ctx.measureText(label).width;
        var left = Math.min(bar.x, bar.base), right = Math.max(bar.x, bar.base);
        if (right - left > width + 12) {
          ctx.fillStyle = "#ffffff";
          ctx.textAlign = "center";
          ctx.fillText(label, (left + right) / 2, bar.y);
        } else {
          ctx.fillStyle = cssVar("--ink") || "#1f2933";
          ctx.textAlign = "left";
          ctx.fillText(label, right + 6, bar.y);
        }
      });
      ctx.restore();
    }
  };

  function funnelOptions(opts) {
    opts.indexAxis = "y";
    opts.primerFunnel = true;
    opts.plugins.legend.display = false;
    opts.plugins.tooltip = {
      callbacks: {
        label: function (item) {
          var counts = item.dataset.counts, n = counts[item.dataIndex];
          return n + (item.dataIndex > 0 && counts[0] ? " (" + share(n, counts[0]) + " of the first step)" : "");
        }
      }
    };
    opts.scales = {
      x: { display: false, grid: { display: false } },
      y: { grid: { display: false }, border: { display: false } }
    };
    opts.layout = { padding: { right: 48 } };
    return opts;
  }

  function options(type, source, data, config) {
    var round = ROUND.indexOf(type) !== -1;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var stacked = source.hasAttribute("data-chart-stacked") || Boolean(config && config.stacked);
    var opts = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduce ? false : undefined,
      interaction: type === "line" ? { mode: "index", intersect: false } : undefined,
      plugins: { legend: { display: round || data.datasets.length > 1, position: "bottom",
                           labels: { usePointStyle: type === "line", boxHeight: 8 } } }
    };
    if (type === "funnel") { return funnelOptions(opts); }
    if (!round) {
      var axis = source.getAttribute("data-chart-index-axis") === "y" || (config && config.indexAxis === "y") ? "y" : "x";
      var value = axis === "y" ? "x" : "y";
      opts.indexAxis = axis;
      opts.scales = { x: { stacked: stacked }, y: { stacked: stacked } };
      opts.scales[value].beginAtZero = true;
      opts.scales[value].ticks = { precision: 0 };
      opts.scales[axis].grid = { display: false };
      opts.scales[axis].ticks = { autoSkip: true, autoSkipPadding: 12, maxRotation: axis === "x" ? 0 : 50 };
    }
    return opts;
  }

  function themeDefaults() {
    var Chart = window.Chart;
    var ink = cssVar("--muted").trim(), line = cssVar("--line").trim(), font = cssVar("--font").trim();
    if (ink) { Chart.defaults.color = ink; }
    if (line) { Chart.defaults.borderColor = line; }
    if (font) { Chart.defaults.font.family = font; }
  }

  function draw(canvas, type, data, source, config) {
    if (canvas.getAttribute("data-chart-drawn")) { return; }
    canvas.setAttribute("data-chart-drawn", "1");
    if (!canvas.getAttribute("role")) { canvas.setAttribute("role", "img"); }
    var shaped = type === "funnel" ? funnelData(data) : data;
    /* eslint-disable-next-line no-new */
    new window.Chart(canvas, {
      type: type === "funnel" ? "bar" : type,
      data: style(type, shaped),
      options: options(type, source, shaped, config),
      plugins: type === "funnel" ? [funnelLabels] : []
    });
  }

  function fromTable(table) {
    var data = readTable(table);
    if (!data || !data.labels.length || !hasData(data)) { return; }
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
    draw(canvas, table.getAttribute("data-chart-type") || "bar", data, table, null);
  }

  function fromAttribute(canvas) {
    var config;
    try { config = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    if (!config || !config.labels || !config.datasets) { return; }
    draw(canvas, config.type || "bar", { labels: config.labels, datasets: config.datasets }, canvas, config);
  }

  function drawAll(root) {
    if (!window.Chart) { return; }
    themeDefaults();
    var scope = root || document;
    Array.prototype.forEach.call(scope.querySelectorAll("table[data-chart-type]"), fromTable);
    Array.prototype.forEach.call(scope.querySelectorAll("canvas[data-chart]"), fromAttribute);
  }

  window.PrimerCharts = {
    drawAll: drawAll, readTable: readTable, hasData: hasData,
    palette: palette, shades: shades, contrast: contrast, parseColour: parseColour, brand: brand
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
})();
