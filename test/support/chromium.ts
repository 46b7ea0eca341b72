import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests drive: $PUPPETEER_EXECUTABLE_PATH, else Debian's /usr/bin/chromium
 * (`apt-get install chromium`) or Google Chrome. Undefined when there is none, so those tests skip and say why.
 */
export function findChromium(): string | undefined {
  const candidates = [
    process.env['PUPPETEER_EXECUTABLE_PATH'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string));
}

export const NO_CHROMIUM =
  'skipped: no Chromium found — install it (apt-get install -y chromium) or set PUPPETEER_EXECUTABLE_PATH';
