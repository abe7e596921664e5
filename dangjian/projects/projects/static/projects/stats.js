// Projects per domain, one bar series per plan year (data from the page's json_script).
(function () {
  var el = document.getElementById("domain-chart");
  var source = document.getElementById("chart-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "category", data: data.domains, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: data.series.map(function (s) { return { name: s.name, type: "bar", stack: "projects", data: s.data }; }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
