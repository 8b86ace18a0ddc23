// Event page: draw the items-per-hour chart, stacked by sentiment, with ECharts from the
// JSON the server puts next to it (json_script). No inline script, so the page keeps
// its strict Content-Security-Policy.
(function () {
  "use strict";

  var COLORS = { pos: "#2e8b57", neu: "#9aa5b1", neg: "#c0392b" };

  function draw(root) {
    if (!window.echarts || !root || !root.querySelectorAll) return;
    root.querySelectorAll(".hour-chart[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.getInstanceByDom(box) || window.echarts.init(box);
      var series = ["neg", "neu", "pos"].map(function (label) {
        return {
          name: data.names[label],
          type: "bar",
          stack: "items",
          data: data.series[label],
          itemStyle: { color: COLORS[label] }
        };
      });
      chart.setOption({
        animation: false,
        grid: { left: 40, right: 12, top: 32, bottom: 28 },
        legend: { top: 0 },
        // richText: the tooltip is drawn on the canvas, not as HTML with inline styles,
        // which the page's Content-Security-Policy (style-src 'self') would block.
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
        yAxis: { type: "value", minInterval: 1 },
        series: series
      }, true);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    document.querySelectorAll(".hour-chart").forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) chart.resize();
    });
  });
})();
