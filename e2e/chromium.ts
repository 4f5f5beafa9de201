/**
 * Debian's Chromium as this machine can run it (no browser download is possible here): the e2e
 * suite and `bench/web.ts` launch it the same way. The background-networking flags keep it from
 * calling out, which this closed network refuses.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
