// The home page's ring chart of members by party status (data from the json_script block "status-chart-data").
(function () {
  var el = document.getElementById("status-chart");
  var source = document.getElementById("status-chart-data");
  if (!el || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#b71c1c", "#e57373", "#f7c948", "#ffb74d", "#90a4ae", "#cfd8dc"],
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0, type: "scroll" },
    series: [{ type: "pie", radius: ["40%", "68%"], center: ["50%", "44%"], label: { show: false }, data: data }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
