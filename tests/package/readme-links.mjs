// The npm page is the packed package's README.md: every link in it must lead somewhere from
// there. A relative link must name a file the tarball has, and a `#fragment` a heading of the
// README (GitHub's and npm's heading ids); absolute links must be https.
// Usage: node tests/package/readme-links.mjs <unpacked package dir>
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";

const dir = process.argv[2];
if (!dir) throw new Error("usage: readme-links.mjs <unpacked package dir>");

async function files(root, at = root) {
  const out = [];
  for (const entry of await readdir(at, { withFileTypes: true })) {
    const path = join(at, entry.name);
    if (entry.isDirectory()) out.push(...(await files(root, path)));
    else out.push(relative(root, path));
  }
  return out;
}

const readme = await readFile(join(dir, "README.md"), "utf8");
const shipped = new Set(await files(dir));
// Code blocks hold code, not links.
const prose = readme.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");

// Heading ids as GitHub and npm make them: lower case, punctuation dropped, spaces to hyphens,
// repeats numbered.
const anchors = new Set();
const seen = new Map();
for (const [, text] of readme.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6} (.+)$/gm)) {
  const base = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  anchors.add(n ? `${base}-${n}` : base);
}

const problems = [];
let count = 0;
for (const [, target] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
  count++;
  if (/^https:\/\//.test(target)) continue;
  if (/^[a-z]+:/i.test(target)) {
    problems.push(`${target}: not an https link`);
    continue;
  }
  const [path, fragment] = target.split("#");
  if (path === "") {
    if (!anchors.has(fragment)) problems.push(`${target}: no such heading in the README`);
    continue;
  }
  const file = path.replace(/^\.\//, "");
  if (!shipped.has(file)) problems.push(`${target}: the package has no ${file}`);
}
if (count === 0) problems.push("the README has no links at all: the check read nothing");
if (problems.length) {
  console.error(`the packed README.md has links that lead nowhere:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`readme links: ${count} links, all lead somewhere`);
