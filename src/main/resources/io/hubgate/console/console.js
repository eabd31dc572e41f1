// Hubgate console: reads /q/console/stream (server-sent snapshots) and draws them with Apache ECharts.
// Counters in a snapshot are totals since the replica started; rates are the difference between two snapshots.
'use strict';

const HISTORY = 120;
// no animation: a live view redraws every second, and a screenshot shows what the data says
const gauges = new Map();
const history = { t: [], deliveries: {}, records: [], requests: [] };
let previous = null;

const batchSizes = echarts.init(document.getElementById('batch-sizes'));
const throughput = echarts.init(document.getElementById('throughput'));
const deliveries = echarts.init(document.getElementById('deliveries'));
batchSizes.setOption({
  animation: false,
  title: { text: 'Batch sizes', textStyle: { fontSize: 13 } },
  grid: { left: 45, right: 10, top: 35, bottom: 35 },
  tooltip: {},
  xAxis: { type: 'category', name: 'inputs ≤', nameLocation: 'middle', nameGap: 22, data: [] },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ name: 'batch requests', type: 'bar', data: [] }]
});
throughput.setOption({
  animation: false,
  title: { text: 'Per second', textStyle: { fontSize: 13 } },
  legend: { top: 0, right: 0 },
  grid: { left: 45, right: 10, top: 35, bottom: 25 },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', data: [] },
  yAxis: { type: 'value' },
  series: [{ name: 'records', type: 'line', showSymbol: false, data: [] },
           { name: 'batch requests', type: 'line', showSymbol: false, data: [] }]
});
deliveries.setOption({
  animation: false,
  title: { text: 'Deliveries per second by outcome', textStyle: { fontSize: 13 } },
  legend: { top: 0, right: 0 },
  grid: { left: 45, right: 10, top: 35, bottom: 25 },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', data: [] },
  yAxis: { type: 'value' },
  series: []
});

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function fmt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '-';
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  children.forEach(c => e.append(c));
  return e;
}

function rate(now, before, key) {
  if (!before) return 0;
  const seconds = (now.at - before.at) / 1000;
  return seconds > 0 ? Math.max(0, (key(now) - key(before)) / seconds) : 0;
}

function portalCard(p) {
  const gauge = el('div', { class: 'gauge', 'data-used': '' });
  const facts = el('dl');
  const card = el('div', { class: 'card', id: 'portal-' + p.portal }, el('h3', {}, 'Portal ' + p.portal), gauge, facts);
  // in the page before the chart starts: ECharts takes its size from the element
  document.getElementById('portals').append(card);
  const chart = echarts.init(gauge);
  chart.setOption({
    animation: false,
    series: [{
      type: 'gauge', min: 0, max: p.burstLimit, radius: '95%', center: ['50%', '62%'],
      startAngle: 200, endAngle: -20, progress: { show: true, width: 14 },
      axisLine: { lineStyle: { width: 14 } }, splitNumber: 5,
      axisLabel: { distance: 18, fontSize: 10 }, axisTick: { show: false }, splitLine: { length: 8 },
      pointer: { show: false }, anchor: { show: false },
      title: { offsetCenter: [0, '35%'], fontSize: 11 },
      detail: { valueAnimation: false, offsetCenter: [0, '5%'], fontSize: 22, formatter: '{value}/' + p.burstLimit },
      data: [{ value: 0, name: 'in the last ' + p.windowSeconds + ' s' }]
    }]
  });
  gauges.set(p.portal, { card, chart, gauge, facts });
  return gauges.get(p.portal);
}

function fact(dl, name, value, cls) {
  const dd = el('dd', cls ? { class: cls } : {}, value);
  dl.append(el('dt', {}, name), dd);
}

function drawPortals(s) {
  const box = document.getElementById('portals');
  if (s.portals.length > 0) box.querySelector('.empty')?.remove();
  s.portals.forEach(p => {
    const view = gauges.get(p.portal) || portalCard(p);
    const used = p.usedInWindow === null ? 0 : p.usedInWindow;
    view.chart.setOption({ series: [{ max: p.burstLimit, data: [{ value: used }] }] });
    view.gauge.setAttribute('data-used', p.usedInWindow === null ? '' : String(p.usedInWindow));
    const before = previous?.portals.find(q => q.portal === p.portal);
    const lookups = p.cacheHits + p.cacheMisses;
    view.facts.replaceChildren();
    fact(view.facts, 'booked ahead (callers admitted, not yet sent)', p.booked === null ? 'unknown' : fmt(p.booked));
    fact(view.facts, 'today', p.dayUsed === null ? 'unknown'
      : fmt(p.dayUsed) + (p.dailyLimit > 0 ? ' of ' + fmt(p.dailyLimit) : ' (no daily limit)'));
    fact(view.facts, 'limiter mode (this replica)', s.limiterMode, ['REDIS', 'LOCAL'].includes(s.limiterMode) ? '' : 'bad');
    fact(view.facts, 'callers waiting for a permit', fmt(p.waiting));
    fact(view.facts, 'permits per second (this replica)',
      (before ? rate(s, previous, x => (x === s ? p : before).permits) : 0).toFixed(1));
    fact(view.facts, 'refused by the limiter', fmt(p.rejections));
    fact(view.facts, "HubSpot 429s (should be 0)", fmt(p.hubspot429s), p.hubspot429s > 0 ? 'bad' : '');
    fact(view.facts, 'definitions cache hit rate',
      lookups > 0 ? Math.round(100 * p.cacheHits / lookups) + ' % of ' + fmt(lookups) : 'no lookup yet');
    fact(view.facts, 'coalescing queue', fmt(p.queued) + ' of ' + fmt(p.queueCapacity));
  });
}

