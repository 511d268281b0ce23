// Debian's Chromium driven by playwright-core (no browser download): a page that records console errors and
// uncaught exceptions (a test fails on any it did not expect), and axe-core run on the page as it stands.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * A context and page whose console errors are collected. `expected` lists console errors a test provokes on
 * purpose (a 401 from a wrong password); anything else fails the test in `assertNoConsoleErrors`.
 */
export async function openPage(browser, { viewport = { width: 1440, height: 900 }, context: existing } = {}) {
  const context = existing ?? await browser.newContext({ viewport, acceptDownloads: true, serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = [];
  const expected = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return {
    context,
    page,
    expectConsoleError(pattern) {
      expected.push(pattern);
    },
    unexpectedConsoleErrors() {
      return errors.filter((text) => !expected.some((pattern) => pattern.test(text)));
    },
  };
}

/**
 * axe-core on the current screen: the violations of impact serious or critical. Injected through the DevTools
 * protocol's evaluate, which the page's CSP (no inline script) does not apply to.
 */
export async function seriousAxeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
