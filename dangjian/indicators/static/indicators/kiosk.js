// Loaded with `defer` after htmx, so window.htmx exists. Draws each tile's sparkline on first load and after every
// htmx refresh of the tiles; charts of a fragment about to be replaced are disposed so a wall screen does not leak.
(function () {
  if (!window.echarts || !window.htmx) return;
  var COLOURS = { met: "#81c784", missed: "#ef9a9a", none: "#90a4ae" };
  var charts = [];

  function spark(el, data) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 6, bottom: 2 },
      xAxis: { type: "category", data: data.labels, show: false, boundaryGap: false },
      yAxis: { type: "value", scale: true, show: false },
      tooltip: { trigger: "axis", confine: true },
      series: [{
        type: "line", data: data.values, symbol: "none", connectNulls: true, smooth: false,
        lineStyle: { width: 2, color: COLOURS[data.state] },
        areaStyle: { color: COLOURS[data.state], opacity: 0.15 },
      }],
    });
  }

  function within(root, selector) {
    if (!root.querySelectorAll) return [];
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    return root.matches && root.matches(selector) ? [root].concat(found) : found;
  }

  htmx.onLoad(function (root) {
    within(root, "[data-tiles]").forEach(function (box) {
      var tiles = JSON.parse(box.dataset.tiles);
      box.querySelectorAll("[data-spark]").forEach(function (el) { spark(el, tiles[+el.dataset.spark]); });
    });
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    charts = charts.filter(function (chart) {
      if (event.detail.target.contains(chart.getDom())) { chart.dispose(); return false; }
      return true;
    });
  });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
