// md-links.test.mjs — scripts/md-links-check.mjs finds what it must: a link
// to a missing file, a missing anchor, a mention of the specification outside
// the repository, a package citing a file it does not ship; and passes good
// links (headings, explicit ids, references, links inside code ignored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHECK = path.join(ROOT, 'scripts/md-links-check.mjs');

function tree(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-links-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
function check(dir, ...args) {
  const r = spawnSync(process.execPath, [CHECK, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

const GOOD = {
  'docs/a.md': '# A page\n\n## 1. Values and paths\n\n<a id="WP0401"></a>\n## WP0401 — path not in the state\n\n' +
    'See [b](b.md), [its part](b.md#the-part), [here](#1-values-and-paths), [code](#WP0401), ' +
    '![img](img.png) and [ref].\n\n[ref]: ../README.md\n\n' +
    'In code: `[x](missing.md)` and\n\n```\n[y](missing.md)\n```\n[web](https://example.com/x.md)\n',
  'docs/b.md': '# B\n\n## The part\n',
  'docs/img.png': 'png',
  'README.md': '# R\n\n[docs](docs/a.md)\n',
};

test('good links pass', () => {
  const dir = tree(GOOD);
  const r = check(dir, 'README.md', 'docs/a.md', 'docs/b.md');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /md-links-check: 3 files, 7 links checked/);
});

test('a planted link to a missing file fails', () => {
  const dir = tree({ ...GOOD, 'docs/c.md': '# C\n\nRead [the spec](semantic.md).\n' });
  const r = check(dir, 'docs/c.md');
  assert.equal(r.code, 1);
  assert.match(r.out, /docs\/c\.md:3: link to semantic\.md: semantic\.md does not exist/);
});

test('a planted link to a missing anchor fails', () => {
  const dir = tree({ ...GOOD, 'docs/c.md': '# C\n\n[a](a.md#2-writing-a-path) [b](#nowhere)\n' });
  const r = check(dir, 'docs/c.md');
  assert.equal(r.code, 1);
  assert.match(r.out, /link to a\.md#2-writing-a-path: a\.md has no heading or id "2-writing-a-path"/);
  assert.match(r.out, /link to #nowhere: c\.md has no heading or id "nowhere"/);
});

test('a mention of the specification outside the repository fails', () => {
  const dir = tree({ ...GOOD, 'docs/c.md': '# C\n\nAs js-api.md says.\n\nSee ../shared/spec.\n' });
  const r = check(dir, 'docs/c.md');
  assert.equal(r.code, 1);
  assert.match(r.out, /docs\/c\.md:3: mentions js-api\.md/);
  assert.match(r.out, /docs\/c\.md:5: mentions \.\.\/shared/);
});

test('a package citing a file it does not ship fails; one citing its own files passes', () => {
  const good = tree({ 'pkg/README.md': '# p\n', 'pkg/index.js': '// README.md describes the API\n' });
  assert.equal(check(good, '--package', 'pkg').code, 0);
  const bad = tree({ 'pkg/README.md': '# p\n\n[x](docs/package.md)\n', 'pkg/index.js': '// see docs/internals.md\n' });
  const r = check(bad, '--package', 'pkg');
  assert.equal(r.code, 1);
  assert.match(r.out, /pkg\/README\.md:3: link to docs\/package\.md: docs\/package\.md does not exist/);
  assert.match(r.out, /pkg\/index\.js:1: cites docs\/internals\.md, which is not a file of the package/);
});

test('the repository passes (docs/*.md and README.md)', () => {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`);
  const r = check(ROOT, 'README.md', ...docs);
  assert.equal(r.code, 0, r.out);
});
