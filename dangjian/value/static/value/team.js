// A team's trend charts: daily value per hour against the peer group's, and value created by month.
(function () {
  if (!window.echarts) return;
  var data = JSON.parse(document.getElementById("team-chart").textContent);
  var labels = document.getElementById("team-labels").dataset;
  var daily = echarts.init(document.getElementById("chart-daily"));
  daily.setOption({
    animation: false,
    tooltip: { trigger: "axis", confine: true },
    legend: { data: [labels.own, labels.peer], top: 0 },
    grid: { left: 50, right: 10, top: 30, bottom: 30 },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", scale: true },
    series: [
      { name: labels.own, type: "line", data: data.own, symbol: "none", connectNulls: false, lineStyle: { width: 2, color: "#c62828" } },
      { name: labels.peer, type: "line", data: data.peer, symbol: "none", lineStyle: { width: 1, type: "dashed", color: "#607d8b" } },
    ],
  });
  var monthly = echarts.init(document.getElementById("chart-monthly"));
  monthly.setOption({
    animation: false,
    tooltip: { trigger: "axis", confine: true },
    grid: { left: 70, right: 10, top: 10, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value" },
    series: [{ name: labels.value, type: "bar", data: data.monthly, itemStyle: { color: "#c62828" } }],
  });
  window.addEventListener("resize", function () { daily.resize(); monthly.resize(); });
})();
