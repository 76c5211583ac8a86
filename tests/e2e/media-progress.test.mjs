// Publishing a large video through the composer, in Chromium against the stack: the progress it
// shows (reading, preparing with how far, sending), and cancelling, before anything is sent and
// while the request is in flight. How long the page is blocked meanwhile is measured by
// bench/media.mjs, not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { composerSessions, published, shot } from './helpers.mjs';

const session = composerSessions();

/** A real MP4 (the corpus' isom.mp4) grown to `size` bytes by a `free` box: a file on disk. */
function videoFile(size) {
  const mp4 = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'media', 'isom.mp4'));
  const free = Buffer.alloc(size - mp4.length, 7);
  free.writeUInt32BE(free.length, 0);
  free.write('free', 4, 'ascii');
  const bytes = Buffer.concat([mp4, free]);
  const path = join(tmpdir(), `wuts-e2e-${process.pid}-${size}.mp4`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** Records, in the page, every stage text and progress value the media panel shows. */
function recordProgress(page) {
  return page.evaluate(() => {
    const root = document.querySelector('wuts-status-composer').shadowRoot;
    const seen = (window.progressSeen = []);
    const note = () => {
      const box = root.getElementById('media-progress');
      const meter = root.getElementById('media-meter');
      const entry = box.hidden ? 'hidden' : `${root.getElementById('media-stage').textContent} ${meter.hasAttribute('value') ? meter.value : '-'}`;
      // From the first stage shown on: the form changes before it, as the button turns busy.
      if (seen.at(-1) !== entry && (seen.length || entry !== 'hidden')) seen.push(entry);
    };
    new MutationObserver(note).observe(root.getElementById('form-media'), { subtree: true, attributes: true, childList: true, characterData: true });
  });
}

async function pick(page, file) {
  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await page.locator('#file').setInputFiles(file.path);
  await page.locator('#media-preview video').waitFor();
}

test('a large video shows reading, preparing with its share done, then sending, and arrives whole', async () => {
  const { page } = session;
  const file = videoFile(12 * 1024 * 1024);
  await pick(page, file);
  assert.ok(await page.locator('#media-progress').isHidden(), 'no progress before publishing');
  assert.ok(await page.getByRole('button', { name: 'Cancel' }).isHidden(), 'no cancel before publishing');
  await recordProgress(page);

  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Video status published.').waitFor();
  const seen = await page.evaluate(() => window.progressSeen);
  assert.equal(seen[0], 'Reading the file… -', 'reading first, how far unknown');
  const preparing = seen.filter((s) => s.startsWith('Preparing the file…')).map((s) => Number(s.split(' ').at(-1)));
  assert.ok(preparing.length >= 2, `the share prepared is shown as it grows: ${seen.join(' | ')}`);
  assert.deepEqual(preparing, [...preparing].sort((a, b) => a - b), 'the share only grows');
  assert.equal(preparing.at(-1), 1, 'preparing ends at the whole file');
  assert.ok(seen.includes('Sending… -'), `sending is shown after preparing: ${seen.join(' | ')}`);
  assert.ok(seen.indexOf('Sending… -') > seen.findLastIndex((s) => s.startsWith('Preparing')));
  assert.equal(seen.at(-1), 'hidden', 'the progress is hidden once published');
  assert.ok(await page.getByRole('button', { name: 'Cancel' }).isHidden());

  const [item] = await published();
  assert.equal(item.body.mime_type, 'video/mp4');
  assert.equal(item.body.data, file.bytes.toString('base64'), 'the bytes that reach wuts-local are the file\'s');
});

test('cancelling before the file is sent sends nothing, and the file can be published after', async () => {
  const { page, sent } = session;
  const file = videoFile(16 * 1024 * 1024);
  await pick(page, file);
  // Cancel in the task of the click, while the file is being read: nothing may go out.
  await page.evaluate(() => {
    const root = document.querySelector('wuts-status-composer').shadowRoot;
    root.getElementById('publish-media').click();
    root.getElementById('cancel-media').click();
  });
  await page.locator('#media-notice').getByText('The request was cancelled.').waitFor();
  await shot(page, '30-media-cancelled');
  assert.ok(await page.locator('#media-progress').isHidden());
  assert.ok(await page.getByRole('button', { name: 'Cancel' }).isHidden());
  assert.deepEqual(sent.map((r) => r.url()), [], 'nothing was sent');
  assert.deepEqual(await published(), []);
  assert.equal(await page.locator('#publish-media').isEnabled(), true);

  // The file is still picked: publishing again sends it.
  await page.getByLabel('Caption (optional)').fill('second try');
  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Video status published.').waitFor();
  const [item] = await published();
  assert.equal(item.body.caption, 'second try');
  assert.equal(item.body.data.length, Math.ceil(file.bytes.length / 3) * 4);
});

test('cancelling while the request is in flight ends the publish, and trying again keeps its key', async () => {
  const { page, sent } = session;
  const file = videoFile(1024 * 1024);
  await pick(page, file);
  // The request reaches the proxy and the backend, whose answer is held until the page cancels.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/status/media', async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response }).catch(() => {}); // the page no longer waits for it
  }, { times: 1 });
  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-stage').getByText('Sending…').waitFor();
  for (let i = 0; i < 100 && (await published()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await published()).length, 1, 'the first attempt was published');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('#media-notice').getByText('The request was cancelled.').waitFor();
  release();
  assert.ok(await page.locator('#media-progress').isHidden());
  assert.ok(await page.getByRole('button', { name: 'Cancel' }).isHidden());

  // No answer came, so the status may be out: trying again sends the same key, and the proxy
  // answers with the first attempt's outcome.
  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Video status published.').waitFor();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].headers()['idempotency-key'], sent[0].headers()['idempotency-key']);
  assert.equal((await published()).length, 1, 'published once');
});
