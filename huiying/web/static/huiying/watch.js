// Watch-rule pages: draw the matches-per-day bar charts with ECharts from the JSON the
// server puts next to each chart (json_script), on load and after every htmx swap.
// No inline script anywhere, so the pages keep a strict Content-Security-Policy.
(function () {
  "use strict";

  function draw(root) {
    if (!window.echarts || !root || !root.querySelectorAll) return;
    root.querySelectorAll(".day-chart[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.getInstanceByDom(box) || window.echarts.init(box);
      chart.setOption({
        animation: false,
        grid: { left: 40, right: 12, top: 16, bottom: 28 },
        // richText: the tooltip is drawn on the canvas, not as HTML with inline styles,
        // which the pages' Content-Security-Policy (style-src 'self') would block.
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "category", data: data.days, axisLabel: { hideOverlap: true } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: data.name, type: "bar", data: data.counts, itemStyle: { color: "#1d5fa8" } }]
      }, true);
    });
  }

  function dispose(root) {
    if (!window.echarts || !root || !root.querySelectorAll) return;
    root.querySelectorAll(".day-chart").forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) chart.dispose();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:beforeSwap", function (event) { dispose(event.detail.target); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.detail.target); });
  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    document.querySelectorAll(".day-chart").forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) chart.resize();
    });
  });
})();
