// Dashboard (home page): draw the charts with ECharts from the JSON the server puts on
// the page (json_script), and make each bar open the list of records it counts. No
// inline script, so the page keeps its strict Content-Security-Policy.
(function () {
  "use strict";

  var ACCENT = "#1d5fa8";
  var TIER_COLORS = ["#9aa5b1", "#d08a00", "#c0392b", "#7b1010"];

  function bars(data, extra) {
    var option = {
      animation: false,
      grid: { left: 44, right: 12, top: 24, bottom: 28 },
      // richText: the tooltip is drawn on the canvas, not as HTML with inline styles.
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: data.name, type: "bar", data: data.values, itemStyle: { color: ACCENT } }]
    };
    return extra ? extra(option) : option;
  }

  var BUILD = {
    trend: function (data) { return bars(data); },
    tiers: function (data) {
      return bars(data, function (option) {
        option.series[0].data = data.values.map(function (v, i) {
          return { value: v, itemStyle: { color: TIER_COLORS[i % TIER_COLORS.length] } };
        });
        return option;
      });
    },
    complaints: function (data) {
      return bars(data, function (option) {
        option.legend = { top: 0 };
        option.grid.top = 32;
        option.grid.bottom = 60;
        option.xAxis.axisLabel = { interval: 0, rotate: 30 };
        option.series = [
          { name: data.received, type: "bar", data: data.values, itemStyle: { color: "#9aa5b1" } },
          { name: data.closed, type: "bar", data: data.closed_values, itemStyle: { color: "#1a7f37" } }
        ];
        return option;
      });
    }
  };

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!window.echarts || !source) return;
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll(".dash-chart[data-chart]").forEach(function (box) {
      var key = box.getAttribute("data-chart");
      var data = charts[key];
      if (!data || !BUILD[key]) return;
      var chart = window.echarts.getInstanceByDom(box) || window.echarts.init(box);
      chart.setOption(BUILD[key](data), true);
      chart.off("click");
      chart.on("click", function (params) {
        var link = data.links && data.links[params.dataIndex];
        if (link) window.location.assign(link);
      });
      box.classList.add("dash-chart-ready");
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    document.querySelectorAll(".dash-chart").forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) chart.resize();
    });
  });
})();
