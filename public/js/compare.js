// Comparison charts: NPV by stage, landfill fill, pick-up rates, scavenger
// income. Data from <script type="application/json" id="compare-chart-data">
// (src/reports/comparison.ts); animation: false for print and screenshots.
(function () {
  'use strict';
  var root = document.documentElement;
  var dataEl = document.getElementById('compare-chart-data');
  if (!dataEl || typeof window.Chart === 'undefined') {
    root.dataset.chartsReady = 'yes';
    return;
  }
  var data = JSON.parse(dataEl.textContent || '{}');
  var Chart = window.Chart;
  var palette = ['#1f6f8b', '#c05a2b', '#5a8f29', '#8a4f9e', '#b8860b', '#2f4858', '#d1495b', '#00798c'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  // Axis numbers as the page's language writes them (50.000 in Indonesian), not the browser's.
  Chart.defaults.locale = document.documentElement.lang || 'en';
  Chart.defaults.color = '#222';
  function base(title, axis, extra) {
    var o = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: title } },
      scales: { y: { title: { display: true, text: axis } } },
    };
    return Object.assign(o, extra || {});
  }
  function tooltip(series) {
    return { callbacks: { label: function (ctx) { var s = series[ctx.datasetIndex]; return s.name + ': ' + s.display[ctx.dataIndex]; } } };
  }
  function make(id, config) {
    var el = document.getElementById(id);
    if (el) new Chart(el, config);
  }
  var c = data.costByStage;
  if (c) {
    var o = base(c.title, c.axisTitle);
    o.plugins.tooltip = tooltip(c.series);
    make('chart-compare-cost', { type: 'bar', data: { labels: c.labels, datasets: c.series.map(function (s, i) { return { label: s.name, data: s.values, backgroundColor: palette[i % palette.length] }; }) }, options: o });
  }
  var f = data.landfillFill;
  if (f) {
    var dashes = [[], [6, 3], [2, 2], [10, 4]];
    var o2 = base(f.title, f.axisTitle);
    o2.scales.y.min = 0;
    o2.scales.y.max = 100;
    o2.plugins.tooltip = tooltip(f.series);
    make('chart-compare-landfill', { type: 'line', data: { labels: f.labels, datasets: f.series.map(function (s, i) { var col = palette[i % palette.length]; return { label: s.name, data: s.values, borderColor: col, backgroundColor: col, borderDash: dashes[s.run % dashes.length], tension: 0, pointRadius: 2 }; }) }, options: o2 });
  }
  var p = data.pickupRates;
  if (p) {
    var o3 = base(p.title, p.axisTitle);
    o3.scales.y.min = 0;
    o3.scales.y.max = 100;
    o3.plugins.tooltip = tooltip(p.series);
    make('chart-compare-pickup', { type: 'line', data: { labels: p.labels, datasets: p.series.map(function (s, i) { var col = palette[i % palette.length]; return { label: s.name, data: s.values, borderColor: col, backgroundColor: col, tension: 0, pointRadius: 2 }; }) }, options: o3 });
  }
  var s4 = data.scavengerIncome;
  if (s4) {
    var o4 = base(s4.title, s4.axisTitle);
    o4.plugins.tooltip = tooltip(s4.series);
    var sets = s4.series.map(function (s, i) { return { type: 'bar', label: s.name, data: s.values, backgroundColor: palette[i % palette.length] }; });
    sets.push({ type: 'line', label: s4.thresholdLabel, data: s4.labels.map(function () { return s4.threshold; }), borderColor: '#a4161a', borderDash: [6, 4], pointRadius: 0 });
    o4.plugins.tooltip = { callbacks: { label: function (ctx) { var s = s4.series[ctx.datasetIndex]; return s ? s.name + ': ' + s.display[ctx.dataIndex] : s4.thresholdLabel; } } };
    make('chart-compare-income', { type: 'bar', data: { labels: s4.labels, datasets: sets }, options: o4 });
  }
  root.dataset.chartsReady = 'yes';
})();
