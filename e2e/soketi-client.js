// What presence-members.js and event-subscriber.js share: the settings from the environment,
// the npm `pusher` library that authorizes private and presence channels, pusher-js clients
// pointed at the server over plain ws, and the READY/ERROR protocol on stdout.
'use strict';

const PusherClient = require('pusher-js');
const PusherServer = require('pusher');

/** The settings and helpers of one script; `name` prefixes its diagnostics on stderr. */
function soketiClient(name, readyTimeoutVariable) {
  function fail(message) {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(2);
  }

  function requiredEnv(variable) {
    const value = process.env[variable];
    if (!value) fail(`environment variable ${variable} is required`);
    return value;
  }

  const host = process.env.PUSHER_HOST || '127.0.0.1';
  const port = parseInt(requiredEnv('PUSHER_PORT'), 10);
  const appId = requiredEnv('PUSHER_APP_ID');
  const key = requiredEnv('PUSHER_APP_KEY');
  const secret = requiredEnv('PUSHER_APP_SECRET');
  const readyTimeoutMs = parseInt(process.env[readyTimeoutVariable] || '25000', 10);
  if (!Number.isInteger(port) || port <= 0) fail(`PUSHER_PORT is not a port: ${process.env.PUSHER_PORT}`);

  // PUSHER_ENCRYPTION_MASTER_KEY: private-encrypted- channels are authorized with their shared_secret.
  const encryptionMasterKeyBase64 = process.env.PUSHER_ENCRYPTION_MASTER_KEY || undefined;
  const server = new PusherServer({ appId, key, secret, host, port: String(port), useTLS: false, encryptionMasterKeyBase64 });

  function out(line) {
    process.stdout.write(line + '\n');
  }

  /** A pusher-js client whose presence channels join, and whose signin() signs in, as `userId` (with `userInfo`, if any). */
  function connect(userId, userInfo) {
    const presenceData = userInfo === undefined ? { user_id: userId } : { user_id: userId, user_info: userInfo };
    return new PusherClient(key, {
      cluster: 'mt1',
      wsHost: host,
      wsPort: port,
      forceTLS: false,
      enabledTransports: ['ws'],
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          try {
            callback(null, channelName.startsWith('presence-')
              ? server.authorizeChannel(socketId, channelName, presenceData)
              : server.authorizeChannel(socketId, channelName));
          } catch (e) {
            callback(e, null);
          }
        },
      },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => {
          try {
            callback(null, server.authenticateUser(socketId, { id: userId }));
          } catch (e) {
            callback(e, null);
          }
        },
      },
    });
  }

  return { fail, server, out, connect, readyTimeoutMs };
}

module.exports = { soketiClient };
