// gen-rules.mjs N — prints a .wp file with about N rules of every kind
// (sync chains, one-way syncs, flips, aggregations, computations, clears,
// fields with concerns and validators, listeners, groups), typed by a state
// block, with wildcards.  Used to measure compile time and memory at scale
// (bench/compile.sh).  Deterministic: the same N gives the same file.
const n = Number(process.argv[2] ?? 10000);
const blocks = Math.max(1, Math.ceil(n / 20));   // each block below emits 20 rules
const out = [];
out.push('state {');
for (let b = 0; b < blocks; b++) {
  out.push(`  s${b}: {`);
  out.push('    a: string, b: string, c: string, d: string');
  out.push('    on: bool, off: bool, x: bool, y: bool');
  out.push('    n1: number, n2: number, total: number, avg?: number, same?: number');
  out.push('    status: "draft" | "sent"');
  out.push('    lines: map<{ price: number, qty: number, quote: string | null, gone: bool }>');
  out.push('  }');
}
out.push('}');
for (let b = 0; b < blocks; b++) {
  const s = `s${b}`;
  out.push(`sync ${s}.a <-> ${s}.b <-> ${s}.c`);                       // 2 edges
  out.push(`sync ${s}.c -> ${s}.d`);                                      // 1
  out.push(`flip ${s}.on <-> ${s}.off`);                                  // 1
  out.push(`flip ${s}.x <-> ${s}.y`);                                     // 1
  out.push(`aggregate ${s}.same <- ${s}.n1, ${s}.n2 exclude when ${s}.x`); // 1
  out.push(`compute ${s}.total = sum(${s}.lines[*].price) exclude when ${s}.lines[*].gone`); // 1
  out.push(`compute ${s}.avg = avg(${s}.n1, ${s}.n2)`);                   // 1
  out.push(`clear ${s}.lines[*].quote when ${s}.lines[*].price changes`);   // 1
  out.push(`field ${s}.a {`);                                             // 5 concerns
  out.push(`  disabled when ${s}.status == "sent"`);
  out.push(`  visible when ${s}.on and exists ${s}.b`);
  out.push(`  label = "A for {{${s}.b}}"`);
  out.push(`  placeholder = if ${s}.x then "yes" else "no"`);
  out.push(`  validate required, max_length(50) "too long"`);
  out.push('}');
  out.push(`field ${s}.lines[*].price {`);                                // 2 concerns
  out.push(`  disabled when ${s}.lines[*].gone`);
  out.push(`  validate min(0)`);
  out.push('}');
  out.push(`listen ${s}.lines[*] call line${b % 7}`);                     // 4 listeners
  out.push(`listen ${s}.a, ${s}.b scope ${s} call pair${b % 5}`);
  out.push(`listen ${s}.status call status${b % 3}`);
  out.push(`listen ${s} scope root call block${b % 11}`);
}
process.stdout.write(out.join('\n') + '\n');
