// corpus.mjs WPC WPC_ASAN — the end-to-end corpus of wpc (see docs/testing.md).
//
// Run through tests/run-corpus.sh (which adds tests/run-fmt.sh and prints the
// final tally); it can also be run alone from any directory:
//
//   node tests/corpus.mjs build/wpc build/asan/wpc
//   UPDATE=1 node tests/corpus.mjs build/wpc build/asan/wpc   # rewrite render goldens
//   ONLY=suppression node tests/corpus.mjs build/wpc build/asan/wpc  # some cases only
//
// Sections:
//   1. tests/diag/*.wp: `wpc lint --format=json` reports exactly the
//      diagnostics written inline as `// expect: LEVEL[CODE] [FILE:]LINE:COL`
//      (with ` help: TEXT` at the end, the diagnostic's help is TEXT);
//      every code of compiler/diag_codes.def is expected somewhere.
//   2. the same files through the sanitized build: exit < 2, empty stderr,
//      the same output.
//   3. tests/render/*.wp: `wpc lint --color=never` stderr equals X.txt.
//   4. the JSON output's fields and types, the text output agrees with it,
//      SARIF 2.1.0 structure.
//   5. CLI behaviour: exit codes, colours, help, version, explain, build,
//      the examples.
//
// Node 20, no npm packages. Prints one block per failure, then
// "corpus: N passed, M failed" as its last line; exits 1 on any failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv.length !== 4) {
  console.error('usage: node tests/corpus.mjs path/to/wpc path/to/asan/wpc');
  process.exit(2);
}
const WPC = path.resolve(process.argv[2]);
const WPC_ASAN = path.resolve(process.argv[3]);
process.chdir(ROOT);        // diagnostics name files relative to the repository root
const UPDATE = process.env.UPDATE === '1';
// ONLY=regex: run only the diag and render cases whose path matches (and
// skip the CLI section and the coverage check) — for working on one case.
const ONLY = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const VERSION = '0.1.0';
const TIMEOUT_MS = 120000;   // per bash worker (a few hundred commands)

// ---- bookkeeping ---------------------------------------------------------------

let passed = 0, failed = 0;
const failures = [];
function pass() { passed++; }
function fail(title, details = []) {
  failed++;
  failures.push({ title, details: [].concat(details) });
}
function check(cond, title, details) { cond ? pass() : fail(title, details); return cond; }
function indent(text, n = 4) {
  const pad = ' '.repeat(n);
  return String(text).replace(/\n$/, '').split('\n').map(l => pad + l).join('\n');
}
function short(s, n = 2000) {
  s = String(s);
  return s.length > n ? s.slice(0, n) + `\n… (${s.length - n} more characters)` : s;
}

// ---- running wpc -----------------------------------------------------------------

// Spawning from node costs tens of milliseconds per process; a shell costs a
// few.  So run() only queues a command; once the current tick has queued
// everything it can, flush() hands the queue to JOBS bash workers, each
// running its share one after the other (stdin from /dev/null), and
// resolves every promise from the files they wrote.  A worker that takes
// longer than TIMEOUT_MS is killed; its unfinished commands fail.
const queue = [];
let flushScheduled = false;
function run(bin, args, env = {}) {
  return new Promise(resolve => {
    queue.push({ bin, args, env, resolve });
    if (!flushScheduled) { flushScheduled = true; setImmediate(flush); }
  });
}

