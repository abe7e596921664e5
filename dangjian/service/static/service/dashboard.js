// The concerns dashboard's charts: requests sent and resolved per month, and requests by category
// (data from the json_script block "service-chart-data").
(function () {
  var source = document.getElementById("service-chart-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var trend = echarts.init(document.getElementById("trend-chart"));
  trend.setOption({
    color: ["#b71c1c", "#2e7d32"],
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 36, right: 12, top: 16, bottom: 48 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.sent_label, type: "bar", data: data.sent },
      { name: data.resolved_label, type: "line", data: data.resolved }
    ]
  });
  var cats = echarts.init(document.getElementById("category-chart"));
  cats.setOption({
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0, type: "scroll" },
    series: [{ type: "pie", radius: ["35%", "62%"], center: ["50%", "42%"], label: { show: false }, data: data.categories }]
  });
  window.addEventListener("resize", function () { trend.resize(); cats.resize(); });
})();
