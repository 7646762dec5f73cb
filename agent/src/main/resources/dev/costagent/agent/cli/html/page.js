// Draws the page's charts from the JSON data block. Every name from the data reaches the page as text: the SVG
// renderer draws labels as text nodes, and the tooltip formatters below (whose output is HTML) escape it.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cost-data').textContent);

  function esc(s) {
    return String(s == null ? '-' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Chart positions are display values; every figure a reader sees is the exact text from the files.
  function chart(id) {
    return echarts.init(document.getElementById(id), null, { renderer: 'svg' });
  }
  var palette = ['#2f6fde', '#e0803a', '#3a9e6b', '#b8499b', '#c9a227', '#4aa3c9', '#8c6d4f', '#7a7f8c'];
  var charts = [];

  var stages = data.stages.slice().reverse();
  var stageChart = chart('chart-stages');
  stageChart.setOption({
    animation: false, color: palette,
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: function (p) {
      return esc(p.data.label) + '<br>$' + esc(p.data.exact) + ' (' + esc(p.data.calls) + ' calls)';
    } },
    xAxis: { type: 'value', axisLabel: { formatter: function (v) { return '$' + v; } } },
    yAxis: { type: 'category', data: stages.map(function (s) { return s.name; }),
             axisLabel: { formatter: function (v) { return String(v); } } },
    series: [{ type: 'bar', name: 'cost',
               data: stages.map(function (s) {
                 return { value: Number(s.cost_usd), exact: s.cost_usd, label: s.name, calls: s.calls };
               }),
               label: { show: true, position: 'right', formatter: function (p) { return '$' + p.data.exact; } } }]
  });
  charts.push(stageChart);

  var modelChart = chart('chart-models');
  modelChart.setOption({
    animation: false, color: palette,
    tooltip: { trigger: 'item', formatter: function (p) {
      return esc(p.data.name) + '<br>$' + esc(p.data.exact) + ' (' + esc(p.percent) + '%)';
    } },
    legend: { type: 'scroll', orient: 'vertical', left: 0, top: 'middle',
              formatter: function (name) { return String(name); } },
    series: [{ type: 'pie', radius: ['40%', '70%'], center: ['65%', '50%'],
               data: data.models.map(function (m) { return { name: m.name, value: Number(m.cost_usd), exact: m.cost_usd }; }),
               label: { formatter: function (p) { return '$' + p.data.exact; } } }]
  });
  charts.push(modelChart);

  var history = data.history;
  var historyChart = chart('chart-history');
  historyChart.setOption({
    animation: false, color: palette,
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: function (ps) {
      var r = ps[0].data.run;
      return esc(r[0]) + ' (' + esc(r[3]) + ', ' + esc(r[4]) + ')<br>' + esc(r[1]) + '<br>$' + esc(r[2]);
    } },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', axisLabel: { formatter: function (v) { return '$' + v; } } },
    series: [{ type: 'line', name: 'cost per run', showSymbol: history.length <= 200, sampling: 'lttb',
               data: history.filter(function (r) { return r[1]; }).map(function (r) {
                 return { value: [Date.parse(r[1]), Number(r[2])], run: r };
               }) }]
  });
  charts.push(historyChart);

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  window.costAgentCharts = charts;
}());