const shq = s => "'" + String(s).replace(/'/g, "'\\''") + "'";
const shellEnv = { ...process.env };
delete shellEnv.NO_COLOR;
// Leak checking costs ~0.1 s per run: it is on for the corpus's lint runs
// (section 2) and off for the other sanitized runs, unless ASAN_OPTIONS says.
const LEAKS = process.env.ASAN_OPTIONS ? {} : { ASAN_OPTIONS: 'detect_leaks=1' };
const NO_LEAKS = process.env.ASAN_OPTIONS ? {} : { ASAN_OPTIONS: 'detect_leaks=0' };
shellEnv.UBSAN_OPTIONS = process.env.UBSAN_OPTIONS ?? 'print_stacktrace=1:halt_on_error=1';

async function flush() {
  flushScheduled = false;
  const jobs = queue.splice(0);
  if (!jobs.length) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-corpus-run-'));
  const n = Math.min(JOBS, jobs.length);
  const scripts = Array.from({ length: n }, () => []);
  const out = (i, ext) => shq(path.join(dir, `${i}.${ext}`));
  jobs.forEach((j, i) => scripts[i % n].push(
    Object.entries(j.env).map(([k, v]) => `${k}=${shq(v)} `).join('') +
    `${[j.bin, ...j.args].map(shq).join(' ')} </dev/null ` +
    `>${out(i, 'out')} 2>${out(i, 'err')}; echo $? >${out(i, 'rc')}`));
  let timedOut = false;
  await Promise.all(scripts.map((lines, k) => new Promise(done => {
    const file = path.join(dir, `worker${k}.sh`);
    fs.writeFileSync(file, `cd ${shq(ROOT)} || exit 2\n${lines.join('\n')}\n`);
    const p = spawn('bash', [file], { cwd: ROOT, env: shellEnv, stdio: 'ignore', detached: true });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-p.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, TIMEOUT_MS);
    p.on('close', () => { clearTimeout(timer); done(); });
    p.on('error', () => { clearTimeout(timer); done(); });
  })));
  jobs.forEach((j, i) => {
    const read = ext => { try { return fs.readFileSync(path.join(dir, `${i}.${ext}`), 'utf8'); } catch { return null; } };
    const rc = read('rc');
    const status = rc === null ? -1 : parseInt(rc, 10);
    const r = { code: status, signal: null, timedOut: false, stdout: read('out') ?? '', stderr: read('err') ?? '' };
    // reading as 'utf8' replaces bad bytes silently: keep whether there were any
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(path.join(dir, `${i}.out`)));
      r.stdoutUtf8 = true;
    } catch { r.stdoutUtf8 = false; }
    if (rc === null && timedOut) { r.timedOut = true; r.code = -2; }
    else if (status > 128) r.signal = `signal ${status - 128}`;
    j.resolve(r);
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

function describeRun(r) {
  const how = r.timedOut ? `not finished: its worker was killed after ${TIMEOUT_MS} ms`
    : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  const parts = [how];
  if (r.stdout) parts.push('stdout:\n' + indent(short(r.stdout), 2));
  if (r.stderr) parts.push('stderr:\n' + indent(short(r.stderr), 2));
  return parts.join('\n');
}

// A small pool: the corpus runs a few hundred short processes.
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
const JOBS = Math.max(2, Math.min(16, os.cpus().length + 1));

// ---- the table of codes (compiler/diag_codes.def) --------------------------------

function readCodes() {
  const text = fs.readFileSync('compiler/diag_codes.def', 'utf8');
  const re = /^DIAG\((WP\d{4}),\s*(\w+),\s*(ERROR|WARNING|NOTE),\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"/gm;
  const codes = new Map();
  for (let m; (m = re.exec(text));) {
    codes.set(m[1], {
      code: m[1], level: m[3].toLowerCase(), category: m[4],
      title: JSON.parse('"' + m[5] + '"'),
    });
  }
  return codes;
}
const CODES = readCodes();
const CATEGORY_OF_RANGE = {
  '01': 'lexical', '02': 'syntax', '03': 'imports', '04': 'types', '05': 'rules',
  '06': 'cycles', '10': 'lint',
};

// ---- expectations ------------------------------------------------------------------

const EXPECT_ANY = /\/\/\s*expect\s*:/;
// An expectation may end with ` help: TEXT`: the diagnostic's help line
// must then be exactly TEXT.
const EXPECT = /\/\/\s*expect:\s*(error|warning)\[(WP\d{4})\]\s+(?:(\S+):)?(\d+):(\d+)(?:\s+help:\s+(.*?))?\s*$/;

function parseExpectations(file) {
  const text = fs.readFileSync(file, 'utf8');
  const expectations = [], malformed = [];
  text.split('\n').forEach((line, i) => {
    if (!EXPECT_ANY.test(line)) return;
    const m = EXPECT.exec(line.replace(/\r$/, ''));
    if (!m) { malformed.push(`line ${i + 1}: ${line.trim()}`); return; }
    const target = m[3] ? path.resolve(path.dirname(file), m[3]) : path.resolve(file);
    expectations.push({
      level: m[1], code: m[2], file: target, line: +m[4], column: +m[5], help: m[6],
      shown: m[3] ? `${m[3]}:${m[4]}:${m[5]}` : `${m[4]}:${m[5]}`,
    });
  });
  return { expectations, malformed };
}

// The file a diagnostic names, as an absolute path.  wpc names the root file
// as given on the command line; an imported file may be named relative to
// the root's directory or to the working directory: accept either.
function diagFileMatches(diagFile, absExpected, caseDir) {
  if (typeof diagFile !== 'string') return false;
  return path.resolve(ROOT, diagFile) === absExpected || path.resolve(caseDir, diagFile) === absExpected;
}

// ---- JSON and SARIF structure -------------------------------------------------------

const isInt = v => Number.isInteger(v);
const isPosInt = v => Number.isInteger(v) && v >= 1;

function locationProblems(o, where) {
  const p = [];
  if (typeof o.file !== 'string' || !o.file) p.push(`${where}: file must be a non-empty string`);
  for (const k of ['line', 'column', 'end_line', 'end_column'])
    if (!isPosInt(o[k])) p.push(`${where}: ${k} must be an integer >= 1 (got ${JSON.stringify(o[k])})`);
  if (isPosInt(o.line) && isPosInt(o.end_line) &&
      (o.end_line < o.line || (o.end_line === o.line && o.end_column < o.column)))
    p.push(`${where}: the end ${o.end_line}:${o.end_column} is before the start ${o.line}:${o.column}`);
  return p;
}

function jsonProblems(doc) {
  const p = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return ['the output is not a JSON object'];
  if (doc.tool !== 'wpc') p.push(`tool must be "wpc" (got ${JSON.stringify(doc.tool)})`);
  if (doc.version !== VERSION) p.push(`version must be "${VERSION}" (got ${JSON.stringify(doc.version)})`);
  if (!Array.isArray(doc.diagnostics)) return p.concat('diagnostics must be an array');
  if (!isInt(doc.errors) || doc.errors < 0) p.push('errors must be a non-negative integer');
  if (!isInt(doc.warnings) || doc.warnings < 0) p.push('warnings must be a non-negative integer');
  let errors = 0, warnings = 0;
  doc.diagnostics.forEach((d, i) => {
    const w = `diagnostics[${i}]`;
    if (!d || typeof d !== 'object') { p.push(`${w} is not an object`); return; }
    const info = CODES.get(d.code);
    if (typeof d.code !== 'string' || !info) p.push(`${w}: code ${JSON.stringify(d.code)} is not in diag_codes.def`);
    if (d.level !== 'error' && d.level !== 'warning') p.push(`${w}: level must be error or warning (got ${JSON.stringify(d.level)})`);
    if (d.level === 'error') errors++;
    if (d.level === 'warning') warnings++;
    if (info && d.level !== info.level) p.push(`${w}: ${d.code} is reported as ${d.level}, its level is ${info.level}`);
    if (info && d.category !== info.category) p.push(`${w}: category ${JSON.stringify(d.category)}, diag_codes.def says "${info.category}"`);
    if (typeof d.code === 'string' && CATEGORY_OF_RANGE[d.code.slice(2, 4)] && d.category !== CATEGORY_OF_RANGE[d.code.slice(2, 4)])
      p.push(`${w}: category ${JSON.stringify(d.category)} does not fit the range of ${d.code}`);
    if (typeof d.message !== 'string' || !d.message.trim()) p.push(`${w}: message must be a non-empty string`);
    else if (/\n/.test(d.message)) p.push(`${w}: message contains a newline`);
    p.push(...locationProblems(d, w));
    if ('help' in d && (typeof d.help !== 'string' || !d.help.trim() || /\n/.test(d.help)))
      p.push(`${w}: help must be a non-empty string of one line`);
    if ('fix' in d) {
      if (!('help' in d)) p.push(`${w}: a fix without a help line`);
      if (!d.fix || typeof d.fix !== 'object') p.push(`${w}: fix must be an object`);
      else {
        if (typeof d.fix.replacement !== 'string') p.push(`${w}: fix.replacement must be a string`);
        const f = { ...d.fix };
        p.push(...locationProblems(f, `${w}.fix`));
      }
    }
    if (!Array.isArray(d.notes)) { p.push(`${w}: notes must be an array`); return; }
    d.notes.forEach((n, k) => {
      const nw = `${w}.notes[${k}]`;
      if (!n || typeof n !== 'object') { p.push(`${nw} is not an object`); return; }
      if (typeof n.message !== 'string' || !n.message.trim()) p.push(`${nw}: message must be a non-empty string`);
      if ('file' in n || 'line' in n) p.push(...locationProblems(n, nw));
    });
  });
  if (isInt(doc.errors) && doc.errors !== errors) p.push(`errors is ${doc.errors} but ${errors} diagnostics are errors`);
  if (isInt(doc.warnings) && doc.warnings !== warnings) p.push(`warnings is ${doc.warnings} but ${warnings} diagnostics are warnings`);
  return p;
}

function sarifPhysicalProblems(pl, where) {
  const p = [];
  if (!pl || typeof pl !== 'object') return [`${where}: physicalLocation missing`];
  const uri = pl.artifactLocation && pl.artifactLocation.uri;
  if (typeof uri !== 'string' || !uri) p.push(`${where}: artifactLocation.uri must be a non-empty string`);
  else if (uri.startsWith('/') || /^[A-Za-z]:[\\/]/.test(uri) || uri.startsWith('file:'))
    p.push(`${where}: artifactLocation.uri must be relative (got ${JSON.stringify(uri)})`);
  const r = pl.region;
  if (!r || typeof r !== 'object') p.push(`${where}: region missing`);
  else {
    if (!isPosInt(r.startLine)) p.push(`${where}: region.startLine must be an integer >= 1`);
    if (!isPosInt(r.startColumn)) p.push(`${where}: region.startColumn must be an integer >= 1`);
    for (const k of ['endLine', 'endColumn'])
      if (k in r && !isPosInt(r[k])) p.push(`${where}: region.${k} must be an integer >= 1`);
  }
  return p;
}

function sarifProblems(doc, jsonDoc) {
  const p = [];
  if (!doc || typeof doc !== 'object') return ['the output is not a JSON object'];
  if (doc.version !== '2.1.0') p.push(`version must be "2.1.0" (got ${JSON.stringify(doc.version)})`);
  if (!Array.isArray(doc.runs) || doc.runs.length !== 1) return p.concat('runs must be an array of one run');
  const run = doc.runs[0];
  const driver = run && run.tool && run.tool.driver;
  if (!driver) return p.concat('runs[0].tool.driver missing');
  if (driver.name !== 'wpc') p.push(`runs[0].tool.driver.name must be "wpc" (got ${JSON.stringify(driver.name)})`);
  if (!Array.isArray(driver.rules)) return p.concat('runs[0].tool.driver.rules must be an array');
  const ids = driver.rules.map(r => r && r.id);
  for (const code of CODES.keys()) if (!ids.includes(code)) p.push(`driver.rules has no rule ${code}`);
  if (!Array.isArray(run.results)) return p.concat('runs[0].results must be an array');
  run.results.forEach((r, i) => {
    const w = `results[${i}]`;
    if (typeof r.ruleId !== 'string' || !ids.includes(r.ruleId)) p.push(`${w}: ruleId ${JSON.stringify(r.ruleId)} is not in driver.rules`);
    else if (!isInt(r.ruleIndex) || ids[r.ruleIndex] !== r.ruleId)
      p.push(`${w}: ruleIndex ${JSON.stringify(r.ruleIndex)} does not point at ${r.ruleId}`);
    if (!['error', 'warning', 'note'].includes(r.level)) p.push(`${w}: level ${JSON.stringify(r.level)} is not error, warning or note`);
    if (!r.message || typeof r.message.text !== 'string' || !r.message.text) p.push(`${w}: message.text must be a non-empty string`);
    if (!Array.isArray(r.locations) || !r.locations.length) p.push(`${w}: locations must hold a location`);
    else p.push(...sarifPhysicalProblems(r.locations[0].physicalLocation, `${w}.locations[0]`));
    (r.relatedLocations ?? []).forEach((rl, k) =>
      p.push(...sarifPhysicalProblems(rl && rl.physicalLocation, `${w}.relatedLocations[${k}]`)));
    (r.fixes ?? []).forEach((fx, k) => {
      const fw = `${w}.fixes[${k}]`;
      if (!fx?.description || typeof fx.description.text !== 'string' || !fx.description.text) p.push(`${fw}: description.text missing`);
      const ch = fx?.artifactChanges;
      if (!Array.isArray(ch) || ch.length !== 1) { p.push(`${fw}: artifactChanges must hold one change`); return; }
      if (typeof ch[0].artifactLocation?.uri !== 'string') p.push(`${fw}: artifactLocation.uri missing`);
      const rep = ch[0].replacements;
      if (!Array.isArray(rep) || rep.length !== 1) { p.push(`${fw}: replacements must hold one replacement`); return; }
      const reg = rep[0].deletedRegion;
      if (!reg || !isPosInt(reg.startLine) || !isPosInt(reg.startColumn) || !isPosInt(reg.endLine) || !isPosInt(reg.endColumn))
        p.push(`${fw}: deletedRegion needs startLine, startColumn, endLine, endColumn`);
      if (typeof rep[0].insertedContent?.text !== 'string') p.push(`${fw}: insertedContent.text must be a string`);
    });
  });
  if (jsonDoc && Array.isArray(jsonDoc.diagnostics)) {
    const a = jsonDoc.diagnostics.map(d => `${d.code}@${d.line}:${d.column}`).join(' ');
    const b = run.results.map(r => {
      const reg = r.locations?.[0]?.physicalLocation?.region ?? {};
      return `${r.ruleId}@${reg.startLine}:${reg.startColumn}`;
    }).join(' ');
    if (a !== b) p.push(`SARIF results differ from the JSON diagnostics:\n  json:  ${a}\n  sarif: ${b}`);
    // the help of each diagnostic is a related location's message, its fix a SARIF fix
    jsonDoc.diagnostics.forEach((d, i) => {
      const r = run.results[i];
      if (!r) return;
      const msgs = (r.relatedLocations ?? []).map(rl => rl?.message?.text);
      if (d.help && !msgs.includes(d.help) && r.properties?.help !== d.help)
        p.push(`results[${i}]: the help ${JSON.stringify(d.help)} is not among the related locations`);
      const fx = r.fixes?.[0]?.artifactChanges?.[0]?.replacements?.[0];
      if (d.fix && (!fx || fx.insertedContent?.text !== d.fix.replacement ||
                    fx.deletedRegion?.startLine !== d.fix.line || fx.deletedRegion?.startColumn !== d.fix.column ||
                    fx.deletedRegion?.endLine !== d.fix.end_line || fx.deletedRegion?.endColumn !== d.fix.end_column))
        p.push(`results[${i}]: the SARIF fix differs from the JSON fix`);
      if (!d.fix && r.fixes) p.push(`results[${i}]: a SARIF fix the JSON does not have`);
    });
  }
  return p;
}

// The text rendering says the same as the JSON one: one header line per
// diagnostic in the same order, and the summary line.
const HEADER = /^(.+?):(\d+):(\d+): (error|warning)\[(WP\d{4})\]: (.*)$/;
function textProblems(text, doc) {
  const p = [];
  if (!doc || !Array.isArray(doc.diagnostics)) return p;
  const headers = text.split('\n').filter(l => HEADER.test(l)).map(l => {
    const m = HEADER.exec(l);
    return `${m[1]}:${m[2]}:${m[3]}: ${m[4]}[${m[5]}]: ${m[6]}`;
  });
  const want = doc.diagnostics.map(d => `${d.file}:${d.line}:${d.column}: ${d.level}[${d.code}]: ${d.message}`);
  if (headers.join('\n') !== want.join('\n'))
    p.push('the text headers differ from the JSON diagnostics:\n' +
      indent('text:\n' + indent(headers.join('\n') || '(none)', 2), 2) + '\n' +
      indent('json:\n' + indent(want.join('\n') || '(none)', 2), 2));
  // every help line is shown; the first error, and only it, names `wpc explain`
  const helps = text.split('\n').filter(l => l.startsWith('  = help: ')).map(l => l.slice(10));
  const wantHelps = doc.diagnostics.filter(d => d.help).map(d => d.help);
  if (helps.join('\n') !== wantHelps.join('\n'))
    p.push('the text help lines differ from the JSON ones:\n' + indent('text:\n' + indent(helps.join('\n') || '(none)', 2), 2) +
      '\n' + indent('json:\n' + indent(wantHelps.join('\n') || '(none)', 2), 2));
  const explains = text.split('\n').filter(l => /^  = note: `wpc explain WP\d{4}` explains this error/.test(l));
  const firstError = doc.diagnostics.find(d => d.level === 'error');
  if (firstError && (explains.length !== 1 || !explains[0].includes(firstError.code)))
    p.push(`expected one note naming \`wpc explain ${firstError.code}\` (the first error), got ${explains.length}`);
  if (!firstError && explains.length) p.push('a `wpc explain` note without any error');
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
  let summary = '';
  if (doc.errors && doc.warnings) summary = `${plural(doc.errors, 'error')}, ${plural(doc.warnings, 'warning')}`;
  else if (doc.errors) summary = plural(doc.errors, 'error');
  else if (doc.warnings) summary = plural(doc.warnings, 'warning');
  if (summary) {
    const last = text.replace(/\n$/, '').split('\n').pop();
    if (last !== summary) p.push(`the summary line is ${JSON.stringify(last)}, expected ${JSON.stringify(summary)}`);
    if (!text.endsWith('\n')) p.push('the text output does not end with a newline');
  } else if (text !== '') {
    p.push('no diagnostics, but the text output is not empty');
  }
  return p;
}

function parseJson(s) {
  try { return { value: JSON.parse(s) }; } catch (e) { return { error: e.message }; }
}

// ---- 1, 2, 4: the diagnostics corpus ---------------------------------------------------

function listFiles(dir, ext) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter(f => f.endsWith(ext)).sort().map(f => path.join(dir, f))
    .filter(f => !ONLY || ONLY.test(f));
}

function fmtDiag(d) {
  const where = d.file !== undefined ? `${d.line}:${d.column}` : '(no location)';
  return `${d.level}[${d.code}] ${where}  ${d.message}`;
}

async function diagCorpus() {
  const files = listFiles('tests/diag', '.wp');
  if (!ONLY) check(files.length > 0, 'tests/diag has no .wp files');
  const covered = new Map();

  await pool(files, files.length, async file => {
    const name = file;
    const caseDir = path.resolve(path.dirname(file));
    const absFile = path.resolve(file);
    const { expectations, malformed } = parseExpectations(file);
    if (!check(malformed.length === 0, `${name}: malformed expectation comment`, malformed)) return;
    for (const e of expectations) covered.set(e.code, (covered.get(e.code) ?? 0) + 1);

    const [r, rs, rt, ra] = await Promise.all([
      run(WPC, ['lint', '--format=json', '--color=never', file]),
      run(WPC, ['lint', '--format=sarif', '--color=never', file]),
      run(WPC, ['lint', '--color=never', file]),
      fs.existsSync(WPC_ASAN) ? run(WPC_ASAN, ['lint', '--format=json', '--color=never', file], LEAKS) : null,
    ]);

    // 1. expectations
    let doc = null;
    if (r.code !== 0 && r.code !== 1) {
      fail(`${name}: wpc lint did not run to completion`, describeRun(r));
    } else {
      const parsed = parseJson(r.stdout);
      if (parsed.error) {
        fail(`${name}: --format=json output is not JSON (${parsed.error})`, describeRun(r));
      } else {
        doc = parsed.value;
        const got = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
        const unmatched = got.slice();
        const missing = [];
        const helpDiffs = [];
        for (const e of expectations) {
          const i = unmatched.findIndex(d => d.level === e.level && d.code === e.code &&
            d.line === e.line && d.column === e.column && diagFileMatches(d.file, e.file, caseDir));
          if (i >= 0) {
            if (e.help !== undefined && unmatched[i].help !== e.help)
              helpDiffs.push(`${e.level}[${e.code}] ${e.shown}: help ${JSON.stringify(unmatched[i].help ?? null)}, expected ${JSON.stringify(e.help)}`);
            unmatched.splice(i, 1);
          } else missing.push(e);
        }
        const details = [];
        for (const e of missing) {
          const near = got.filter(d => d.code === e.code).map(d =>
            `${d.file === undefined ? '(no location)' : (diagFileMatches(d.file, absFile, caseDir) ? '' : d.file + ':') + d.line + ':' + d.column}`);
          details.push(`expected ${e.level}[${e.code}] ${e.shown}` +
            (near.length ? `   (${e.code} was reported at ${near.join(', ')})` : `   (no ${e.code} reported)`));
        }
        for (const d of unmatched) {
          const other = d.file !== undefined && !diagFileMatches(d.file, absFile, caseDir) ? ` in ${d.file}` : '';
          details.push(`unexpected ${fmtDiag(d)}${other}`);
        }
        check(details.length === 0, `${name}: diagnostics differ from the expectations`, details);
        check(helpDiffs.length === 0, `${name}: help lines differ from the expectations`, helpDiffs);
        const wantExit = doc.errors > 0 ? 1 : 0;
        check(r.code === wantExit, `${name}: exit status ${r.code} with ${doc.errors} errors, expected ${wantExit}`);
        check(r.stderr === '', `${name}: --format=json wrote to stderr`, indent(short(r.stderr), 2));
        check(r.stdoutUtf8, `${name}: --format=json output is not valid UTF-8`);
        // 4. JSON structure
        check(jsonProblems(doc).length === 0, `${name}: JSON output structure`, jsonProblems(doc));
      }
    }

    // 4. SARIF
    if (rs.code !== 0 && rs.code !== 1) {
      fail(`${name}: wpc lint --format=sarif did not run to completion`, describeRun(rs));
    } else {
      const parsed = parseJson(rs.stdout);
      if (check(!parsed.error, `${name}: --format=sarif stdout is not one JSON document (${parsed.error})`, short(rs.stdout, 400))) {
        const probs = sarifProblems(parsed.value, doc);
        check(probs.length === 0, `${name}: SARIF structure`, probs);
        check(rs.stdoutUtf8, `${name}: --format=sarif output is not valid UTF-8`);
      }
      check(rs.code === r.code, `${name}: --format=sarif exits ${rs.code}, --format=json ${r.code}`);
    }

    // 4. text agrees with JSON
    if (rt.code !== 0 && rt.code !== 1) {
      fail(`${name}: wpc lint (text) did not run to completion`, describeRun(rt));
    } else if (doc) {
      check(rt.stdout === '', `${name}: text diagnostics went to stdout`, indent(short(rt.stdout), 2));
      const probs = textProblems(rt.stderr, doc);
      check(probs.length === 0, `${name}: text output`, probs);
    }

    // 2. sanitized build
    if (ra) {
      const ok = (ra.code === 0 || ra.code === 1) && ra.stderr === '';
      if (check(ok, `${name}: sanitized build (exit ${ra.code}${ra.signal ? ', ' + ra.signal : ''})`, describeRun(ra)))
        check(ra.stdout === r.stdout && ra.code === r.code,
          `${name}: the sanitized build's output differs from the plain build's`,
          ['plain:\n' + indent(short(r.stdout, 800), 2), 'asan:\n' + indent(short(ra.stdout, 800), 2)]);
    }
  });
  if (!fs.existsSync(WPC_ASAN)) fail(`sanitized build not found: ${WPC_ASAN}`);

  if (ONLY) return;
  // Codes only `wpc build` reports are pinned by the CLI tests instead, and
  // those of `wpc import` (WP08xx) by tests/run-import.sh.
  const BUILD_ONLY = new Set(['WP0701', 'WP0801', 'WP0802', 'WP0803', 'WP0804', 'WP0805'])
  const uncovered = [...CODES.keys()].filter(c => !covered.has(c) && !BUILD_ONLY.has(c));
  check(uncovered.length === 0, 'codes of diag_codes.def that no tests/diag case expects', uncovered.join(' '));
  const unknown = [...covered.keys()].filter(c => !CODES.has(c));
  check(unknown.length === 0, 'tests/diag expects codes that diag_codes.def does not have', unknown.join(' '));
}

// ---- 3. render goldens -----------------------------------------------------------------

async function renderGoldens() {
  const files = listFiles('tests/render', '.wp');
  await pool(files, files.length, async file => {
    const golden = file.replace(/\.wp$/, '.txt');
    const [r, ra] = await Promise.all([
      run(WPC, ['lint', '--color=never', file]),
      fs.existsSync(WPC_ASAN) ? run(WPC_ASAN, ['lint', '--color=never', file], NO_LEAKS) : null,
    ]);
    if (r.code !== 0 && r.code !== 1) { fail(`${file}: wpc lint did not run to completion`, describeRun(r)); return; }
    check(r.stdout === '', `${file}: text diagnostics went to stdout`, indent(short(r.stdout), 2));
    if (ra) check((ra.code === 0 || ra.code === 1) && ra.stderr === r.stderr,
      `${file}: the sanitized build renders differently (or reports a sanitizer error)`, describeRun(ra));
    if (UPDATE) {
      const old = fs.existsSync(golden) ? fs.readFileSync(golden, 'utf8') : null;
      if (old !== r.stderr) { fs.writeFileSync(golden, r.stderr); console.log(`updated ${golden}`); }
      pass();
      return;
    }
    if (!fs.existsSync(golden)) { fail(`${file}: no ${golden} (UPDATE=1 tests/run-corpus.sh … creates it)`); return; }
    const want = fs.readFileSync(golden, 'utf8');
    check(want === r.stderr, `${file}: rendered text differs from ${golden}`, unifiedDiff(want, r.stderr));
  });
}

// A plain line diff, enough to see what moved.
function unifiedDiff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  const n = x.length, m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = ['--- golden', '+++ got'];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push('  ' + x[i]); i++; j++; }
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push('+ ' + y[j]); j++; }
    else { out.push('- ' + x[i]); i++; }
  }
  return out.join('\n').replace(/\x1b/g, '\\e');
}

