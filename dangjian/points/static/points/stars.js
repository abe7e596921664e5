// The star distribution: how many members hold 1 to 5 stars, as bars.
(function () {
  var source = document.getElementById("stars-data");
  var el = document.getElementById("stars-chart");
  if (!source || !el || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#c62828" }, label: { show: true, position: "top" } }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
