// The month's index values in ten buckets (data from the page's json_script).
(function () {
  var el = document.getElementById("histogram");
  var source = document.getElementById("histogram-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 45 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.counts, itemStyle: { color: "#b71c1c" } }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
