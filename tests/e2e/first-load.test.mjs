// The demo page's first load: nothing in the console (no missing favicon, no unused preload),
// no failed request, and the .wasm downloaded once, by the page's preload, not after the
// JavaScript that needs it has run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, PAGE_URL } from './helpers.mjs';

const browser = await launch();
after(() => browser.close());

test('the demo page loads with nothing in the console and the .wasm from its preload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  try {
    await page.goto(PAGE_URL);
    await page.locator('#publish-text:not([disabled])').waitFor();
    // Chromium warns about a preload left unused a few seconds after the load event.
    await page.waitForTimeout(3500);

    const wasm = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((entry) => new URL(entry.name).pathname.endsWith('.wasm'))
      .map((entry) => ({ path: new URL(entry.name).pathname, initiator: entry.initiatorType })));
    assert.deepEqual(wasm, [{ path: '/pkg/wuts_status_bg.wasm', initiator: 'link' }]);
    const icon = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=icon]').href)).status);
    assert.equal(icon, 200);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
