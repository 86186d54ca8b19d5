/* Draws the dashboard's three charts from the JSON the server put in #chart-data. */
(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var font = {fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"};
  var charts = [];

  function draw(id, option) {
    var box = document.getElementById(id);
    if (!box) return;
    var chart = echarts.init(box, null, {renderer: "svg"});
    option.textStyle = font;
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
  }

  draw("chart-donut", {
    tooltip: {trigger: "item", formatter: "{b}：{c}个（{d}%）"},
    legend: {bottom: 0, icon: "circle"},
    series: [{type: "pie", radius: ["45%", "70%"], center: ["50%", "45%"], label: {formatter: "{b}\n{c}个"},
              data: data.donut.filter(function (d) { return d.value > 0; })}]
  });

  var u = data.units;
  draw("chart-units", {
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {bottom: 0},
    grid: {left: 120, right: 20, top: 10, bottom: 40},
    xAxis: {type: "value", minInterval: 1},
    yAxis: {type: "category", data: u.names, inverse: true, axisLabel: {width: 110, overflow: "truncate"}},
    series: [
      {name: "按时报送", type: "bar", stack: "r", data: u.on_time, itemStyle: {color: "#1a7f37"}},
      {name: "逾期报送", type: "bar", stack: "r", data: u.late, itemStyle: {color: "#d4a72c"}},
      {name: u.missing_label, type: "bar", stack: "r", data: u.missing, itemStyle: {color: u.missing_colour}}
    ]
  });

  var h = data.history;
  draw("chart-history", {
    tooltip: {trigger: "axis", valueFormatter: function (v) { return v + "%"; }},
    legend: {bottom: 0},
    grid: {left: 40, right: 20, top: 10, bottom: 40},
    xAxis: {type: "category", data: h.rounds},
    yAxis: {type: "value", max: 100},
    series: h.series.map(function (s) {
      return {name: s.name, type: "bar", stack: "share", data: s.data, itemStyle: {color: s.color}};
    })
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
