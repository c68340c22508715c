#!/usr/bin/env node
// An independent publisher: the npm `pusher` server library triggers events on the server, as
// another app's backend would (private-encrypted- channels sealed with PUSHER_ENCRYPTION_MASTER_KEY).
//
// Usage: node publish.js '<JSON list of {"channel","event","data"}>'   (data a string, sent as it is)
// Environment: PUSHER_HOST (default 127.0.0.1), PUSHER_PORT, PUSHER_APP_ID, PUSHER_APP_KEY,
//   PUSHER_APP_SECRET, optional PUSHER_ENCRYPTION_MASTER_KEY.
// Prints PUBLISHED once the server accepted every event, in order (exit 0); ERROR <details> otherwise (exit 1).
'use strict';

const { soketiClient } = require('./soketi-client');

const { fail, server, out } = soketiClient('publish', 'PUBLISH_TIMEOUT_MS');
let events;
try {
  events = JSON.parse(process.argv[2] || '');
} catch (e) {
  fail(`usage: node publish.js '[{"channel":..,"event":..,"data":".."}]' (${e.message})`);
}

(async () => {
  for (const e of events) {
    const response = await server.trigger(e.channel, e.event, e.data);
    if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${e.channel}`);
    const body = await response.text();
    if (body.includes('"error"')) throw new Error(`${e.channel}: ${body}`);
  }
  out('PUBLISHED');
})().catch(e => {
  out(`ERROR ${e.message}`);
  process.exit(1);
});
