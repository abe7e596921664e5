// Assessment charts: a period's scores per branch (bars), the year's combined scores per month (lines), the key-task
// completion ranking (bars). Data comes from json_script blocks; nothing is fetched.
(function () {
  if (!window.echarts) return;
  function read(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function num(v) { return v === null || v === undefined ? null : Number(v); }
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el);
    chart.setOption(Object.assign({ animation: false, grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true } }, option));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var period = read("period-data");
  if (period) {
    draw("period-chart", {
      tooltip: { trigger: "axis" }, legend: { top: 0 },
      xAxis: { type: "value", max: 100 }, yAxis: { type: "category", data: period.orgs, axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        { name: period.labels ? period.labels.party : "党建", type: "bar", data: period.party.map(num) },
        { name: period.labels ? period.labels.production : "生产", type: "bar", data: period.production.map(num) },
        { name: period.labels ? period.labels.total : "综合", type: "bar", data: period.total.map(num) },
      ],
    });
  }
  var year = read("year-data");
  if (year) {
    draw("year-chart", {
      tooltip: { trigger: "axis" }, legend: { top: 0, type: "scroll" },
      xAxis: { type: "category", data: year.months }, yAxis: { type: "value", scale: true, max: 100 },
      series: year.series.map(function (s) { return { name: s.name, type: "line", data: s.data.map(num), connectNulls: false }; }),
    });
  }
  var tasks = read("keytask-data");
  if (tasks) {
    draw("keytask-chart", {
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", max: 100, name: "%" }, yAxis: { type: "category", data: tasks.orgs, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", data: tasks.rates.map(num), label: { show: true, position: "right" } }],
    });
  }
})();