// ---- 5. the command line -------------------------------------------------------------

async function cli(validFiles) {
  const ERR = 'tests/diag/path-unknown.wp';           // errors
  const WARN = 'tests/diag/lint-field-no-concern.wp'; // warnings only
  const OK = 'tests/diag/valid-fields.wp';            // clean
  const MISSING = 'tests/diag/no-such-file.wp';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-corpus-'));
  const cases = [];
  const t = (title, bin, args, verify) => cases.push({ title, bin, args, verify });
  const exitIs = want => r => r.code === want || `expected exit ${want}`;
  const and = (...fs_) => r => {
    for (const f of fs_) { const v = f(r); if (v !== true) return v; }
    return true;
  };
  const stdoutEmpty = r => r.stdout === '' || 'expected nothing on stdout';
  const stderrEmpty = r => r.stderr === '' || 'expected nothing on stderr';
  const stderrSays = r => r.stderr.trim() !== '' || 'expected a message on stderr';

  // version and help
  t('wpc --version', WPC, ['--version'], and(exitIs(0), r => r.stdout === `wpc ${VERSION}\n` || `expected "wpc ${VERSION}"`));
  t('wpc --help', WPC, ['--help'], and(exitIs(0), r => /Usage/.test(r.stdout) || 'expected usage on stdout'));
  t('wpc help lint', WPC, ['help', 'lint'], and(exitIs(0), r => /wpc lint/.test(r.stdout) || 'expected lint help'));
  t('wpc (no arguments)', WPC, [], and(exitIs(2), stderrSays));
  t('wpc frobnicate (unknown command)', WPC, ['frobnicate'], and(exitIs(2), stderrSays, r => /frobnicate/.test(r.stderr) || 'expected the command named'));
  for (const cmd of ['lint', 'fmt', 'build', 'explain']) {
    t(`wpc ${cmd} --help`, WPC, [cmd, '--help'], and(exitIs(0), r => r.stdout.startsWith(`Usage: wpc ${cmd}`) || `expected "Usage: wpc ${cmd}" on stdout`));
    t(`wpc ${cmd} -h`, WPC, [cmd, '-h'], exitIs(0));
  }

  // lint exit codes
  t('lint of a clean file exits 0 and prints nothing', WPC, ['lint', OK], and(exitIs(0), stdoutEmpty, stderrEmpty));
  t('lint of a file with errors exits 1', WPC, ['lint', '--color=never', ERR], and(exitIs(1), stdoutEmpty, stderrSays));
  t('lint of a file with warnings only exits 0', WPC, ['lint', '--color=never', WARN], and(exitIs(0), stderrSays));
  t('lint --fail-level=warning with warnings exits 1', WPC, ['lint', '--color=never', '--fail-level=warning', WARN], exitIs(1));
  t('lint --fail-level warning (separate value) exits 1', WPC, ['lint', '--color=never', '--fail-level', 'warning', WARN], exitIs(1));
  t('lint --fail-level=warning of a clean file exits 0', WPC, ['lint', '--fail-level=warning', OK], exitIs(0));
  t('lint --fail-level=error with warnings exits 0', WPC, ['lint', '--color=never', '--fail-level=error', WARN], exitIs(0));
  // --max-diagnostics (docs/cli.md): the text shows the first N, then one
  // line counting the rest; the summary, JSON and the exit status count all.
  // MANY: 149 duplicate-rule warnings, then one error (last, so hidden).
  const MANY = path.join(tmp, 'many.wp');
  fs.writeFileSync(MANY, 'state { a: string, b: string }\n' + 'sync a <-> b\n'.repeat(150) + 'sync a <-> zz\n');
  const shown = r => (r.stderr.match(/^\S+:\d+:\d+: (error|warning)\[/gm) || []).length;
  const limited = (n, more) => r => {
    if (shown(r) !== n) return `expected ${n} diagnostics shown, got ${shown(r)}`;
    if (!more) return !/more diagnostic/.test(r.stderr) || 'unexpected "more diagnostics" line';
    const tail = `\nwpc: ${more} more diagnostic${more === 1 ? '' : 's'} not shown (--max-diagnostics=${n}; 0 shows all)\n1 error, 149 warnings\n`;
    return r.stderr.endsWith(tail) || `expected stderr to end with ${JSON.stringify(tail)}`;
  };
  t('lint shows 100 diagnostics by default', WPC, ['lint', '--color=never', MANY], and(exitIs(1), limited(100, 50)));
  t('lint --max-diagnostics=3', WPC, ['lint', '--color=never', '--max-diagnostics=3', MANY], and(exitIs(1), limited(3, 147)));
  t('lint --max-diagnostics 149 (separate value)', WPC, ['lint', '--color=never', '--max-diagnostics', '149', MANY], and(exitIs(1), limited(149, 1)));
  t('lint --max-diagnostics=0 shows all', WPC, ['lint', '--color=never', '--max-diagnostics=0', MANY], and(exitIs(1), limited(150, 0)));
  t('lint --max-diagnostics leaves JSON whole', WPC, ['lint', '--format=json', '--max-diagnostics=3', MANY], and(exitIs(1), stderrEmpty, r => {
    const p = parseJson(r.stdout);
    return (!p.error && p.value.diagnostics.length === 150 && p.value.errors === 1) || 'expected all 150 diagnostics in the JSON';
  }));
  t('lint --max-diagnostics=x exits 2', WPC, ['lint', '--max-diagnostics=x', OK], and(exitIs(2), stderrSays));
  t('lint --max-diagnostics=-1 exits 2', WPC, ['lint', '--max-diagnostics=-1', OK], and(exitIs(2), stderrSays));
  t('lint of a missing file exits 2', WPC, ['lint', MISSING], and(exitIs(2), stderrSays, stdoutEmpty));
  t('lint --format=json of a missing file exits 2', WPC, ['lint', '--format=json', MISSING], and(exitIs(2), stderrSays));
  t('lint with an unknown option exits 2', WPC, ['lint', '--frobnicate', OK], and(exitIs(2), stderrSays));
  t('lint without a file exits 2', WPC, ['lint'], and(exitIs(2), stderrSays));
  t('lint of two files exits 2', WPC, ['lint', OK, WARN], and(exitIs(2), stderrSays));
  t('lint --format=xml exits 2', WPC, ['lint', '--format=xml', OK], and(exitIs(2), stderrSays));
  t('lint --color=sometimes exits 2', WPC, ['lint', '--color=sometimes', OK], and(exitIs(2), stderrSays));
  t('lint --fail-level=note exits 2', WPC, ['lint', '--fail-level=note', OK], and(exitIs(2), stderrSays));
  t('lint of a directory exits 2', WPC, ['lint', 'tests/diag'], and(exitIs(2), stderrSays));
  t('lint --format=json of a clean file', WPC, ['lint', '--format=json', OK], and(exitIs(0), stderrEmpty, r => {
    const p = parseJson(r.stdout);
    if (p.error) return 'stdout is not JSON';
    const d = p.value;
    return (Array.isArray(d.diagnostics) && d.diagnostics.length === 0 && d.errors === 0 && d.warnings === 0 && d.tool === 'wpc') ||
      'expected {"tool":"wpc",…,"diagnostics":[],"errors":0,"warnings":0}';
  }));
  t('lint --format=sarif of a clean file', WPC, ['lint', '--format=sarif', OK], and(exitIs(0), stderrEmpty, r => {
    const p = parseJson(r.stdout);
    if (p.error) return 'stdout is not JSON';
    const probs = sarifProblems(p.value, null);
    return probs.length === 0 || probs.join('; ');
  }));

  // colour
  t('--color=always emits ANSI escapes', WPC, ['lint', '--color=always', ERR], and(exitIs(1), r => /\x1b\[[0-9;]*m/.test(r.stderr) || 'no ANSI escape in stderr'));
  t('--color=never emits no ANSI escapes', WPC, ['lint', '--color=never', ERR], and(exitIs(1), r => !/\x1b/.test(r.stderr) || 'ANSI escape in stderr'));
  t('--color=auto emits no ANSI escapes into a pipe', WPC, ['lint', '--color=auto', ERR], and(exitIs(1), r => !/\x1b/.test(r.stderr) || 'ANSI escape in stderr'));
  t('--color always (separate value) emits ANSI escapes', WPC, ['lint', '--color', 'always', WARN], r => /\x1b\[/.test(r.stderr) || 'no ANSI escape in stderr');
  t('--color=always does not colour JSON', WPC, ['lint', '--color=always', '--format=json', ERR], and(exitIs(1), r => !/\x1b/.test(r.stdout) || 'ANSI escape in JSON'));

  // explain
  const list = [...CODES.values()];
  t('explain WP0401', WPC, ['explain', 'WP0401'], and(exitIs(0), r => {
    const i = CODES.get('WP0401');
    return r.stdout.startsWith(`WP0401 (${i.level}, ${i.category}): ${i.title}\n`) || 'expected "WP0401 (error, types): path not in the state" first';
  }, r => /Fix:/.test(r.stdout) || 'expected the fix'));
  t('explain wp0401 (lower case)', WPC, ['explain', 'wp0401'], and(exitIs(0), r => r.stdout.startsWith('WP0401 ') || 'expected the entry'));
  t('explain WP9999 exits 2', WPC, ['explain', 'WP9999'], and(exitIs(2), stderrSays, stdoutEmpty));
  t('explain without a code exits 2', WPC, ['explain'], and(exitIs(2), stderrSays));
  t('explain --list lists every code in order', WPC, ['explain', '--list'], and(exitIs(0), r => {
    const got = r.stdout.trim().split('\n').map(l => l.split(/\s+/)[0]);
    return got.join(' ') === list.map(i => i.code).join(' ') || `listed: ${got.join(' ')}`;
  }));
  t('explain --all --markdown', WPC, ['explain', '--all', '--markdown'], and(exitIs(0), r => r.stdout.startsWith('# Diagnostics') || 'expected "# Diagnostics" first',
    r => list.every(i => r.stdout.includes(`## ${i.code} — ${i.title}`)) || 'a code is missing'));
  for (const i of list)
    t(`explain ${i.code}`, WPC, ['explain', i.code], and(exitIs(0), r => r.stdout.startsWith(`${i.code} (${i.level}, ${i.category}): ${i.title}\n`) || 'unexpected first line'));

  // build
  t('build --emit ir of a clean file', WPC, ['build', OK, '--emit', 'ir'], and(exitIs(0), r => r.stdout.startsWith('; wpc IR') || 'stdout does not start with "; wpc IR"'));
  t('build (default emit) of a clean file', WPC, ['build', OK], and(exitIs(0), r => r.stdout.startsWith('; wpc IR') || 'stdout does not start with "; wpc IR"'));
  t('build --emit=json of a clean file', WPC, ['build', OK, '--emit=json'], and(exitIs(0), irJsonOk));
  t('build of a file with errors exits 1, nothing on stdout', WPC, ['build', '--color=never', ERR, '--emit', 'ir'], and(exitIs(1), stdoutEmpty, stderrSays));
  t('build --emit json of a file with errors exits 1, nothing on stdout', WPC, ['build', '--color=never', ERR, '--emit', 'json'], and(exitIs(1), stdoutEmpty));
  t('build of a file with warnings only exits 0', WPC, ['build', '--color=never', WARN], and(exitIs(0), r => r.stdout.startsWith('; wpc IR') || 'no IR'));
  t('build --emit wasm without -o exits 2 (no binary on stdout)', WPC, ['build', OK, '--emit', 'wasm'], and(exitIs(2), stdoutEmpty, stderrSays));
  t('build --emit foo exits 2', WPC, ['build', OK, '--emit', 'foo'], and(exitIs(2), stderrSays));
  t('build --format=json without -o exits 2', WPC, ['build', '--format=json', OK], and(exitIs(2), stdoutEmpty));
  const UNCOMPILED = 'tests/diag/build/uncompiled-kinds.wp', outUnc = path.join(tmp, 'unc.wasm');
  t('build of every rule kind warns nothing: WP0701 has no kind left to report', WPC,
    ['build', UNCOMPILED, '--emit', 'wasm', '--format=json', '-o', outUnc], and(exitIs(0), r => {
      let doc
      try { doc = JSON.parse(r.stdout) } catch { return 'stdout is not one JSON document' }
      const got = doc.diagnostics.map(d => `${d.code} ${d.line}:${d.column}`).join(', ')
      return got === '' || `got ${got}`
    }));
  t('build of a missing file exits 2', WPC, ['build', MISSING], and(exitIs(2), stdoutEmpty, stderrSays));
  t('build without a file exits 2', WPC, ['build'], and(exitIs(2), stderrSays));
  const outOk = path.join(tmp, 'ok.ir'), outErr = path.join(tmp, 'err.ir'), outJson = path.join(tmp, 'ok.json');
  t('build -o writes the IR to a file', WPC, ['build', OK, '-o', outOk], and(exitIs(0), stdoutEmpty,
    () => (fs.existsSync(outOk) && fs.readFileSync(outOk, 'utf8').startsWith('; wpc IR')) || 'the file is missing or not IR'));
  t('build --emit json --format=json -o writes JSON', WPC, ['build', OK, '--emit', 'json', '--format=json', '-o', outJson], and(exitIs(0),
    () => { try { return irJsonOk({ stdout: fs.readFileSync(outJson, 'utf8') }); } catch { return 'no output file'; } }));
  t('build -o of a file with errors writes nothing', WPC, ['build', '--color=never', ERR, '-o', outErr], and(exitIs(1), stdoutEmpty,
    () => !fs.existsSync(outErr) || 'the output file was written'));

  // fmt's command line (its behaviour is tests/run-fmt.sh's)
  t('fmt of a missing file exits 2', WPC, ['fmt', MISSING], and(exitIs(2), stderrSays));
  t('fmt with an unknown option exits 2', WPC, ['fmt', '--frobnicate'], and(exitIs(2), stderrSays));
  t('fmt of a file with a syntax error exits 1 and prints nothing', WPC, ['fmt', '--color=never', 'tests/diag/parse-unexpected-token.wp'], and(exitIs(1), stdoutEmpty, stderrSays));

  // every valid corpus file builds, with both builds agreeing
  for (const f of validFiles) {
    t(`build --emit json ${f}`, WPC, ['build', f, '--emit', 'json'], and(exitIs(0), irJsonOk));
    t(`build --emit ir ${f}`, WPC, ['build', f, '--emit', 'ir'], and(exitIs(0), r => r.stdout.startsWith('; wpc IR') || 'no IR header'));
    if (fs.existsSync(WPC_ASAN))
      t(`sanitized build --emit json ${f}`, WPC_ASAN, ['build', f, '--emit', 'json'], and(exitIs(0), stderrEmpty, irJsonOk));
  }

  // the examples lint without errors
  for (const f of findWp('examples'))
    t(`lint ${f} (examples have no errors)`, WPC, ['lint', '--color=never', f], exitIs(0));

  await pool(cases, cases.length, async c => {
    const r = await run(c.bin, c.args, c.bin === WPC_ASAN ? NO_LEAKS : {});
    let verdict;
    try { verdict = c.verify(r); } catch (e) { verdict = 'check threw: ' + e.message; }
    const cmd = [c.bin === WPC_ASAN ? 'wpc(asan)' : 'wpc', ...c.args].join(' ');
    check(verdict === true, `CLI: ${c.title}`, [`$ ${cmd}`, typeof verdict === 'string' ? verdict : 'check failed', describeRun(r)]);
  });
  fs.rmSync(tmp, { recursive: true, force: true });
}

function irJsonOk(r) {
  const p = parseJson(r.stdout);
  if (p.error) return `not JSON: ${p.error}`;
  const d = p.value;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return 'not a JSON object';
  const missing = ['paths', 'edges', 'concerns', 'listeners'].filter(k => !(k in d));
  return missing.length === 0 || `missing keys: ${missing.join(', ')}`;
}

function findWp(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findWp(p));
    else if (e.name.endsWith('.wp')) out.push(p);
  }
  return out;
}

// ---- main --------------------------------------------------------------------------

const started = Date.now();
if (!fs.existsSync(WPC)) {
  fail(`wpc not found: ${WPC}`);
} else {
  // One batch: every section queues its commands before any runs.
  const validFiles = listFiles('tests/diag', '.wp').filter(f => parseExpectations(f).expectations.length === 0);
  await Promise.all([diagCorpus(), renderGoldens(), ONLY ? null : cli(validFiles)]);
}
failures.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
for (const f of failures) {
  console.log(`FAIL: ${f.title}`);
  for (const d of f.details) console.log(indent(d));
}
console.log(`corpus: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);
