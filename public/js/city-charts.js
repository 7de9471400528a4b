// City page charts. Data comes from <script type="application/json" id="chart-data">
// (prepared and formatted by src/reports/cityPage.ts); no inline script, so the
// page runs under a strict Content-Security-Policy. animation: false keeps
// printing and screenshots exact.
(function () {
  'use strict';
  var dataEl = document.getElementById('chart-data');
  if (!dataEl || typeof window.Chart === 'undefined') return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var Chart = window.Chart;
  var palette = ['#1f6f8b', '#c05a2b', '#5a8f29', '#8a4f9e', '#b8860b', '#2f4858', '#d1495b', '#00798c'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  // Axis numbers as the page's language writes them (50.000 in Indonesian), not the browser's.
  Chart.defaults.locale = document.documentElement.lang || 'en';
  Chart.defaults.color = '#333';

  // Mass flow (chartjs-chart-sankey registers the 'sankey' type when its script loads).
  var flowCanvas = document.getElementById('chart-mass-flow');
  if (flowCanvas && data.massFlow && Chart.registry.controllers.get('sankey')) {
    var flow = data.massFlow;
    var groupColour = { flow: '#1f6f8b', recovered: '#5a8f29', uncollected: '#d1495b', disposed: '#6b5b4b', backlog: '#b8860b' };
    var nodeColour = function (key) { return groupColour[flow.groups[key]] || '#888'; };
    new Chart(flowCanvas, {
      type: 'sankey',
      data: {
        datasets: [{
          label: flow.title,
          data: flow.flows,
          labels: flow.labels,
          colorFrom: function (c) { var d = c.dataset.data[c.dataIndex]; return d ? nodeColour(d.from) : '#888'; },
          colorTo: function (c) { var d = c.dataset.data[c.dataIndex]; return d ? nodeColour(d.to) : '#888'; },
          colorMode: 'gradient',
          // The backlog cleared from the year before joins the haul beside the collected waste.
          column: { backlogCleared: 2 },
          size: 'max',
          nodeWidth: 12,
          nodePadding: 20,
        }],
      },
      options: {
        animation: false,
        // Two-line labels of the smallest nodes at the edges need room above and below.
        layout: { padding: { top: 14, bottom: 18 } },
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function () { return ''; },
              label: function (ctx) {
                var d = flow.flows[ctx.dataIndex];
                return flow.names[d.from] + ' \u2192 ' + flow.names[d.to] + ': ' + flow.display[ctx.dataIndex];
              },
            },
          },
        },
      },
    });
  }

  var costCanvas = document.getElementById('chart-cost-by-stage');
  if (costCanvas && data.costByStage) {
    var cost = data.costByStage;
    new Chart(costCanvas, {
      type: 'bar',
      data: {
        labels: cost.labels,
        datasets: [{ label: cost.title, data: cost.values, backgroundColor: '#1f6f8b' }],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: 'y',
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) { return cost.display[ctx.dataIndex]; } } },
        },
        scales: { x: { title: { display: true, text: cost.axisTitle } } },
      },
    });
  }

  var fillCanvas = document.getElementById('chart-landfill-fill');
  if (fillCanvas && data.landfillFill) {
    var fill = data.landfillFill;
    new Chart(fillCanvas, {
      type: 'line',
      data: {
        labels: fill.labels,
        datasets: fill.series.map(function (s, i) {
          var colour = palette[i % palette.length];
          return { label: s.name, data: s.values, borderColor: colour, backgroundColor: colour, tension: 0, pointRadius: 3 };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) { return fill.series[ctx.datasetIndex].name + ': ' + fill.series[ctx.datasetIndex].display[ctx.dataIndex]; },
            },
          },
        },
        scales: { y: { min: 0, max: 100, title: { display: true, text: fill.axisTitle } } },
      },
    });
  }
})();
