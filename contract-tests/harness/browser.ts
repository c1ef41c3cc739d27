/**
 * The browser tests' Chromium: Debian's (/usr/bin/chromium, which .ci/run installs) or WECOM_MOCK_CHROMIUM (e.g.
 * to check the skip). Without it a browser suite is skipped, saying so in its title and on stderr.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['WECOM_MOCK_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The suite's title, or the title that says why it is skipped (and a warning on stderr). */
export function browserSuiteTitle(title: string): string {
  if (hasChromium) return title;
  console.warn(`${title}: skipped, ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`);
  return `${title} — SKIPPED: ${CHROMIUM} is absent (install it: apt-get install -y chromium; CI does)`;
}

/** Headless Chromium with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
