// Report page charts: net cost by stage and who pays. Data from
// <script type="application/json" id="report-chart-data"> (prepared by
// src/reports/costReport.ts). animation: false so printing (and the PDF made
// by Chromium) shows the finished charts; the page is marked when they are drawn.
(function () {
  'use strict';
  var root = document.documentElement;
  var dataEl = document.getElementById('report-chart-data');
  if (!dataEl || typeof window.Chart === 'undefined') {
    root.dataset.chartsReady = 'yes';
    return;
  }
  var data = JSON.parse(dataEl.textContent || '{}');
  var Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  // Axis numbers as the page's language writes them (50.000 in Indonesian), not the browser's.
  Chart.defaults.locale = document.documentElement.lang || 'en';
  Chart.defaults.color = '#222';

  function bar(id, d, colour) {
    var canvas = document.getElementById(id);
    if (!canvas || !d) return;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: d.labels, datasets: [{ label: d.title, data: d.values, backgroundColor: colour }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: 'y',
        plugins: {
          legend: { display: false },
          title: { display: true, text: d.title },
          tooltip: { callbacks: { label: function (ctx) { return d.display[ctx.dataIndex]; } } },
        },
        scales: { x: { title: { display: true, text: d.axisTitle } } },
      },
    });
  }
  bar('chart-report-cost', data.costByStage, '#1f6f8b');
  bar('chart-report-payers', data.payers, '#c05a2b');
  // Re-fit the charts to the paper when printing from the browser.
  window.addEventListener('beforeprint', function () {
    Object.values(Chart.instances || {}).forEach(function (c) { c.resize(); });
  });
  root.dataset.chartsReady = 'yes';
})();
