// The annual ranking as horizontal bars: final score per project, best at the top, one colour per domain
// (data from the page's json_script).
(function () {
  var el = document.getElementById("ranking-chart");
  var source = document.getElementById("ranking-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 32, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "value", min: 0 },
    yAxis: {
      type: "category",
      data: data.projects,
      axisLabel: { width: 160, overflow: "truncate" },
    },
    series: data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "score", data: s.data, label: { show: true, position: "right" } };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
