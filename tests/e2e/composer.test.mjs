// The composer widget on the demo page, in Chromium, against the stack of scripts/dev/stack.sh:
// the page talks to the Worker, which forwards to wuts-local. Each test saves screenshots of
// the states it reaches (see helpers.mjs for where).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EDGE_URL, focusedId, composerSessions, local, pngFile, published, shot } from './helpers.mjs';

const session = composerSessions();

test('a text status is published through the Worker, with its colour and font', async () => {
  const { page, sent } = session;
  await page.getByLabel('Status text').fill('We are open today from 9am to 6pm.');
  await page.getByLabel('Background colour', { exact: true }).fill('#128C7E');
  await page.getByLabel('Font', { exact: true }).selectOption({ label: 'Serif' });
  assert.equal(await page.locator('#text-count').textContent(), '34 / 700');
  const preview = page.locator('#preview');
  assert.equal(await preview.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(18, 140, 126)');
  await shot(page, '01-text-compose');

  const answer = page.waitForResponse((r) => r.url() === `${EDGE_URL}/status/text`);
  await page.getByRole('button', { name: 'Publish text status' }).click();
  const notice = page.locator('#text-notice');
  await notice.getByText('Text status published.').waitFor();
  const requestId = (await answer).headers()['x-request-id'];
  await shot(page, '02-text-published');

  const items = await published();
  assert.equal(items.length, 1);
  assert.equal(items[0].kind, 'text');
  assert.deepEqual(items[0].body, { text: 'We are open today from 9am to 6pm.', background_color: '#128C7E', font: 1 });
  // The id the Worker put on its answer is the one wuts-local recorded: it came through the Worker.
  assert.ok(requestId);
  assert.equal(items[0].request_id, requestId);
  assert.deepEqual(sent.map((r) => `${r.method()} ${new URL(r.url()).pathname}`), ['POST /status/text']);
  assert.equal(await page.getByLabel('Status text').inputValue(), '', 'the editor is cleared after publishing');
});

test('a validation error is shown inline, focused, and nothing is sent', async () => {
  const { page, sent } = session;
  await page.getByLabel('Status text').fill('   ');
  await page.getByLabel('Background colour', { exact: true }).fill('#12');
  await page.getByRole('button', { name: 'Publish text status' }).click();

  const textError = page.locator('#text-error');
  await textError.getByText('Cannot be empty or only white space.').waitFor();
  assert.match(await page.locator('#color-error').textContent(), /"#12" is not a colour: use #RRGGBB or #AARRGGBB/);
  assert.equal(await page.getByLabel('Status text').getAttribute('aria-invalid'), 'true');
  assert.equal(await focusedId(page), 'text', 'focus moves to the first field in error');
  await shot(page, '03-validation-error');

  // Errors follow the input as it is corrected.
  await page.getByLabel('Status text').fill('x'.repeat(701));
  await textError.getByText('Is 701 characters long; the limit is 700.').waitFor();
  assert.equal(await page.locator('#text-count').getAttribute('class'), 'counter over');
  await page.getByLabel('Status text').fill('fine now');
  await page.getByLabel('Background colour', { exact: true }).fill('');
  assert.equal(await textError.textContent(), '');

  assert.deepEqual(sent, [], 'no request reached the Worker');
  assert.deepEqual(await published(), []);
});

test('a device_disconnected error from WUTS is rendered with what to do', async () => {
  const { page } = session;
  await local('/_local/faults', { fault: 'device_disconnected', count: 1 });
  await page.getByLabel('Status text').fill('Closed for the holiday');
  await page.getByRole('button', { name: 'Publish text status' }).click();

  const alert = page.locator('#text-notice[role="alert"]');
  await alert.getByText('WhatsApp session is not connected: reconnect the device and try again.').waitFor();
  assert.match(await alert.textContent(), /code device_disconnected · HTTP 503 · request id [\w-]+/);
  assert.equal(await page.getByLabel('Status text').inputValue(), 'Closed for the holiday', 'the text is kept to try again');
  await shot(page, '04-device-disconnected');
  assert.deepEqual(await published(), []);

  // Once the device is back, the same text goes through.
  await page.getByRole('button', { name: 'Publish text status' }).click();
  await page.locator('#text-notice').getByText('Text status published.').waitFor();
  assert.equal((await published()).length, 1);
});

test('a double click publishes once, with a busy state while the request runs', async () => {
  const { page, sent } = session;
  // wuts-local holds the request for a while, so the second click lands while it runs.
  await local('/_local/faults', { fault: 'delay', delay_ms: 1500, count: 1 });
  await page.getByLabel('Status text').fill('Only once, please');
  const button = page.locator('#publish-text');
  await button.dblclick();
  await page.locator('#publish-text[aria-busy="true"]').waitFor();
  assert.equal(await button.textContent(), 'Publishing…');
  assert.ok(await button.isDisabled());
  await shot(page, '05-busy');
  // Clicks from a script while the request runs do nothing either.
  await page.evaluate(() => {
    const b = document.querySelector('wuts-status-composer').shadowRoot.getElementById('publish-text');
    b.click();
    b.click();
  });
  await page.locator('#text-notice').getByText('Text status published.').waitFor();
  assert.equal(await button.textContent(), 'Publish text status');

  // And two submits in one task before the first has set anything busy.
  await page.getByLabel('Status text').fill('Twice in one task');
  await page.evaluate(() => {
    const form = document.querySelector('wuts-status-composer').shadowRoot.getElementById('form-text');
    form.requestSubmit();
    form.requestSubmit();
  });
  await page.locator('#text-notice').getByText('Text status published.').waitFor();
  await page.waitForFunction(() => !document.querySelector('wuts-status-composer').busy);

  const items = await published();
  assert.deepEqual(items.map((i) => i.body.text), ['Only once, please', 'Twice in one task']);
  assert.equal(sent.length, 2);
  // Each composed status went out with its own Idempotency-Key.
  const keys = sent.map((r) => r.headers()['idempotency-key']);
  assert.ok(keys.every((k) => /^[0-9a-f-]{36}$/.test(k)), String(keys));
  assert.notEqual(keys[0], keys[1]);
});

test('a status retried after its answer was lost keeps its key, and is published once', async () => {
  const { page } = session;
  // The publish reaches the proxy and the backend, but the page loses the answer.
  await page.route('**/status/text', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  }, { times: 1 });
  await page.getByLabel('Status text').fill('Did it go out?');
  await page.locator('#publish-text').click();
  await page.locator('#text-notice.fail').waitFor();
  assert.equal((await published()).length, 1, 'the first attempt was published');
  // Trying again sends the same key: the proxy answers with the first attempt's outcome.
  await page.locator('#publish-text').click();
  await page.locator('#text-notice').getByText('Text status published.').waitFor();
  const items = await published();
  assert.equal(items.length, 1, 'one publish');
  assert.equal(items[0].body.text, 'Did it go out?');
});

test('an image is published from a file, with its preview, sniffed type, size and caption', async () => {
  const { page } = session;
  const png = pngFile();
  // Named .jpg on purpose: the type shown and sent is the one the bytes say.
  const file = join(tmpdir(), `wuts-e2e-${process.pid}.jpg`);
  writeFileSync(file, png);

  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await page.locator('#file').setInputFiles(file);
  await page.locator('#media-preview img').waitFor();
  assert.match(await page.locator('#fact-type').textContent(), /^image\/png, read from the file's bytes \(the file calls itself image\/jpeg\)$/);
  assert.match(await page.locator('#fact-size').textContent(), /^\d+ (bytes|KiB) of 5 MiB allowed for images/);
  await page.getByLabel('Caption (optional)').fill('Our new menu');
  assert.equal(await page.locator('#caption-count').textContent(), '12 / 1024');
  assert.ok(await page.locator('#media-preview img').evaluate((img) => img.complete && img.naturalWidth === 240));
  await shot(page, '06-media-picked');

  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Image status published.').waitFor();
  await shot(page, '07-media-published');
  assert.ok(await page.locator('#facts').isHidden(), 'the picked file is cleared after publishing');

  const [item] = await published();
  assert.equal(item.kind, 'media');
  assert.equal(item.body.mime_type, 'image/png');
  assert.equal(item.body.caption, 'Our new menu');
  assert.equal(item.body.data, png.toString('base64'));
});

test('a file of no accepted type is refused before sending, from its bytes', async () => {
  const { page, sent } = session;
  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await page.locator('#file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not really') });
  await page.locator('#file-error').getByText('Is not a JPEG, PNG or WebP image, nor an MP4 or 3GPP video.').waitFor();
  await page.getByRole('button', { name: 'Publish media status' }).click();
  assert.equal(await focusedId(page), 'file');
  assert.deepEqual(sent, []);
});

