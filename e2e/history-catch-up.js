#!/usr/bin/env node
// A late pusher-js client catching up through the history API, as docs/history.md shows: it
// subscribes to one private channel (authorized by the npm `pusher` library, whose auth it keeps),
// and on pusher:subscription_succeeded fetches the pages after its cursor with its own socket_id
// and auth, dropping any seq seen twice. Then asks once with another socket's auth and once with none.
//
// Usage: node history-catch-up.js <channel>
// Environment: as soketi-client.js (PUSHER_PORT, PUSHER_APP_ID, PUSHER_APP_KEY, PUSHER_APP_SECRET),
//   HISTORY_URL (e.g. http://127.0.0.1:8090/pusher/history), HISTORY_AFTER (the cursor, default 0),
//   HISTORY_LIMIT (page size, default 100).
// Protocol on stdout:
//   EVENT {"seq":..,"event":..,"data":..}   one line per event caught up, in order
//   PAGE <n events> <next>                  one line per page fetched
//   DENIED <status> <body>                  the answer to another socket's auth, then to no auth
//   DONE <cursor>                           the last cursor; exit 0 (exit 1 on any failure)
'use strict';

const PusherClient = require('pusher-js');
const { soketiClient } = require('./soketi-client');

const { fail, server, out } = soketiClient('history-catch-up', 'HISTORY_READY_TIMEOUT_MS');
const channelName = process.argv[2] || fail('usage: node history-catch-up.js <channel>');
const base = process.env.HISTORY_URL || fail('HISTORY_URL is required');
const limit = Number(process.env.HISTORY_LIMIT || 100);
let cursor = Number(process.env.HISTORY_AFTER || 0);

const auths = {};
const client = new PusherClient(process.env.PUSHER_APP_KEY, {
  cluster: 'mt1', wsHost: process.env.PUSHER_HOST || '127.0.0.1', wsPort: Number(process.env.PUSHER_PORT),
  forceTLS: false, enabledTransports: ['ws'],
  channelAuthorization: {
    customHandler: ({ socketId, channelName: name }, done) => {
      try {
        done(null, auths[name] = server.authorizeChannel(socketId, name));
      } catch (e) {
        done(e, null);
      }
    },
  },
});

function url(params) {
  return `${base}/${encodeURIComponent(channelName)}?${new URLSearchParams(params)}`;
}

async function catchUp() {
  const seen = new Set();
  for (let full = true; full;) {
    const answer = await fetch(url({ after: cursor, limit, socket_id: client.connection.socket_id, auth: auths[channelName].auth }));
    if (answer.status !== 200) throw new Error(`history answered ${answer.status}: ${await answer.text()}`);
    const page = await answer.json();
    for (const e of page.events) {
      if (seen.has(e.seq)) continue;
      seen.add(e.seq);
      out('EVENT ' + JSON.stringify({ seq: e.seq, event: e.event, data: e.data }));
    }
    out(`PAGE ${page.events.length} ${page.next}`);
    cursor = page.next;
    full = page.events.length === limit;
  }
  const another = server.authorizeChannel('1.1', channelName).auth;
  for (const params of [{ socket_id: client.connection.socket_id, auth: another }, {}]) {
    const answer = await fetch(url(params));
    out(`DENIED ${answer.status} ${(await answer.text()).trim()}`);
  }
  out(`DONE ${cursor}`);
}

const timer = setTimeout(() => fail('no subscription within 25 s'), 25000);
const channel = client.subscribe(channelName);
channel.bind('pusher:subscription_error', (status) => fail(`subscription failed: ${JSON.stringify(status)}`));
channel.bind('pusher:subscription_succeeded', () => {
  clearTimeout(timer);
  catchUp().then(() => { client.disconnect(); process.exit(0); },
    (e) => { process.stderr.write(`history-catch-up: ${e.message}\n`); client.disconnect(); process.exit(1); });
});
