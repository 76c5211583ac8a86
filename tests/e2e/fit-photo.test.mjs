// Photos fitted in the page, in Chromium, against the stack of scripts/dev/stack.sh: a phone-sized
// photo over the image limit is re-encoded to a JPEG under it, shown with what happened, and
// published through the Worker to wuts-local; a video over the limit is refused with what to
// do; a HEIC photo that Chromium cannot decode is refused with the wasm's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { focusedId, composerSessions, local, photoPng, published, shot } from './helpers.mjs';

const MIB = 1024 * 1024;
const FIXTURES = new URL('../fixtures/media/', import.meta.url);

const session = composerSessions();

/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(bytes) {
  for (let i = 2; i + 9 < bytes.length; ) {
    const marker = bytes[i + 1];
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new Error('no start-of-frame segment');
}

test('a 4000 x 3000 photo over 5 MiB is fitted to a JPEG under the limit and published', async () => {
  const { page, sent } = session;
  const png = photoPng(4000, 3000);
  assert.ok(png.length > 5 * MIB, `the photo is ${png.length} bytes, over the image limit`);
  const file = join(tmpdir(), `wuts-e2e-photo-${process.pid}.png`);
  writeFileSync(file, png);

  await page.getByRole('tab', { name: 'Photo or video' }).click();
  const workers = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  await page.locator('#file').setInputFiles(file);
  const note = page.locator('#fit-note');
  await note.getByText(/^Resized from \d+(\.\d)? MiB to \d+(\.\d)? (MiB|KiB) \(4000 × 3000 to 2048 × 1536 pixels, JPEG quality \d+%\)\.$/).waitFor({ timeout: 60000 });
  await page.locator('#media-preview img').waitFor();
  assert.ok(await page.locator('#media-preview img').evaluate((img) => img.decode().then(() => img.naturalWidth === 2048 && img.naturalHeight === 1536)));
  assert.match(await page.locator('#fact-type').textContent(), /^image\/jpeg, read from the file's bytes$/);
  assert.match(await page.locator('#fact-size').textContent(), /of 5 MiB allowed for images/);
  assert.equal(await page.locator('#file-error').textContent(), '', 'no problem left once fitted');
  assert.deepEqual(sent, [], 'nothing is sent before publishing');
  assert.deepEqual(workers, ['/pkg/fit-photo-worker.js'], 'the photo is fitted in a worker, off the page\'s thread');
  await shot(page, '20-photo-fitted');

  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Image status published.').waitFor({ timeout: 60000 });
  await shot(page, '21-photo-published');

  const [item, ...rest] = await published();
  assert.deepEqual(rest, []);
  assert.equal(item.kind, 'media');
  assert.equal(item.body.mime_type, 'image/jpeg');
  const jpeg = Buffer.from(item.body.data, 'base64');
  assert.ok(jpeg.length <= 5 * MIB, `wuts-local received ${jpeg.length} bytes`);
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
  assert.deepEqual(jpegSize(jpeg), { width: 2048, height: 1536 });
  assert.ok(await note.isHidden(), 'the note goes with the published file');
});

test('a video over the limit is refused with what to do, and nothing is sent', async () => {
  const { page, sent } = session;
  // A real MP4's first bytes, padded past the 16 MiB video limit.
  const video = Buffer.alloc(17 * MIB);
  readFileSync(new URL('isom.mp4', FIXTURES)).copy(video);
  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await page.locator('#file').setInputFiles({ name: 'holiday.mp4', mimeType: 'video/mp4', buffer: video });
  const error = page.locator('#file-error');
  await error.getByText(/video limit is 16 MiB/).waitFor();
  assert.match(await error.textContent(), /^Is 17 MiB \(17825792 bytes\) once decoded; the video limit is 16 MiB \(16777216 bytes\); videos are not compressed here: trim it or export it at a lower resolution \(720p is plenty for a status\), then choose it again\.$/);
  assert.ok(await page.locator('#fit-note').isHidden(), 'a video is never re-encoded');
  await shot(page, '22-video-too-large');
  await page.getByRole('button', { name: 'Publish media status' }).click();
  assert.equal(await focusedId(page), 'file');
  assert.deepEqual(sent, []);
  assert.deepEqual(await published(), []);
});

test('a HEIC photo the browser cannot decode is refused with what it is, and nothing is sent', async () => {
  const { page, sent } = session;
  const decodes = await page.evaluate(async (bytes) => {
    try {
      (await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/heic' }))).close();
      return true;
    } catch {
      return false;
    }
  }, [...readFileSync(new URL('photo.heic', FIXTURES))]);
  assert.equal(decodes, false, 'this Chromium cannot decode HEIC; one that can would fit it instead');
  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await page.locator('#file').setInputFiles(new URL('photo.heic', FIXTURES).pathname);
  await page.locator('#file-error').getByText('Is a HEIC photo: send it as an image converted to JPEG.').waitFor();
  assert.ok(await page.locator('#fit-note').isHidden());
  await page.getByRole('button', { name: 'Publish media status' }).click();
  assert.deepEqual(sent, []);
});

test('fitPhoto steps the quality, then the size, down until the JPEG fits, and turns the photo upright', async () => {
  const { page } = session;
  const result = await page.evaluate(async () => {
    const { fitPhoto, MAX_SIDE } = await import('/pkg/fit-photo.js');
    // Noise: the hardest picture to compress, so a small limit forces every step.
    const canvas = new OffscreenCanvas(1200, 800);
    const ctx = canvas.getContext('2d');
    const pixels = ctx.createImageData(1200, 800);
    for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : (Math.random() * 256) | 0;
    ctx.putImageData(pixels, 0, 0);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const describe = (f) => f && { size: f.file.size, type: f.file.type, name: f.file.name, width: f.width, height: f.height, quality: f.quality };
    const roomy = describe(await fitPhoto(new File([png], 'noise.png'), { maxBytes: 50 * 1024 * 1024 }));
    const tight = describe(await fitPhoto(new File([png], 'noise.png'), { maxBytes: 120 * 1024 }));
    const notAnImage = await fitPhoto(new Blob(['GIF89a not really']), { maxBytes: 1024 });

    // A landscape JPEG whose EXIF orientation (6) says to turn it a quarter clockwise, as phones write it.
    const jpeg = new Uint8Array(await (await (async () => {
      const c = new OffscreenCanvas(300, 200);
      c.getContext('2d').fillRect(0, 0, 300, 200);
      return c.convertToBlob({ type: 'image/jpeg' });
    })()).arrayBuffer());
    const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
    const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255, ...exif];
    const turned = new Blob([jpeg.slice(0, 2), new Uint8Array(app1), jpeg.slice(2)], { type: 'image/jpeg' });
    const upright = describe(await fitPhoto(turned, { maxBytes: 1024 * 1024 }));
    return { MAX_SIDE, roomy, tight, notAnImage, upright };
  });
  assert.equal(result.MAX_SIDE, 2048);
  assert.deepEqual(result.roomy, { ...result.roomy, type: 'image/jpeg', name: 'noise.jpg', width: 1200, height: 800, quality: 0.9 });
  assert.ok(result.tight.size <= 120 * 1024, `${result.tight.size} bytes`);
  assert.ok(result.tight.size < result.roomy.size);
  assert.ok(result.tight.width < 1200 && result.tight.height < 800, 'noise needs a smaller size, not only a lower quality');
  assert.ok(Math.abs(result.tight.width / result.tight.height - 1.5) < 0.01, 'the proportions are kept');
  assert.equal(result.notAnImage, null, 'what the browser cannot decode is left alone');
  assert.deepEqual([result.upright.width, result.upright.height], [200, 300], 'EXIF orientation 6: the landscape pixels become a portrait');
});
