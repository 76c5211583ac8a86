// The contract's request rules (docs/contract.md) written with zod, for the JavaScript
// comparisons: the Hono Worker validates bodies with these, the ky client validates before
// sending. They follow the Rust rules as far as zod expresses them; the URL host check leans on
// the WHATWG URL parser, which already reads every IPv4 spelling (0x7f.1, 2130706433) as dotted.
import * as z from 'zod';

export const MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'video/3gpp'];
export const FONTS = [0, 1, 2, 6, 7, 8, 9, 10];
export const LIMITS = { image: 5 * 1024 * 1024, video: 16 * 1024 * 1024 };
const MAX_TEXT = 700;
const MAX_CAPTION = 1024;
const MAX_LIST = 10_000;

// Unicode scalar values, as the contract counts them.
const chars = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const SIGNATURES = [
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/webp', (b) => String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP'],
  ['video/mp4', (b) => String.fromCharCode(...b.slice(4, 8)) === 'ftyp'],
];

/** The mime type a file's first bytes say, or null. 3GPP shares MP4's `ftyp` box. */
export function sniff(head) {
  const hit = SIGNATURES.find(([, test]) => head.length >= 4 && test(head));
  return hit ? hit[0] : null;
}

function sameFamily(declared, sniffed) {
  return declared === sniffed || (declared.startsWith('video/') && sniffed === 'video/mp4');
}

// First 16 decoded bytes of base64 text, from its first 24 characters only.
function head(data) {
  const bin = atob(data.slice(0, 24));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function decodedLength(data) {
  const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - pad;
}

function ipv4Internal(host) {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 0 || a === 10 || a === 127 || a >= 224 || (a === 169 && b === 254)
    || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

function ipv6Internal(host) {
  if (!host.startsWith('[')) return false;
  const h = host.slice(1, -1).toLowerCase();
  if (h === '::1' || h === '::') return true;
  if (h.startsWith('::ffff:')) return true; // mapped IPv4: read as its IPv4 form by fetchers
  return /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('ff');
}

/** Why a media URL's host is internal, or null. */
export function internalHost(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  const host = parsed.hostname.replace(/\.$/, '');
  if (parsed.username || parsed.password) return 'user-info';
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return 'an internal name';
  if (ipv4Internal(host) || ipv6Internal(host)) return 'an internal address';
  if (!host.includes('.') && !host.startsWith('[')) return 'a single-label name';
  return null;
}

const text = (field, max) => z.string().refine((s) => chars(s) <= max, { message: `${field} is longer than ${max} characters` });

export const TextStatus = z.strictObject({
  text: text('text', MAX_TEXT).refine((s) => /\S/u.test(s), { message: 'cannot be empty or only white space' }),
  background_color: z.string().regex(/^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'use #RRGGBB or #AARRGGBB').optional(),
  font: z.number().int().refine((f) => FONTS.includes(f), { message: 'not a font id' }).optional(),
});

export const MediaStatus = z.strictObject({
  data: z.base64().refine((d) => !d.startsWith('data:'), { message: 'is a data URL' }).optional(),
  url: z.url({ protocol: /^https?$/ }).refine((u) => internalHost(u) === null, { message: 'names an internal host' }).optional(),
  mime_type: z.string().transform((m) => m.toLowerCase()).pipe(z.enum(MIME_TYPES)).optional(),
  media_type: z.enum(['image', 'video']).optional(),
  caption: text('caption', MAX_CAPTION).optional(),
}).superRefine((m, ctx) => {
  const issue = (path, message) => ctx.addIssue({ code: 'custom', path: [path], message });
  if ((m.data === undefined) === (m.url === undefined)) issue('data', 'give exactly one of data and url');
  const kind = m.media_type ?? m.mime_type?.split('/')[0];
  if (m.media_type && m.mime_type && !m.mime_type.startsWith(`${m.media_type}/`)) issue('media_type', 'disagrees with mime_type');
  if (m.url !== undefined && !m.mime_type && !m.media_type) issue('mime_type', 'is required with a url, unless media_type is given');
  if (m.data !== undefined) {
    if (!m.mime_type) return issue('mime_type', 'is required with data');
    const size = decodedLength(m.data);
    if (kind && size > LIMITS[kind]) issue('data', `is ${size} bytes; the ${kind} limit is ${LIMITS[kind]}`);
    const sniffed = sniff(head(m.data));
    if (!sniffed || !sameFamily(m.mime_type, sniffed)) issue('data', `does not look like ${m.mime_type}`);
  }
});

/** A phone number or user JID as the JID, or null. */
export function jid(entry) {
  const e = entry.trim();
  const at = e.indexOf('@');
  if (at >= 0) {
    const [user, server] = [e.slice(0, at), e.slice(at + 1).toLowerCase()];
    return server === 's.whatsapp.net' && /^\d{7,15}$/.test(user) ? `${user}@s.whatsapp.net` : null;
  }
  if (!/^\+?[\d\s\-.()]+$/.test(e)) return null;
  const digits = e.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 ? `${digits}@s.whatsapp.net` : null;
}

export const StatusPrivacy = z.strictObject({
  type: z.enum(['contacts', 'whitelist', 'blacklist']),
  list: z.array(z.string()).max(MAX_LIST).optional(),
}).transform((p, ctx) => {
  if (p.type === 'contacts') return { type: 'contacts' };
  const list = p.list ?? [];
  if (list.length === 0) ctx.addIssue({ code: 'custom', path: ['list'], message: `a ${p.type} needs at least one entry` });
  const out = new Set();
  list.forEach((entry, i) => {
    const j = jid(entry);
    if (j === null) ctx.addIssue({ code: 'custom', path: ['list', i], message: 'is not a phone number or a user JID' });
    else out.add(j);
  });
  return { type: p.type, list: [...out] };
});

/** `{field, code, message}` problems from a zod error, as the Rust proxy lists them. */
export function problems(error) {
  return error.issues.map((i) => ({ field: i.path.join('.') || 'body', code: i.code, message: i.message }));
}
