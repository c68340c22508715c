#!/usr/bin/env node
// A real subscriber: one pusher-js connection subscribed to the given channels, printing every
// event it receives, so tests can check what a user's browser would get.
//
// Usage: node event-subscriber.js channel [channel ...]
//   private-* channels are authorized with the npm `pusher` library (PUSHER_APP_SECRET);
//   presence-* channels join as user "subscriber".
// Environment: PUSHER_HOST (default 127.0.0.1), PUSHER_PORT, PUSHER_APP_ID, PUSHER_APP_KEY,
//   PUSHER_APP_SECRET; optional SUBSCRIBER_READY_TIMEOUT_MS (default 25000).
// Protocol on stdout (diagnostics go to stderr):
//   READY                            once every subscription has succeeded
//   ERROR <channel> <details>        a subscription or the connection failed (exit 1 before READY)
//   {"channel":..,"event":..,"data":..}  one line per event received; data as pusher-js gives it
//                                    (JSON text is parsed into its value, other text stays a string)
// Runs until stdin closes or SIGTERM/SIGINT, then disconnects and exits 0.
'use strict';

const PusherClient = require('pusher-js');
const PusherServer = require('pusher');

function fail(message) {
  process.stderr.write(`event-subscriber: ${message}\n`);
  process.exit(2);
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) fail(`environment variable ${name} is required`);
  return value;
}

const host = process.env.PUSHER_HOST || '127.0.0.1';
const port = parseInt(requiredEnv('PUSHER_PORT'), 10);
const appId = requiredEnv('PUSHER_APP_ID');
const key = requiredEnv('PUSHER_APP_KEY');
const secret = requiredEnv('PUSHER_APP_SECRET');
const readyTimeoutMs = parseInt(process.env.SUBSCRIBER_READY_TIMEOUT_MS || '25000', 10);
const channels = [...new Set(process.argv.slice(2))];
if (channels.length === 0) fail('usage: node event-subscriber.js channel [channel ...]');

const server = new PusherServer({ appId, key, secret, host, port: String(port), useTLS: false });

function out(line) {
  process.stdout.write(line + '\n');
}

const client = new PusherClient(key, {
  cluster: 'mt1',
  wsHost: host,
  wsPort: port,
  forceTLS: false,
  enabledTransports: ['ws'],
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, callback) => {
      try {
        callback(null, channelName.startsWith('presence-')
          ? server.authorizeChannel(socketId, channelName, { user_id: 'subscriber' })
          : server.authorizeChannel(socketId, channelName));
      } catch (e) {
        callback(e, null);
      }
    },
  },
});

let ready = false;
let stopping = false;
let succeeded = 0;

function stop(code) {
  if (stopping) return;
  stopping = true;
  client.disconnect();
  setTimeout(() => process.exit(code), 200).unref();
}

function failBeforeReady(channel, details) {
  out(`ERROR ${channel} ${details}`);
  if (!ready) stop(1);
}

const readyTimer = setTimeout(() => {
  if (!ready) failBeforeReady('-', `timeout: ${succeeded} of ${channels.length} subscriptions succeeded within ${readyTimeoutMs} ms`);
}, readyTimeoutMs);

client.connection.bind('state_change', ({ previous, current }) => {
  process.stderr.write(`event-subscriber: ${previous} -> ${current}\n`);
  if (!ready && !stopping && (current === 'failed' || current === 'unavailable')) {
    failBeforeReady('-', `connection is ${current}`);
  }
});

for (const name of channels) {
  const channel = client.subscribe(name);
  channel.bind('pusher:subscription_succeeded', () => {
    succeeded += 1;
    if (!ready && succeeded === channels.length) {
      ready = true;
      clearTimeout(readyTimer);
      out('READY');
    }
  });
  channel.bind('pusher:subscription_error', (status) => failBeforeReady(name, JSON.stringify(status)));
  channel.bind_global((event, data) => {
    if (!event.startsWith('pusher:') && !event.startsWith('pusher_internal:')) {
      out(JSON.stringify({ channel: name, event, data }));
    }
  });
}

process.stdin.on('data', () => {});
process.stdin.on('end', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
