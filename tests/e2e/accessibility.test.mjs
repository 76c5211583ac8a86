// Accessibility, checked by machine and by keyboard. axe-core (every rule it runs by default:
// WCAG 2 A and AA, and its best practices) on the demo page and on each panel of the composer in
// the states a person meets: empty, with a field's error, with the answer's notice, with a
// picked file, with a reviewed privacy list, scheduling (once, on weekdays, with an error), the
// list of schedules with a Cancel button, and after a cancel. Any violation fails, listed with the nodes it
// names. Then the tabs, driven by real key presses as the WAI-ARIA tabs pattern says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { composerSessions, focusedId, local, pngFile } from './helpers.mjs';

const session = composerSessions();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One line per violation and one per node it names, with axe's own summary of the fix. */
function describe(violations) {
  return violations.map((v) => [
    `${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`,
    ...v.nodes.map((n) => `  at ${n.target.map((t) => [].concat(t).join(' >>> ')).join(' ')}\n    ${n.failureSummary.replaceAll('\n', '\n    ')}`),
  ].join('\n')).join('\n');
}

/** Runs axe-core on the whole page, the composer's shadow root included; fails on any violation. */
async function checkPage(page, state) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  // The composer's live regions and transitions settle before the check.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const { violations, passes } = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return { violations: r.violations, passes: r.passes.map((p) => p.id) };
  });
  assert.equal(violations.length, 0, `axe-core, ${state}: ${violations.length} violation(s)\n${describe(violations)}`);
  // The check saw the composer's own nodes: the colour contrast of its text was judged.
  assert.ok(passes.includes('color-contrast'), `${state}: axe judged no colour contrast`);
}

test('the demo page and the text panel have no axe-core violation: empty, with errors, with notices', async () => {
  const { page } = session;
  await checkPage(page, 'the demo page as it loads');
  await checkPage(page, 'the text panel, empty');

  await page.getByLabel('Status text').fill('   ');
  await page.getByLabel('Background colour', { exact: true }).fill('#12');
  await page.getByRole('button', { name: 'Publish text status' }).click();
  await page.locator('#text-error').getByText('Cannot be empty or only white space.').waitFor();
  await checkPage(page, 'the text panel with two fields in error');

  await local('/_local/faults', { fault: 'device_disconnected', count: 1 });
  await page.getByLabel('Background colour', { exact: true }).fill('');
  await page.getByLabel('Status text').fill('Closed for the holiday');
  await page.getByRole('button', { name: 'Publish text status' }).click();
  await page.locator('#text-notice.fail').waitFor();
  await checkPage(page, 'the text panel with a failure notice');

  await page.getByRole('button', { name: 'Publish text status' }).click();
  await page.locator('#text-notice').getByText('Text status published.').waitFor();
  await checkPage(page, 'the text panel with a success notice');
});

test('the media panel has no axe-core violation: empty, with a refused file, with a picked one, published', async () => {
  const { page } = session;
  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await checkPage(page, 'the media panel, empty');

  await page.locator('#file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not really') });
  await page.locator('#file-error').getByText('Is not a JPEG, PNG or WebP image, nor an MP4 or 3GPP video.').waitFor();
  await checkPage(page, 'the media panel with a refused file');

  await page.locator('#file').setInputFiles({ name: 'menu.png', mimeType: 'image/png', buffer: pngFile() });
  await page.locator('#media-preview img').waitFor();
  await page.getByLabel('Caption (optional)').fill('Our new menu');
  await checkPage(page, 'the media panel with a picked image');

  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Image status published.').waitFor();
  await checkPage(page, 'the media panel with a success notice');
});

test('the privacy panel has no axe-core violation: a reviewed list with duplicates and errors, then saved', async () => {
  const { page } = session;
  await page.getByRole('tab', { name: 'Privacy' }).click();
  await checkPage(page, 'the privacy panel, empty');

  await page.getByLabel('Only share with…').check();
  await page.getByLabel('Phone numbers or WhatsApp IDs, one per line')
    .fill('+55 11 99999-9999\n5511999999999@s.whatsapp.net\n(555) 123.4567\ncall me\n120363041234567890@g.us');
  await page.getByRole('button', { name: 'Save privacy' }).click();
  await page.locator('#list-error').getByText('Fix entries 4 and 5, marked ✕ below, before saving.').waitFor();
  await checkPage(page, 'the privacy panel with a reviewed list in error');

  await page.getByLabel('Phone numbers or WhatsApp IDs, one per line').fill('+55 11 99999-9999\n(555) 123.4567');
  await page.getByRole('button', { name: 'Save privacy' }).click();
  await page.locator('#privacy-notice').getByText('Saved: only 2 contacts can see your status updates.').waitFor();
  await checkPage(page, 'the privacy panel with a success notice');
});

