// Measured effect: one line chart per goal — the unit against the mean of its comparison units, the start marked.
(function () {
  var source = document.getElementById("effects-chart-data");
  if (!source || !window.echarts) return;
  var charts = JSON.parse(source.textContent).map(function (data) {
    var el = document.getElementById(data.id);
    if (!el) return null;
    var chart = echarts.init(el);
    var series = [{
      name: data.names.treated, type: "line", data: data.treated, connectNulls: false, symbolSize: 4,
      markLine: data.start ? {
        symbol: "none", lineStyle: { type: "dashed", color: "#b71c1c" },
        label: { formatter: data.names.start, position: "insideEndTop" },
        data: [{ xAxis: data.start }],
      } : undefined,
    }];
    if (data.comparison) {
      series.push({ name: data.names.comparison, type: "line", data: data.comparison, symbolSize: 4,
                    lineStyle: { type: "dotted" } });
    }
    chart.setOption({
      color: ["#b71c1c", "#607d8b"],
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", scale: true, name: data.unit_of_measure || "" },
      series: series,
    });
    return chart;
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { if (chart) chart.resize(); });
  });
})();
