// The request bodies of the benchmarks and profiles: a text status, a 1 MiB PNG and a 16 MiB
// MP4 sent inline as base64 (about 1.4 MB and 22 MB of JSON). Deterministic, so runs compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { STAGE } from '../lib.mjs';

function mediaBody(bytes, signature, mime) {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 2654435761) >>> 24;
  Buffer.from(signature).copy(data);
  return JSON.stringify({ data: data.toString('base64'), mime_type: mime, caption: 'bench' });
}

export const BODIES = {
  text: JSON.stringify({ text: 'We are open today from 9am to 6pm.' }),
  image: mediaBody(1 << 20, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'),
  video: mediaBody(16 << 20, [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d], 'video/mp4'),
};

/** Writes each body to a file for oha; returns name -> path. */
export function writeBodies() {
  const dir = join(STAGE, 'bodies');
  mkdirSync(dir, { recursive: true });
  const files = {};
  for (const [name, body] of Object.entries(BODIES)) {
    files[name] = join(dir, `${name}.json`);
    writeFileSync(files[name], body);
  }
  return files;
}
