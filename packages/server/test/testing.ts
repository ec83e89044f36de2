// @support-chat/server/testing: what other packages' tests need to run against a real server (an app on its own
// database, sign-ins, sockets, a loopback SMTP server, a locked-down Chromium). Import it by name, never by path.
export * from './helpers.js';
export * from './ws-helpers.js';
export * from './smtp.js';
export * from './browser.js';
export * from './compiled.js';
