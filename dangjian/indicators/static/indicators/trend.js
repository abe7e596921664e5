// The indicator page's trend: the unit's series with its target, the industry benchmark and the best-ever line
// (a step that rises at every record). Data comes from the json_script block "trend-data".
(function () {
  var source = document.getElementById("trend-data");
  var el = document.getElementById("trend-chart");
  if (!source || !el || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  if (!data) return;
  var d = data.decimals;
  function fmt(v) { return v === null || v === undefined ? "—" : Number(v).toLocaleString(undefined, { minimumFractionDigits: d, maximumFractionDigits: d }); }
  var series = [
    { name: data.names.actual, type: "line", data: data.actual, connectNulls: false, symbolSize: 4, z: 3,
      lineStyle: { width: 2 } },
    { name: data.names.target, type: "line", data: data.target, step: "middle", symbol: "none",
      lineStyle: { type: "dashed", width: 1.5 } },
    { name: data.names.best, type: "line", data: data.best, step: "end", symbol: "none",
      lineStyle: { type: "dotted", width: 1.5 } },
  ];
  if (data.benchmark !== null) {
    series.push({ name: data.names.benchmark, type: "line", symbol: "none", lineStyle: { type: "dashed", width: 1 },
                  data: data.labels.map(function () { return data.benchmark; }) });
  }
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    color: ["#b71c1c", "#2e7d32", "#f9a825", "#1565c0"],
    tooltip: { trigger: "axis", valueFormatter: fmt },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 16, bottom: 40, top: 36, containLabel: true },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 6 }],
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", scale: true, name: data.unit_of_measure || "",
             axisLabel: { formatter: function (v) { return Number(v).toLocaleString(); } } },
    series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
