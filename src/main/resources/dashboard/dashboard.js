// Renders /dashboard.json. Every value goes in as text (channel names and user ids are anyone's).
'use strict';

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function fill(tableId, items, addRow) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  items.forEach(item => addRow(body.insertRow(), item));
}

function time(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|[+-]00:00)$/, '') : '';
}

function seconds(load) {
  return load.finishedAt ? ((Date.parse(load.finishedAt) - Date.parse(load.startedAt)) / 1000).toFixed(2) : '';
}

function chart(series) {
  const figure = document.createElement('figure');
  if (series.appId === 'all') figure.dataset.series = 'occupancy'; else figure.dataset.channel = series.channel;
  figure.dataset.source = series.source;
  const points = series.points;
  const latest = points.length ? points[points.length - 1].members : 0;
  figure.dataset.latest = latest;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 300 100');
  svg.setAttribute('preserveAspectRatio', 'none');
  const axis = document.createElementNS(ns, 'line');
  axis.setAttribute('class', 'axis');
  axis.setAttribute('x1', 0); axis.setAttribute('y1', 98); axis.setAttribute('x2', 300); axis.setAttribute('y2', 98);
  svg.appendChild(axis);
  if (points.length) {
    const t0 = Date.parse(points[0].at), t1 = Date.parse(points[points.length - 1].at);
    const most = Math.max(1, ...points.map(p => p.members));
    const x = p => t1 > t0 ? (Date.parse(p.at) - t0) / (t1 - t0) * 300 : 150;
    const y = m => 98 - m / most * 90;
    // Sessions change in steps; snapshots are samples, joined by straight lines.
    const coords = [];
    points.forEach((p, i) => {
      if (series.source === 'sessions' && i > 0) coords.push(x(p) + ',' + y(points[i - 1].members));
      coords.push(x(p) + ',' + y(p.members));
    });
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', coords.join(' '));
    svg.appendChild(line);
    const top = document.createElementNS(ns, 'text');
    top.setAttribute('x', 2); top.setAttribute('y', 10); top.setAttribute('class', 'label');
    top.textContent = most;
    svg.appendChild(top);
  }
  figure.appendChild(svg);
  const caption = document.createElement('figcaption');
  const span = points.length ? ', ' + time(points[0].at) + ' to ' + time(points[points.length - 1].at).slice(11) : '';
  const exact = series.appId === 'all' ? 'webhook occupancy' : 'webhook sessions';
  caption.textContent = series.channel + (series.appId === 'all' ? '' : ' (app ' + series.appId + ')') + ': ' + latest
    + ' now, from ' + (series.source === 'sessions' ? exact : points.length + ' snapshots') + span;
  figure.appendChild(caption);
  return figure;
}

function render(data) {
  document.getElementById('note').textContent = data.note || '';
  if (data.note) return;
  document.getElementById('schema').textContent = data.schemaVersion ? 'Schema version ' + data.schemaVersion : 'No tables yet';
  document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
  fill('loads', data.loads, (row, load) => {
    row.dataset.status = load.status;
    cell(row, time(load.startedAt)); cell(row, load.appId); cell(row, load.status, load.status);
    cell(row, seconds(load), 'n'); cell(row, load.requestCount, 'n'); cell(row, load.channelCount, 'n');
    cell(row, load.userCount, 'n'); cell(row, load.error);
  });
  fill('tables', Object.entries(data.rowsPerTable), (row, [table, rows]) => {
    row.dataset.table = table;
    row.dataset.rows = rows;
    cell(row, table); cell(row, rows.toLocaleString('en'), 'n');
  });
  const channels = data.channels;
  document.getElementById('channels-summary').textContent = channels.total > channels.shown.length
    ? 'The first ' + channels.shown.length + ' of ' + channels.total.toLocaleString('en')
      + ' channels in the latest snapshot of each app: presence channels first, then the busiest.'
    : channels.total + ' channels in the latest snapshot of each app.';
  document.getElementById('channels-summary').dataset.total = channels.total;
  fill('channels', channels.shown, (row, c) => {
    row.dataset.channel = c.name;
    row.dataset.members = c.members.join(' ');
    cell(row, c.appId); cell(row, c.name); cell(row, c.type);
    cell(row, c.subscriptionCount, 'n'); cell(row, c.userCount, 'n'); cell(row, c.members.join(', '));
  });
  document.getElementById('charts').replaceChildren(...data.presence.map(chart), ...(data.occupancy ? [chart(data.occupancy)] : []));
  const history = data.history || { channelsInWindow: 0, channels: [], gaps: [] };
  document.getElementById('history-summary').textContent = history.channelsInWindow.toLocaleString('en')
    + ' channels with events in the last 10 minutes' + (history.channels.length ? ', the busiest first.' : '.');
  document.getElementById('history-summary').dataset.total = history.channelsInWindow;
  fill('history', history.channels, (row, c) => {
    row.dataset.channel = c.channel;
    row.dataset.events = c.events;
    cell(row, c.appId); cell(row, c.channel); cell(row, c.perMinute.toFixed(1), 'n'); cell(row, c.archived, 'n');
    cell(row, time(c.latestAt));
  });
  fill('gaps', history.gaps, (row, g) => {
    row.dataset.started = g.startedAt;
    row.dataset.open = g.endedAt ? 'false' : 'true';
    cell(row, g.appId); cell(row, time(g.startedAt)); cell(row, g.endedAt ? time(g.endedAt) : 'still open'); cell(row, g.reason);
  });
}

async function refresh() {
  try {
    const answer = await fetch('dashboard.json', { cache: 'no-store' });
    if (!answer.ok) throw new Error(await answer.text());
    render(await answer.json());
  } catch (e) {
    document.getElementById('note').textContent = 'Could not read the figures: ' + e.message;
  }
}

refresh();
setInterval(refresh, 5000);
