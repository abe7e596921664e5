// A programme's chart: each item's monthly attainment (%) with the full-points threshold as a line.
(function () {
  var source = document.getElementById("programme-data");
  var el = document.getElementById("programme-chart");
  if (!source || !el || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var series = data.lines.map(function (line, i) {
    var s = { name: line.name, type: "line", data: line.values, connectNulls: false, symbolSize: 5 };
    if (i === 0) {
      s.markLine = { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#2e7d32" },
                     label: { formatter: data.full_at + "%", position: "insideEndTop" }, data: [{ yAxis: data.full_at }] };
    }
    return s;
  });
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v.toFixed(1) + "%"; } },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", scale: true, name: "%" },
    series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
