/* Draws the dashboard's three charts from the JSON the server put in #chart-data. */
(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var font = {fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"};
  var charts = [];

  var narrow = window.innerWidth < 600;  // a phone: labels move to the legend, bars get their own height

  function draw(id, option, rows) {
    var box = document.getElementById(id);
    if (!box) return;
    if (rows) box.style.height = Math.max(300, rows * 28 + 70) + "px";
    var chart = echarts.init(box, null, {renderer: "svg"});
    option.textStyle = font;
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
  }

  var slices = data.donut.filter(function (d) { return d.value > 0; });
  var counts = {};
  slices.forEach(function (d) { counts[d.name] = d.value; });
  draw("chart-donut", {
    tooltip: {trigger: "item", formatter: "{b}：{c}项（{d}%）"},
    legend: {bottom: 0, icon: "circle", formatter: narrow ? function (n) { return n + " " + counts[n] + "项"; } : "{name}"},
    series: [{type: "pie", radius: narrow ? ["38%", "62%"] : ["45%", "70%"], center: ["50%", "42%"],
              label: narrow ? {show: false} : {formatter: "{b}\n{c}项"}, data: slices}]
  });

  var u = data.units;
  draw("chart-units", {
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {bottom: 0},
    grid: {left: narrow ? 92 : 120, right: 16, top: 10, bottom: 40},
    xAxis: {type: "value", minInterval: 1},
    yAxis: {type: "category", data: u.names, inverse: true,
            axisLabel: {width: narrow ? 84 : 110, overflow: "truncate", fontSize: narrow ? 11 : 12}},
    series: [
      {name: "按时报送", type: "bar", stack: "r", data: u.on_time, itemStyle: {color: "#1a7f37"}},
      {name: "逾期报送", type: "bar", stack: "r", data: u.late, itemStyle: {color: "#d4a72c"}},
      {name: u.missing_label, type: "bar", stack: "r", data: u.missing, itemStyle: {color: u.missing_colour}}
    ]
  }, u.names.length);

  var h = data.history;
  draw("chart-history", {
    tooltip: {trigger: "axis", valueFormatter: function (v) { return v + "%"; }},
    legend: {bottom: 0, itemGap: narrow ? 6 : 10},
    grid: {left: 40, right: 16, top: 10, bottom: narrow ? 64 : 40},
    xAxis: {type: "category", data: h.rounds},
    yAxis: {type: "value", max: 100},
    series: h.series.map(function (s) {
      return {name: s.name, type: "bar", stack: "share", data: s.data, itemStyle: {color: s.color}};
    })
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
