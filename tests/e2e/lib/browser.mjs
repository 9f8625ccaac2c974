// Chromium from Debian (/usr/bin/chromium) driven by playwright-core: no browser is downloaded.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function launchChromium(root) {
  // playwright-core is a dev dependency of the web app; resolve it from there.
  const require = createRequire(join(root, 'web/package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
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
  });
}