function drawQueues(s) {
  const rows = [];
  s.portals.forEach(p => Object.entries(p.queuedByOperation).forEach(([op, n]) =>
    rows.push(el('tr', {}, el('td', {}, p.portal), el('td', {}, op), el('td', {}, fmt(n))))));
  const body = document.querySelector('#queues tbody');
  body.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: '3' }, 'Nothing queued'))]));
}

function drawCoalescing(s) {
  const c = s.coalescing;
  text('records-per-request', c.batches > 0 ? (c.records / c.batches).toFixed(1) : '-');
  text('batches', fmt(c.batches));
  text('records', fmt(c.records));
  text('isolation', fmt(c.isolationRequests));
  text('queue-full', fmt(c.queueFullRefusals));
  const buckets = c.batchSizes.filter(b => Number.isFinite(b.le));
  batchSizes.setOption({
    xAxis: { data: buckets.map(b => String(b.le)) },
    series: [{ data: buckets.map(b => b.count) }]
  });
}

function drawWebhooks(s) {
  const w = s.webhooks;
  const refused = Object.entries(w.deliveries).filter(([k]) => k !== 'accepted').reduce((a, [, v]) => a + v, 0);
  text('deliveries-accepted', fmt(w.deliveries.accepted || 0));
  text('deliveries-refused', fmt(refused));
  text('events-published', fmt(w.events.published || 0));
  text('events-duplicate', fmt(w.events.duplicate || 0));
  if (previous && w.published > previous.webhooks.published) {
    const mean = (w.publishTotalMs - previous.webhooks.publishTotalMs) / (w.published - previous.webhooks.published);
    text('publish-latency', mean.toFixed(1) + ' ms, ' + w.publishMaxMs.toFixed(1) + ' ms');
  } else if (w.published === 0) {
    text('publish-latency', '-');
  }
  const rows = w.recent.map(e => el('tr', { 'data-sequence': String(e.sequence) },
    el('td', {}, new Date(e.publishedAtMillis).toLocaleTimeString()),
    el('td', {}, String(e.portalId)), el('td', {}, e.subscriptionType),
    el('td', {}, e.objectType + ' ' + e.objectId)));
  const body = document.querySelector('#events tbody');
  body.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: '4' }, 'No event yet'))]));
}

function drawRates(s) {
  history.t.push(new Date(s.at).toLocaleTimeString());
  Object.keys(s.webhooks.deliveries).forEach(outcome => {
    const series = history.deliveries[outcome] || (history.deliveries[outcome] = history.t.slice(1).map(() => 0));
    series.push(rate(s, previous, x => x.webhooks.deliveries[outcome] || 0));
  });
  history.records.push(rate(s, previous, x => x.coalescing.records));
  history.requests.push(rate(s, previous, x => x.coalescing.batches));
  if (history.t.length > HISTORY) {
    history.t.shift(); history.records.shift(); history.requests.shift();
    Object.values(history.deliveries).forEach(a => a.shift());
  }
  throughput.setOption({ xAxis: { data: history.t },
    series: [{ data: history.records.map(v => +v.toFixed(1)) }, { data: history.requests.map(v => +v.toFixed(1)) }] });
  deliveries.setOption({ xAxis: { data: history.t },
    series: Object.entries(history.deliveries)
      .filter(([outcome, a]) => outcome === 'accepted' || a.some(v => v > 0))
      .map(([outcome, a]) => ({ name: outcome, type: 'line', stack: 'all', areaStyle: {}, showSymbol: false,
        data: a.map(v => +v.toFixed(1)) })) }, { replaceMerge: ['series'] });
}

function draw(s) {
  text('limiter-mode', s.limiterMode);
  text('updated', new Date(s.at).toLocaleTimeString());
  drawPortals(s);
  drawQueues(s);
  drawCoalescing(s);
  drawWebhooks(s);
  drawRates(s);
  previous = s;
}

const status = document.getElementById('status');
const stream = new EventSource('stream');
stream.addEventListener('snapshot', e => {
  status.textContent = 'live';
  status.className = 'status live';
  draw(JSON.parse(e.data));
});
stream.onerror = () => {
  status.textContent = 'reconnecting';
  status.className = 'status down';
};
