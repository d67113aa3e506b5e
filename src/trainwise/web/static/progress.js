// trainwise progress page: draws the charts from the JSON blocks next to each <canvas>.
// The page works without this file: every chart has a summary and a table of its numbers.
(function () {
  "use strict";
  var INK = "#1b1f23", MUTED = "#4a5560", GRID = "#d5dcd9";
  var COLOURS = ["#0b5d4b", "#b3261e", "#1f4fa8", "#7a3e00", "#6b2fa0", "#00607a"];
  var BAND = "rgba(11, 93, 75, 0.16)", BAND_EDGE = "#0b5d4b";
  var DAY = 86400000;

  function data(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function shortDate(ms) {
    return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  }

  function kg(value) {
    return (Math.round(value * 10) / 10).toString() + " kg";
  }

  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { labels: { color: INK, boxWidth: 14 } }, tooltip: {} },
      scales: {}
    };
    return Object.assign(options, extra || {});
  }

  function axis(extra) {
    return Object.assign({ ticks: { color: MUTED }, grid: { color: GRID }, border: { color: MUTED } }, extra || {});
  }

  var builders = {
    e1rm: function (d) {
      var datasets = d.series.map(function (s, i) {
        var colour = COLOURS[i % COLOURS.length];
        return {
          label: s.label,
          data: s.points.map(function (p) { return { x: Date.parse(p.x), y: p.y, low: p.low }; }),
          borderColor: colour,
          backgroundColor: colour,
          pointStyle: s.points.map(function (p) { return p.low ? "triangle" : "circle"; }),
          pointBackgroundColor: s.points.map(function (p) { return p.low ? "#ffffff" : colour; }),
          pointRadius: 4,
          pointHoverRadius: 6,
          borderWidth: 2,
          tension: 0.2
        };
      });
      var options = base();
      options.scales = {
        x: axis({ type: "linear", ticks: { color: MUTED, maxTicksLimit: 6, callback: shortDate } }),
        y: axis({ title: { display: true, text: "kg", color: MUTED } })
      };
      options.plugins.tooltip.callbacks = {
        title: function (items) { return items.length ? shortDate(items[0].parsed.x) : ""; },
        label: function (item) {
          return item.dataset.label + ": " + kg(item.parsed.y) + (item.raw.low ? " (less certain)" : "");
        }
      };
      options.parsing = false;
      if (d.series.length === 1 && d.series[0].points.length === 1) {
        var x = Date.parse(d.series[0].points[0].x);
        options.scales.x.min = x - 7 * DAY;
        options.scales.x.max = x + 7 * DAY;
      }
      return { type: "line", data: { datasets: datasets }, options: options };
    },

    volume: function (d) {
      var datasets = [{
        label: "Target band",
        data: d.band.map(function (b) { return b ? [b[0], b[1]] : null; }),
        backgroundColor: BAND,
        borderColor: BAND_EDGE,
        borderWidth: 1,
        grouped: false,
        barPercentage: 1,
        categoryPercentage: 0.95,
        order: 3
      }, {
        label: "This week so far",
        data: d.this_week,
        backgroundColor: "#6b7fae",
        order: 1
      }];
      if (d.average) {
        datasets.push({
          label: "Weekly average (" + d.full_weeks + " full week" + (d.full_weeks === 1 ? "" : "s") + ")",
          data: d.average,
          backgroundColor: COLOURS[0],
          order: 2
        });
      }
      var options = base({ indexAxis: "y" });
      options.scales = {
        x: axis({ beginAtZero: true, title: { display: true, text: "hard sets a week", color: MUTED } }),
        y: axis({ ticks: { color: INK }, grid: { display: false } })
      };
      options.plugins.tooltip.callbacks = {
        label: function (item) {
          var v = item.raw;
          if (Array.isArray(v)) { return "Target band: " + v[0] + "–" + v[1] + " sets"; }
          return item.dataset.label + ": " + v + " sets";
        }
      };
      return { type: "bar", data: { labels: d.labels, datasets: datasets }, options: options };
    },

    sessions: function (d) {
      var datasets = [{ label: "Sessions logged", data: d.logged, backgroundColor: COLOURS[0], order: 1 }];
      if (d.planned) {
        datasets.push({
          label: "Planned (up to today)", data: d.planned, backgroundColor: "rgba(255, 255, 255, 0)",
          borderColor: MUTED, borderWidth: 2, borderDash: [4, 3], order: 2
        });
      }
      var options = base();
      options.scales = {
        x: axis({ grid: { display: false }, ticks: { color: MUTED, maxRotation: 0, autoSkip: true } }),
        y: axis({ beginAtZero: true, ticks: { color: MUTED, precision: 0 } })
      };
      return { type: "bar", data: { labels: d.labels, datasets: datasets }, options: options };
    },

    pain: function (d) {
      var region = -1, last = "";
      var datasets = d.series.map(function (s) {
        var name = s.label.split(",")[0];
        if (name !== last) { region += 1; last = name; }
        var colour = COLOURS[(region + 1) % COLOURS.length];
        return {
          label: s.label, data: s.data, borderColor: colour, backgroundColor: colour,
          borderDash: s.kind === "morning" ? [6, 4] : [], pointStyle: s.kind === "morning" ? "rectRot" : "circle",
          pointRadius: 3, borderWidth: 2, spanGaps: true, tension: 0.2
        };
      });
      var options = base();
      options.plugins.legend.labels.usePointStyle = true;
      options.plugins.legend.labels.boxHeight = 8;
      options.scales = {
        x: axis({ grid: { display: false }, ticks: { color: MUTED, maxRotation: 0, autoSkip: true } }),
        y: axis({ min: 0, max: 10, ticks: { color: MUTED, stepSize: 2 }, title: { display: true, text: "pain 0–10", color: MUTED } })
      };
      return { type: "line", data: { labels: d.labels, datasets: datasets }, options: options };
    }
  };

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    window.Chart.defaults.color = INK;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = builders[canvas.getAttribute("data-chart")];
      var d = data(canvas);
      if (!build || !d) { return; }
      try {
        canvas.chart = new window.Chart(canvas, build(d));
        canvas.setAttribute("data-drawn", "true");
      } catch (error) {
        // A chart that cannot be drawn leaves its table: the numbers are never lost.
        if (window.console) { window.console.error("trainwise: chart", canvas.id, error); }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
