#!/usr/bin/env node
// Holds real channel memberships on a Pusher-compatible server (soketi in the tests)
// with pusher-js clients, so the HTTP API has real channels and presence members to report.
//
// Usage: node presence-members.js 'channel|userId' ['channel|userId' ...]
//   Each argument is split on its FIRST '|' (a character no channel name may contain).
//   One pusher-js connection per distinct userId; it subscribes to all of that user's channels.
//   presence-* channels are authorized with user_id/user_info, private-* without presence
//   data, other channels need no authorization (there userId only picks the connection).
// Environment: PUSHER_HOST (default 127.0.0.1), PUSHER_PORT, PUSHER_APP_ID, PUSHER_APP_KEY,
//   PUSHER_APP_SECRET; optional PRESENCE_READY_TIMEOUT_MS (default 25000).
// Protocol on stdout (diagnostics go to stderr):
//   READY                       once every subscription has succeeded
//   ERROR <channel> <details>   a subscription or connection failed (exit 1 before READY)
//   LEFT <channel>|<userId>     answer to the stdin command `leave <channel>|<userId>`, printed
//                               once the server's HTTP API no longer counts that membership
//   TRIGGERED <channel>|<userId> <event>
//                               answer to `trigger <channel>|<userId> <event> <JSON data>`: that
//                               user's pusher-js channel sent the client event (the server gets
//                               it; the sender itself never does, so nothing more can be awaited here)
// Runs until stdin closes or SIGTERM/SIGINT, then disconnects all clients and exits 0.
'use strict';

const readline = require('readline');
const { soketiClient } = require('./soketi-client');

const { fail, server, out, connect, readyTimeoutMs } = soketiClient('presence-members', 'PRESENCE_READY_TIMEOUT_MS');

function parsePair(arg) {
  const bar = arg.indexOf('|');
  if (bar <= 0 || bar === arg.length - 1) return null;
  return { channel: arg.slice(0, bar), userId: arg.slice(bar + 1) };
}

const pairs = process.argv.slice(2).map((arg) => {
  const pair = parsePair(arg);
  if (!pair) fail(`argument is not 'channel|userId': ${JSON.stringify(arg)}`);
  return pair;
});
if (pairs.length === 0) fail("usage: node presence-members.js 'channel|userId' ...");

// userId -> { client, channels: Set }
const users = new Map();
for (const { channel, userId } of pairs) {
  if (!users.has(userId)) users.set(userId, { client: null, channels: new Set() });
  users.get(userId).channels.add(channel);
}
const expected = [...users.values()].reduce((n, u) => n + u.channels.size, 0);

let succeeded = 0;
let ready = false;
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const u of users.values()) {
    if (u.client) u.client.disconnect();
  }
  // Give the close frames a moment to leave; do not hang on anything else.
  setTimeout(() => process.exit(code), 200).unref();
}

function failBeforeReady(channel, details) {
  out(`ERROR ${channel} ${details}`);
  if (!ready) stop(1);
}

const readyTimer = setTimeout(() => {
  if (!ready) failBeforeReady('-', `timeout: ${succeeded} of ${expected} subscriptions succeeded within ${readyTimeoutMs} ms`);
}, readyTimeoutMs);

for (const [userId, u] of users) {
  const client = connect(userId, { name: userId });
  u.client = client;
  client.connection.bind('state_change', ({ previous, current }) => {
    process.stderr.write(`presence-members: ${userId}: ${previous} -> ${current}\n`);
    if (!ready && !stopping && (current === 'failed' || current === 'unavailable')) {
      failBeforeReady('-', `connection of user ${userId} is ${current}`);
    }
  });
  client.connection.bind('error', (err) => {
    process.stderr.write(`presence-members: ${userId}: connection error ${JSON.stringify(err)}\n`);
  });
  for (const channelName of u.channels) {
    const channel = client.subscribe(channelName);
    channel.bind('pusher:subscription_succeeded', () => {
      succeeded += 1;
      if (!ready && succeeded === expected) {
        ready = true;
        clearTimeout(readyTimer);
        out('READY');
      }
    });
    channel.bind('pusher:subscription_error', (status) => {
      failBeforeReady(channelName, JSON.stringify(status));
    });
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(path, params) {
  const res = await server.get({ path, params });
  return res.json();
}

// Resolves once the HTTP API no longer counts the membership that was just dropped.
async function awaitLeft(channel, userId, countBefore) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const path = `/channels/${channel}`;
    let gone;
    if (channel.startsWith('presence-')) {
      const body = await getJson(`${path}/users`, {});
      gone = !(body.users || []).some((user) => String(user.id) === userId);
    } else {
      const body = await getJson(path, { info: 'subscription_count' });
      gone = (body.subscription_count || 0) < countBefore;
    }
    if (gone) return;
    if (Date.now() > deadline) throw new Error('the server still counts the membership after 10 s');
    await sleep(50);
  }
}

async function leave(arg) {
  const pair = parsePair(arg);
  if (!pair) {
    out(`ERROR ${arg} leave expects 'channel|userId'`);
    return;
  }
  const { channel, userId } = pair;
  const u = users.get(userId);
  if (!u || !u.channels.has(channel)) {
    out(`ERROR ${channel} user ${userId} is not subscribed to it`);
    return;
  }
  try {
    let countBefore = 0;
    if (!channel.startsWith('presence-')) {
      countBefore = (await getJson(`/channels/${channel}`, { info: 'subscription_count' })).subscription_count || 0;
    }
    u.client.unsubscribe(channel);
    u.channels.delete(channel);
    await awaitLeft(channel, userId, countBefore);
    out(`LEFT ${channel}|${userId}`);
  } catch (e) {
    out(`ERROR ${channel} leave failed: ${e.message}${e.body ? ' ' + e.body : ''}`);
  }
}

function trigger(args) {
  const match = /^(\S+) (client-\S+) (.+)$/.exec(args);
  const pair = match && parsePair(match[1]);
  if (!pair) {
    out(`ERROR - trigger expects 'channel|userId client-event JSON': ${args}`);
    return;
  }
  const { channel, userId } = pair;
  const u = users.get(userId);
  if (!u || !u.channels.has(channel)) {
    out(`ERROR ${channel} user ${userId} is not subscribed to it`);
    return;
  }
  let data;
  try {
    data = JSON.parse(match[3]);
  } catch (e) {
    out(`ERROR ${channel} trigger data is not JSON: ${e.message}`);
    return;
  }
  if (!u.client.channel(channel).trigger(match[2], data)) {
    out(`ERROR ${channel} pusher-js did not send ${match[2]} (not connected)`);
    return;
  }
  out(`TRIGGERED ${channel}|${userId} ${match[2]}`);
}

// Commands are handled one at a time, in order.
let queue = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  const text = line.trim();
  if (text === '') return;
  if (text.startsWith('leave ')) {
    const arg = text.slice('leave '.length).trim();
    queue = queue.then(() => leave(arg));
  } else if (text.startsWith('trigger ')) {
    const args = text.slice('trigger '.length).trim();
    queue = queue.then(() => trigger(args));
  } else {
    out(`ERROR - unknown command: ${text}`);
  }
});
rl.on('close', () => queue.then(() => stop(0)));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