test('scheduling and the Scheduled panel have no axe-core violation: each repeat, an error, a list, a cancel', async () => {
  const { page } = session;
  await page.getByLabel('Status text').fill('Weekly specials are on');
  const text = page.locator('#panel-text');
  await text.getByLabel('Schedule', { exact: true }).check();
  await checkPage(page, 'the text panel scheduling once');
  await text.getByLabel('On chosen weekdays').check();
  await page.getByRole('button', { name: 'Schedule text status' }).click();
  await page.locator('#text-days-error').getByText('Choose at least one day.').waitFor();
  await checkPage(page, 'the text panel scheduling on weekdays, none chosen');
  await text.getByLabel('Wednesday').check();
  await page.getByRole('button', { name: 'Schedule text status' }).click();
  await page.locator('#text-notice').getByText('Text status scheduled.').waitFor();
  await checkPage(page, 'the text panel with a schedule made');

  await page.getByRole('tab', { name: 'Photo or video' }).click();
  const media = page.locator('#panel-media');
  await media.getByLabel('Schedule', { exact: true }).check();
  await media.getByLabel('Every day').check();
  await checkPage(page, 'the media panel scheduling every day');

  await page.getByRole('tab', { name: 'Scheduled' }).click();
  const item = page.locator('#schedules li').filter({ hasText: 'on Wednesday at' });
  await item.waitFor();
  await checkPage(page, 'the Scheduled panel with a schedule');
  await item.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('#schedules-status').getByText(/^Cancelled: /).waitFor();
  await checkPage(page, 'the Scheduled panel after a cancel');
});

test('the tabs follow the WAI-ARIA tabs pattern from the keyboard', async () => {
  const { page } = session;
  const tabs = ['tab-text', 'tab-media', 'tab-privacy', 'tab-schedules'];
  const panels = { 'tab-text': 'panel-text', 'tab-media': 'panel-media', 'tab-privacy': 'panel-privacy', 'tab-schedules': 'panel-schedules' };
  /** Which tab is chosen, each tab's tabindex and which panels show, read from the shadow DOM. */
  const state = () => page.evaluate(({ tabs, panels }) => {
    const root = document.querySelector('wuts-status-composer').shadowRoot;
    return {
      selected: tabs.filter((id) => root.getElementById(id).getAttribute('aria-selected') === 'true'),
      tabIndex: tabs.map((id) => root.getElementById(id).tabIndex),
      shown: tabs.filter((id) => !root.getElementById(panels[id]).hidden),
    };
  }, { tabs, panels });
  const chosen = (id) => ({ selected: [id], tabIndex: tabs.map((t) => (t === id ? 0 : -1)), shown: [id] });

  // Tab from the demo page's last control lands on the chosen tab, the only one in the focus order.
  await page.getByRole('button', { name: 'Connect' }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'tab-text');
  assert.deepEqual(await state(), chosen('tab-text'));
  // The focus is visible, and drawn inside the tab, where the composer's clipped edge cannot hide it.
  const ring = await page.evaluate(() => {
    const tab = document.querySelector('wuts-status-composer').shadowRoot.getElementById('tab-text');
    const s = getComputedStyle(tab);
    return { visible: tab.matches(':focus-visible'), style: s.outlineStyle, width: s.outlineWidth, offset: parseFloat(s.outlineOffset) };
  });
  assert.deepEqual({ ...ring, inside: ring.offset <= -parseFloat(ring.width) }, { ...ring, visible: true, style: 'solid', inside: true });

  // Arrow keys move and choose, wrapping at both ends; Home and End go to the first and last.
  for (const [key, id] of [['ArrowRight', 'tab-media'], ['ArrowRight', 'tab-privacy'], ['ArrowRight', 'tab-schedules'],
    ['ArrowRight', 'tab-text'], ['ArrowLeft', 'tab-schedules'], ['ArrowLeft', 'tab-privacy'], ['Home', 'tab-text'],
    ['End', 'tab-schedules'], ['ArrowLeft', 'tab-privacy']]) {
    await page.keyboard.press(key);
    assert.equal(await focusedId(page), id, `${key} moves the focus to ${id}`);
    assert.deepEqual(await state(), chosen(id), `${key} chooses ${id} and shows its panel`);
  }
  // With a modifier the keys stay the browser's: nothing moves.
  await page.keyboard.press('Control+ArrowLeft');
  assert.equal(await focusedId(page), 'tab-privacy');
  assert.deepEqual(await state(), chosen('tab-privacy'));

  // Tab leaves the tab list for the chosen panel's first control; Shift+Tab comes back to the chosen tab.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.querySelector('wuts-status-composer').shadowRoot.activeElement?.getAttribute('name')), 'audience');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedId(page), 'tab-privacy');

  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await state(), chosen('tab-media'));
  // The panel's controls work from there: Tab reaches the file picker of the media panel.
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'file');
});