test('a pasted whitelist is reviewed entry by entry, refused while bad, then saved', async () => {
  const { page, sent } = session;
  // Keyboard only: the tabs follow the arrow keys.
  await page.getByRole('tab', { name: 'Text' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Privacy' }).getAttribute('aria-selected'), 'true');
  const list = page.getByLabel('Phone numbers or WhatsApp IDs, one per line');
  assert.ok(await list.isHidden(), 'no list for "My contacts"');
  await page.getByLabel('Only share with…').check();

  await list.fill('+55 11 99999-9999\n5511999999999@s.whatsapp.net\n(555) 123.4567\ncall me\n120363041234567890@g.us');
  const summary = page.locator('#list-summary');
  await summary.getByText('2 contacts will be saved, 1 duplicate dropped, 2 entries to fix.').waitFor();
  const rows = page.locator('#review li');
  assert.deepEqual(await rows.evaluateAll((lis) => lis.map((li) => li.className)), ['ok', 'dup', 'ok', 'bad', 'bad']);
  assert.match(await rows.nth(0).textContent(), /5511999999999@s\.whatsapp\.net/);
  assert.match(await rows.nth(1).textContent(), /same contact as entry 1/);
  assert.match(await rows.nth(4).textContent(), /is a group: privacy lists take contacts only/);

  await page.getByRole('button', { name: 'Save privacy' }).click();
  await page.locator('#list-error').getByText('Fix entries 4 and 5, marked ✕ below, before saving.').waitFor();
  assert.match(await rows.nth(3).textContent(), /call meis not a phone number: 'c' is not allowed/);
  assert.equal(await focusedId(page), 'list');
  await shot(page, '08-privacy-review');
  assert.deepEqual(sent, [], 'a list with bad entries is not sent');

  await list.fill('+55 11 99999-9999\n5511999999999@s.whatsapp.net\n(555) 123.4567');
  await summary.getByText('2 contacts will be saved, 1 duplicate dropped.').waitFor();
  assert.equal(await page.locator('#list-error').textContent(), '');
  await page.getByRole('button', { name: 'Save privacy' }).click();
  await page.locator('#privacy-notice').getByText('Saved: only 2 contacts can see your status updates.').waitFor();
  await shot(page, '09-privacy-saved');

  const { items } = await local('/_local/privacy');
  assert.equal(items.length, 1);
  assert.equal(items[0].type, 'whitelist');
  assert.deepEqual(items[0].list, ['5511999999999@s.whatsapp.net', '5551234567@s.whatsapp.net']);
});
