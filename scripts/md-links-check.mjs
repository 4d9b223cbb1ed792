// md-links-check.mjs — the docs stand alone (`make md-links-check`).
//
//   node scripts/md-links-check.mjs [--package DIR] FILE.md...
//
// For each markdown FILE: every relative link — inline `[text](target)`,
// `![alt](target)`, `<a href="target">` and reference definitions
// `[label]: target` — names a file that exists, and its `#anchor`, if any,
// is a heading of that file (GitHub's slugs) or an `id="..."` in it.  Links
// inside code (fenced blocks and `inline code`) are not links.  No FILE
// mentions `js-api.md` or `../shared` (the specification outside the
// repository).
//
// With --package DIR (a package written by `wpc build`): the same for its
// README.md, and every `NAME.md` any of its files mentions must be a file of
// the package itself: a package cites only what ships in it.
//
// Prints one line per problem, "md-links-check: N files, M links checked"
// when there is none; exits 1 on any problem, 2 on a usage error.
import fs from 'node:fs';
import path from 'node:path';

const FORBIDDEN = ['js-api.md', '../shared'];

const problems = [];
let nlinks = 0, nfiles = 0;

// GitHub's heading anchors: lower case, punctuation dropped (except - and _),
// spaces to -, repeated headings numbered -1, -2, ...
function slugs(text) {
  const out = new Set(), seen = new Map();
  let fence = null;
  for (const line of text.split('\n')) {
    const f = /^\s*(```+|~~~+)/.exec(line);
    if (f) { fence = fence ? (line.trim().startsWith(fence) ? null : fence) : f[1]; continue; }
    if (fence) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    let s = h[1].replace(/<[^>]*>/g, '').replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    out.add(n ? `${s}-${n}` : s);
  }
  for (const m of text.matchAll(/\b(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

// The text with code removed (fenced blocks, inline spans), line count kept.
function withoutCode(text) {
  let fence = null;
  return text.split('\n').map(line => {
    const f = /^\s*(```+|~~~+)/.exec(line);
    if (f) { fence = fence ? (line.trim().startsWith(fence) ? null : fence) : f[1]; return ''; }
    if (fence) return '';
    return line.replace(/(`+)[\s\S]*?\1/g, m => ' '.repeat(m.length));
  }).join('\n');
}

function links(text) {
  const out = [];
  const prose = withoutCode(text);
  prose.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], line: i + 1 });
    for (const m of line.matchAll(/<a\s[^>]*href="([^"]+)"/g)) out.push({ target: m[1], line: i + 1 });
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line);
    if (def) out.push({ target: def[1], line: i + 1 });
  });
  return out;
}

const slugCache = new Map();
function anchorsOf(file) {
  if (!slugCache.has(file)) slugCache.set(file, slugs(fs.readFileSync(file, 'utf8')));
  return slugCache.get(file);
}

function checkFile(file, shown = file) {
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { problems.push(`${shown}: cannot read: ${e.message}`); return; }
  nfiles++;
  text.split('\n').forEach((line, i) => {
    for (const word of FORBIDDEN)
      if (line.includes(word)) problems.push(`${shown}:${i + 1}: mentions ${word}, a document outside the repository`);
  });
  for (const { target, line } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:, ...
    nlinks++;
    const hash = target.indexOf('#');
    const rel = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const dest = rel ? path.resolve(path.dirname(file), rel) : file;
    if (!fs.existsSync(dest)) { problems.push(`${shown}:${line}: link to ${target}: ${rel} does not exist`); continue; }
    if (anchor === null || anchor === '') continue;
    if (!dest.endsWith('.md') || fs.statSync(dest).isDirectory()) continue;
    if (!anchorsOf(dest).has(anchor))
      problems.push(`${shown}:${line}: link to ${target}: ${rel || path.basename(file)} has no heading or id "${anchor}"`);
  }
}

function checkPackage(dir) {
  let names;
  try { names = fs.readdirSync(dir).sort(); } catch (e) { problems.push(`${dir}: cannot list: ${e.message}`); return; }
  if (names.includes('README.md')) checkFile(path.join(dir, 'README.md'));
  else problems.push(`${dir}: the package has no README.md`);
  for (const name of names) {
    if (name.endsWith('.wasm')) continue;
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    nfiles++;
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/[\w./-]*\b[\w-]+\.md\b/g)) {
        const cited = m[0].replace(/^\.\//, '');
        if (!names.includes(cited))
          problems.push(`${file}:${i + 1}: cites ${m[0]}, which is not a file of the package`);
      }
      if (name !== 'README.md')
        for (const word of FORBIDDEN)
          if (line.includes(word)) problems.push(`${file}:${i + 1}: mentions ${word}, a document outside the repository`);
    });
  }
}

const args = process.argv.slice(2);
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--package') {
    if (i + 1 >= args.length) { console.error('md-links-check: --package needs a directory'); process.exit(2); }
    checkPackage(args[++i]);
  } else files.push(args[i]);
}
if (!files.length && !args.includes('--package')) {
  console.error('usage: node scripts/md-links-check.mjs [--package DIR] FILE.md...');
  process.exit(2);
}
for (const f of files) checkFile(f);
for (const p of problems) console.log(p);
if (problems.length) {
  console.log(`md-links-check: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log(`md-links-check: ${nfiles} files, ${nlinks} links checked`);
