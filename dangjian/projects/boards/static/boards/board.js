// Loaded with `defer` after htmx (django-htmx defers it too), so window.htmx exists when this runs.
// Boards (展板): draws the charts of a wall or kiosk fragment with ECharts, on first load and after every htmx
// refresh (htmx.onLoad runs for the page and for each swapped fragment). No animation: a screen that redraws every
// minute should not flicker.
(function () {
  if (!window.echarts || !window.htmx) return;
  var BANDS = { good: "#4caf50", fair: "#f9a825", poor: "#ef5350", none: "#607d8b" };
  var FONT = '"WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var TEXT = "#e8eaed";
  var charts = [];

  function rem() { return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16; }

  function init(el) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function bars(el, data) {
    var r = rem();
    var goals = data.goals.slice().reverse();
    init(el).setOption({
      animation: false,
      textStyle: { fontFamily: FONT, color: TEXT },
      grid: { left: 4, right: 4.2 * r, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", min: 0, max: 120, show: false },
      yAxis: {
        type: "category",
        data: goals.map(function (g) { return g.name; }),
        axisLabel: { color: TEXT, fontSize: 0.85 * r, width: 7 * r, overflow: "truncate", interval: 0 },
        axisLine: { show: false }, axisTick: { show: false },
      },
      series: [{
        type: "bar",
        barWidth: "60%",
        barMaxWidth: r,
        showBackground: true,
        backgroundStyle: { color: "rgba(255,255,255,0.08)" },
        data: goals.map(function (g) {
          return { value: g.value === null ? 0 : g.value, itemStyle: { color: BANDS[g.band] } };
        }),
        label: {
          show: true, position: "right", color: TEXT, fontSize: 0.85 * r,
          formatter: function (p) { return goals[p.dataIndex].label; },
        },
        markLine: {
          symbol: "none", silent: true, label: { show: false },
          lineStyle: { color: "rgba(255,255,255,0.6)", type: "dashed" }, data: [{ xAxis: 100 }],
        },
      }],
    });
  }

  function gauge(el, goal) {
    var r = rem();
    var value = goal.value === null ? 0 : goal.value;
    init(el).setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      series: [{
        type: "gauge",
        min: 0, max: 120, splitNumber: 6,
        // The box is 1.6 : 1 (or capped in height), so an arc of 0.7 × height fits its width with room to spare.
        radius: "140%", center: ["50%", "76%"],
        startAngle: 200, endAngle: -20,
        axisLine: { lineStyle: { width: 0.9 * r, color: [[0.5, BANDS.poor], [100 / 120, BANDS.fair], [1, BANDS.good]] } },
        pointer: { show: goal.value !== null, width: 0.35 * r, itemStyle: { color: TEXT } },
        anchor: { show: goal.value !== null, size: 0.8 * r, itemStyle: { color: TEXT } },
        axisTick: { distance: -0.9 * r, length: 0.3 * r, lineStyle: { color: "#121418", width: 1 } },
        splitLine: { distance: -0.9 * r, length: 0.9 * r, lineStyle: { color: "#121418", width: 2 } },
        axisLabel: { distance: 1.1 * r, color: "#9aa0a6", fontSize: 0.7 * r },
        detail: { show: false },
        data: [{ value: value }],
      }],
    });
  }

  function ring(el, tasks) {
    var r = rem();
    var total = tasks.done + tasks.open + tasks.overdue;
    init(el).setOption({
      animation: false,
      textStyle: { fontFamily: FONT, color: TEXT },
      title: {
        text: total ? Math.round(100 * tasks.done / total) + "%" : "—",
        left: "center", top: "center", textStyle: { color: TEXT, fontSize: 1.8 * r, fontWeight: 600 },
      },
      series: [{
        type: "pie", radius: ["62%", "88%"], label: { show: false }, silent: true,
        data: [
          { value: tasks.done, itemStyle: { color: BANDS.good } },
          { value: tasks.overdue, itemStyle: { color: BANDS.poor } },
          { value: tasks.open, itemStyle: { color: "#3c4043" } },
        ],
      }],
    });
  }

  // Elements matching `selector` in `root`, root included (htmx hands over each swapped top-level element).
  function within(root, selector) {
    if (!root.querySelectorAll) return [];
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    return root.matches && root.matches(selector) ? [root].concat(found) : found;
  }

  function render(root) {
    within(root, "[data-bars]").forEach(function (el) { bars(el, JSON.parse(el.dataset.bars)); });
    within(root, "[data-kiosk]").forEach(function (section) {
      var data = JSON.parse(section.dataset.kiosk);
      section.querySelectorAll("[data-goal]").forEach(function (el) { gauge(el, data.goals[+el.dataset.goal]); });
      section.querySelectorAll("[data-ring]").forEach(function (el) { ring(el, data.tasks); });
    });
  }

  // Charts of a fragment about to be replaced are disposed, so a screen left on for weeks does not leak.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    charts = charts.filter(function (chart) {
      if (event.detail.target.contains(chart.getDom())) { chart.dispose(); return false; }
      return true;
    });
  });
  htmx.onLoad(render);
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
