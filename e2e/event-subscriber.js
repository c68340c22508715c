#!/usr/bin/env node
// A real subscriber: one pusher-js connection subscribed to the given channels, printing every
// event it receives, so tests can check what a user's browser would get.
//
// Usage: node event-subscriber.js [channel ...]
//   private-* channels are authorized with the npm `pusher` library (PUSHER_APP_SECRET), and
//   private-encrypted-* ones with PUSHER_ENCRYPTION_MASTER_KEY too (pusher-js decrypts);
//   presence-* channels join as user "subscriber", or as SUBSCRIBER_SIGNIN_AS when set.
//   SUBSCRIBER_SIGNIN_AS=<user id>: signs in as that user (user authentication) and prints the
//   events sent to that user with channel "#user".
// Environment: PUSHER_HOST (default 127.0.0.1), PUSHER_PORT, PUSHER_APP_ID, PUSHER_APP_KEY,
//   PUSHER_APP_SECRET; optional SUBSCRIBER_READY_TIMEOUT_MS (default 25000).
// Protocol on stdout (diagnostics go to stderr):
//   READY                            once every subscription has succeeded
//   ERROR <channel> <details>        a subscription or the connection failed (exit 1 before READY)
//   {"channel":..,"event":..,"data":..}  one line per event received; data as pusher-js gives it
//                                    (JSON text is parsed into its value, other text stays a string)
//   STATE <previous> <current>       each change of the connection's state after READY
// Runs until stdin closes or SIGTERM/SIGINT, then disconnects and exits 0.
'use strict';

const { soketiClient } = require('./soketi-client');

const { fail, out, connect, readyTimeoutMs } = soketiClient('event-subscriber', 'SUBSCRIBER_READY_TIMEOUT_MS');
const channels = [...new Set(process.argv.slice(2))];
const signinAs = process.env.SUBSCRIBER_SIGNIN_AS || '';
if (channels.length === 0 && !signinAs) fail('usage: node event-subscriber.js channel [channel ...] (or SUBSCRIBER_SIGNIN_AS)');

const client = connect(signinAs || 'subscriber');

let ready = false;
let stopping = false;
let succeeded = 0;
let signedIn = !signinAs;

function readyIfAll() {
  if (!ready && succeeded === channels.length && signedIn) {
    ready = true;
    clearTimeout(readyTimer);
    out('READY');
  }
}

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
  if (ready) out(`STATE ${previous} ${current}`);
  if (!ready && !stopping && (current === 'failed' || current === 'unavailable')) {
    failBeforeReady('-', `connection is ${current}`);
  }
});

for (const name of channels) {
  const channel = client.subscribe(name);
  channel.bind('pusher:subscription_succeeded', () => {
    succeeded += 1;
    readyIfAll();
  });
  channel.bind('pusher:subscription_error', (status) => failBeforeReady(name, JSON.stringify(status)));
  channel.bind_global((event, data) => {
    if (!event.startsWith('pusher:') && !event.startsWith('pusher_internal:')) {
      out(JSON.stringify({ channel: name, event, data }));
    }
  });
}

if (signinAs) {
  client.user.bind_global((event, data) => {
    if (!event.startsWith('pusher:') && !event.startsWith('pusher_internal:')) {
      out(JSON.stringify({ channel: '#user', event, data }));
    }
  });
  client.bind('pusher:signin_error', (e) => failBeforeReady('#user', `signin failed: ${JSON.stringify(e)}`));
  client.signin();
  client.user.signinDonePromise.then(() => {
    signedIn = true;
    readyIfAll();
  });
}

process.stdin.on('data', () => {});
process.stdin.on('end', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
