#!/usr/bin/env bash
# run-bad-inputs.sh WPC — hostile inputs and outputs of the compiler: every
# row of the bad-input table of docs/cli.md ("Bad inputs") is a check here,
# with its exit status and the words of its diagnostic, plus what must not
# happen around it (a device or a symbolic link replaced, a partial
# package left behind, a crash).  Run by tests/run-corpus.sh.
#
# The table is read from docs/cli.md: each group of checks starts with
# `row 'INPUT'`, the first cell of its row, and its expected exit statuses
# must agree with the row's last cell when that is a number.  A row no
# check names, or a name with no row, is a failure: the table and the
# checks cannot drift apart.
#
# Prints one line per failure and a final "N passed, M failed"; exits 1 on
# any failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/run-bad-inputs.sh path/to/wpc" >&2
    exit 2
fi
case $1 in /*) WPC=$1 ;; *) WPC=$PWD/$1 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
APP=examples/checkout/checkout.wp      # builds, with warnings only
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {
    echo "FAIL: $1"
    shift
    for l in "$@"; do printf '    %s\n' "$l"; done
    failed=$((failed + 1))
}

# run CMD...: stdout to $T/out (or to $OUT when set), stderr to $T/err.
run() {
    "$@" >"${OUT:-$T/out}" 2>"$T/err" </dev/null
    rc=$?
}

# expect TITLE RC REGEX: the last run exited RC and its stderr matches the
# extended regular expression (empty: stderr must be empty).
expect() {
    local title=$1 want=$2 re=$3
    local row_exit=${ROW:+${ROW_EXIT[$ROW]}}
    if [[ $row_exit =~ ^[0-9]+$ ]] && [ "$want" -ne "$row_exit" ]; then
        fail "$title: expects exit $want, but the row '$ROW' of docs/cli.md says $row_exit"
    elif [ "$rc" -ne "$want" ]; then
        fail "$title: exit $rc, expected $want" "stderr: $(head -c 400 "$T/err")"
    elif [ -z "$re" ] && [ -s "$T/err" ]; then
        fail "$title: expected nothing on stderr" "stderr: $(head -c 400 "$T/err")"
    elif [ -n "$re" ] && ! grep -Eq -- "$re" "$T/err"; then
        fail "$title: stderr does not say /$re/" "stderr: $(head -c 400 "$T/err")"
    else
        pass
    fi
}

# holds TITLE CONDITION...: a test(1) condition about what the run left.
holds() {
    local title=$1
    shift
    if test "$@"; then pass; else fail "$title"; fi
}

# ---- the table of docs/cli.md ------------------------------------------------

declare -A ROW_EXIT ROW_SEEN
while IFS= read -r line; do
    input=${line#| }
    input=${input%% | *}
    exit_cell=${line% |}
    exit_cell=${exit_cell##* | }
    ROW_EXIT[$input]=$exit_cell
    ROW_SEEN[$input]=0
done < <(awk '/^## Bad inputs$/ { on = 1; next } on && /^## / { exit }
              on && /^\| / && !/^\| input \|/' docs/cli.md)
if [ ${#ROW_EXIT[@]} -lt 20 ]; then
    echo "FAIL: docs/cli.md has no table under '## Bad inputs' (${#ROW_EXIT[@]} rows read)"
    exit 1
fi
ROW=                # the row the checks below belong to ('' for none)

# row INPUT: the checks that follow test the row whose first cell is INPUT.
row() {
    ROW=$1
    if [ -z "${ROW_EXIT[$ROW]+set}" ]; then
        fail "no row '$ROW' in the table of docs/cli.md"
        ROW=
    else
        ROW_SEEN[$ROW]=1
    fi
}
# norow: the checks that follow are extra ones, of no row.
norow() { ROW=; }

# jcount CODE: how many diagnostics with CODE the last run's JSON (in $T/out) has
jcount() { grep -c "\"code\": \"$1\"" "$T/out"; }

# ---- input files -----------------------------------------------------------------

row 'a missing file'
run "$WPC" lint "$T/no-such.wp"
expect "lint of a missing file" 2 "^wpc: cannot read '.*no-such.wp': No such file or directory$"
run "$WPC" fmt "$T/no-such.wp"
expect "fmt of a missing file" 2 "cannot read '.*no-such.wp': No such file or directory"

row 'a directory'
run "$WPC" lint "$T"
expect "lint of a directory" 2 "^wpc: cannot read '.*': Is a directory$"
run "$WPC" fmt "$T"
expect "fmt of a directory" 2 "cannot read '.*': Is a directory"

row 'an empty file'
: > "$T/empty.wp"
run "$WPC" lint "$T/empty.wp"
expect "lint of an empty file" 0 ""
run "$WPC" fmt "$T/empty.wp"
expect "fmt of an empty file" 0 ""
holds "fmt of an empty file prints nothing" ! -s "$T/out"
run "$WPC" build "$T/empty.wp" -o "$T/empty-pkg"
expect "build of an empty file" 0 ""
holds "build of an empty file writes a package" -f "$T/empty-pkg/index.js"

row 'a binary file (an executable, NUL bytes)'
# binary: an executable's header, NULs, bytes that are not UTF-8, control characters
printf '\177ELF\002\001\001\000\000\000\377\376\001\033[0m\000sync\000' > "$T/bin1"
for i in $(seq 60); do cat "$T/bin1"; done > "$T/binary.wp"
run "$WPC" lint --color=never "$T/binary.wp"
expect "lint of a binary file" 1 "error\[WP0101\]: unexpected NUL byte"
holds "... shows 100 diagnostics, then says how many more" "$(grep -c '^[^ ]*:[0-9]*:[0-9]*: error' "$T/err")" = 100
expect "... and the count of the rest" 1 "^wpc: [0-9]+ more diagnostics not shown \(--max-diagnostics=100; 0 shows all\)$"
printf 'field a { }  /* x\000\000y */\nsync a <-> b\n' > "$T/nul-comment.wp"
run "$WPC" fmt "$T/nul-comment.wp"
expect "NUL bytes in a block comment (fmt kept the comment only up to them)" 1 "^[^ ]*:1:18: error\[WP0101\]: unexpected NUL byte"
holds "... one error for the run of NULs" "$(grep -c "error\[WP0101\]" "$T/err")" = 1
run "$WPC" lint --format=json "$T/binary.wp"
holds "lint --format=json of a binary file is valid UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1; echo $?)" = 0

row 'invalid UTF-8 (a Latin-1 file)'
printf 'state { a: string }\nsync a <-> b \351t\351\nfield a { label = "caf\351" }\n' > "$T/latin1.wp"
run "$WPC" lint --format=json "$T/latin1.wp"
holds "invalid UTF-8: WP0106 for each run of bad bytes" "$(jcount WP0106)" = 3
holds "... and the JSON stays UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1; echo $?)" = 0
run "$WPC" lint "$T/latin1.wp"
expect "lint of invalid UTF-8 exits 1" 1 "error\[WP0106\]: invalid UTF-8"

row 'a file over 256 MiB, or an endless device (`/dev/zero`)'
truncate -s 300M "$T/huge.wp"      # sparse: refused from its size, never read
run "$WPC" lint "$T/huge.wp"
expect "lint of a file over 256 MiB" 2 "^wpc: cannot read '.*huge.wp': larger than 256 MiB, the most wpc reads$"
run "$WPC" fmt "$T/huge.wp"
expect "fmt of a file over 256 MiB" 2 "larger than 256 MiB, the most wpc reads"
run "$WPC" lint /dev/zero
expect "lint of an endless device" 2 "cannot read '/dev/zero': larger than 256 MiB"

row 'deep nesting: more than about 990 open parentheses, brackets or `not`s, an `else if` chain of more than about 200 arms'
{ printf 'state { x: bool }\nfield x { visible when '
  for i in $(seq 1000); do printf '('; done; printf x
  for i in $(seq 1000); do printf ')'; done; printf ' }\nsync a <-> b\n'; } > "$T/deep.wp"
run "$WPC" lint --format=json "$T/deep.wp"
holds "nesting past the parser's stack: one WP0206" "$rc:$(jcount WP0206)" = "1:1"
elif_chain() {  # elif_chain N: a label with N `else if` arms
    printf 'state { n: number }\nfield n { label = if n > 0 then "a"'
    for i in $(seq "$1"); do printf ' else if n > %d then "b"' "$i"; done
    printf ' else "c" }\n'
}
elif_chain 150 > "$T/elif150.wp"
run "$WPC" lint "$T/elif150.wp"
holds "an else-if chain of 150 arms (under the limit) lints clean" "$rc:$(wc -c < "$T/err")" = "0:0"
elif_chain 300 > "$T/elif300.wp"
run "$WPC" lint --format=json "$T/elif300.wp"
holds "an else-if chain of 300 arms: one WP0206" "$rc:$(jcount WP0206)" = "1:1"
row 'a path of more than 512 segments'
{ printf 'state { a: any }\nsync a'; for i in $(seq 600); do printf '.b'; done; printf ' <-> a\n'; } > "$T/longpath.wp"
run "$WPC" build --format=json "$T/longpath.wp" -o "$T/longpath.ir"
holds "a path of 601 segments: WP0206, nothing built" "$rc:$(jcount WP0206):$(test -e "$T/longpath.ir"; echo $?)" = "1:1:1"
row 'a flat `and`/`or` chain of any length'
{ printf 'state { x: bool }\nfield x { visible when x'; for i in $(seq 50000); do printf ' and x'; done; printf ' }\n'; } > "$T/chain.wp"
run "$WPC" fmt "$T/chain.wp"
expect "a flat chain of 50 000 terms formats" 0 ""

row 'a long line (a generated one-line file)'
{ printf 'state { a: string, b: string }'; for i in $(seq 5000); do printf ' sync a <-> b'; done; echo; } > "$T/oneline.wp"
run "$WPC" lint --color=never "$T/oneline.wp"
expect "a long line with 4 999 warnings" 0 "^4999 warnings$"
holds "... prints a window of the line per diagnostic, 100 of them" "$(wc -c < "$T/err")" -lt 60000

row 'an import cycle (`a` imports `b` imports `a`; a file importing itself)'
printf 'import "./cb.wp"\nstate { a: string, b: string }\n' > "$T/ca.wp"
printf 'import "./ca.wp"\nimport "./cb.wp"\nsync a <-> b\n' > "$T/cb.wp"
run "$WPC" lint "$T/ca.wp"
expect "an import cycle (and a file importing itself)" 0 ""
run "$WPC" build "$T/ca.wp" --emit ir
holds "... loads each file once: one edge" "$(grep -c '^ *e[0-9]' "$T/out")" = 1

row 'an import of a missing file, a directory or a FIFO'
mkdir "$T/dir.wp"
mkfifo "$T/pipe.wp"
printf 'import "./dir.wp"\nimport "./pipe.wp"\nimport "./gone.wp"\n' > "$T/imports.wp"
run timeout 20 "$WPC" lint --color=never "$T/imports.wp"
expect "importing a directory" 1 "error\[WP0301\]: cannot import '.*dir.wp': it is a directory, not a regular file"
expect "importing a FIFO (never opened: it would block)" 1 "error\[WP0301\]: cannot import '.*pipe.wp': it is a FIFO, not a regular file"
expect "importing a missing file" 1 "error\[WP0301\]: cannot read '.*gone.wp': No such file or directory"

row 'a FIFO or stdin as the input (`wpc lint <(gen)`, `wpc fmt -`)'
mkfifo "$T/in.fifo"
(printf 'state { a: string }\nsync  a <-> a\n' > "$T/in.fifo" &)
run timeout 20 "$WPC" lint --color=never "$T/in.fifo"
expect "lint of a FIFO with a writer reads it to its end" 0 "warning\[WP1005\]"
run bash -c "printf 'sync  a <-> b\n' | \"\$0\" fmt -" "$WPC"
expect "fmt of stdin" 0 ""
holds "... prints it formatted" "$(cat "$T/out")" = "sync a <-> b"

# ---- standard output ---------------------------------------------------------

row 'stdout that cannot be written (`> /dev/full`, a closed descriptor)'
OUT=/dev/full run "$WPC" fmt "$APP"
expect "fmt to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" build --emit ir "$APP"
expect "build --emit ir to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" lint --format=json "$APP"
expect "lint --format=json to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" explain --all --markdown
expect "explain --all to a full disk" 2 "cannot write to standard output: No space left on device"
"$WPC" fmt "$APP" >&- 2>"$T/err" </dev/null
rc=$?
expect "fmt to a closed standard output" 2 "cannot write to standard output: Bad file descriptor"

# ---- -o: a file (--emit wasm), written through a temporary beside it ------------

# as_nobody CMD...: a command without root's override of file permissions.
as_nobody() {
    if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
    if command -v setpriv >/dev/null 2>&1; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        runuser -u nobody -- "$@"
    fi
}

# nobody may not reach the checkout (a clone under a 700 temporary
# directory): it gets its own copies of the compiler and the app.
mkdir -p "$T/ro" "$T/src"
cp "$WPC" "$T/src/wpc"
cp "$APP" "$(dirname "$APP")/shared.wp" "$T/src/"
chmod 755 "$T" "$T/src" "$T/src/wpc"
chmod 644 "$T/src/"*.wp
chmod 555 "$T/ro"
row '`-o` in a directory that cannot be written'
run as_nobody "$T/src/wpc" build "$T/src/$(basename "$APP")" --emit wasm -o "$T/ro/app.wasm"
expect "-o in a directory that cannot be written" 2 "cannot write '.*/ro/app.wasm': Permission denied"

row '`-o` in a missing directory, or below a regular file (files)'
run "$WPC" build "$APP" --emit wasm -o "$T/no/such/dir/app.wasm"
expect "-o in a missing directory" 2 "cannot write '.*app.wasm': No such file or directory"

echo text > "$T/plain"
run "$WPC" build "$APP" --emit wasm -o "$T/plain/app.wasm"
expect "-o below a regular file" 2 "cannot write '.*plain/app.wasm': Not a directory"

row '`-o` a directory (files), a device, a FIFO'
mkdir "$T/adir"
run "$WPC" build "$APP" --emit wasm -o "$T/adir"
expect "--emit wasm -o a directory" 2 "cannot write '.*adir': it is a directory"
holds "--emit wasm -o a directory leaves it a directory" -d "$T/adir"

mkfifo "$T/fifo"
run "$WPC" build "$APP" --emit wasm -o "$T/fifo"
expect "-o a FIFO" 2 "cannot write '.*fifo': it is a FIFO; wpc writes only regular files"
holds "-o a FIFO leaves the FIFO" -p "$T/fifo"

if [ "$(id -u)" -eq 0 ]; then
    # a device node of our own (the null device's numbers): never a real one,
    # which the old wpc replaced
    mknod "$T/dev" c 1 3
    run "$WPC" build "$APP" --emit wasm -o "$T/dev"
    expect "-o a character device" 2 "cannot write '.*dev': it is a character device"
    holds "-o a character device leaves the device" -c "$T/dev"
else
    echo "(skipped: -o a character device needs root to make one)"
fi

row '`-o` a symbolic link (to a file, to nothing, to a directory for a package)'
echo old > "$T/real.wasm"
chmod 640 "$T/real.wasm"
ln -s real.wasm "$T/link.wasm"
run "$WPC" build "$APP" -o "$T/link.wasm"
expect "-o a symbolic link to a regular file" 0 ""
holds "-o a symbolic link stays a link" -L "$T/link.wasm"
holds "-o a symbolic link writes its target" "$(head -c 4 "$T/real.wasm" | od -An -c | tr -d ' ')" = '\0asm'
holds "-o keeps the mode of the file it replaces" "$(stat -c %a "$T/real.wasm")" = 640

ln -s made.wasm "$T/dangling.wasm"
run "$WPC" build "$APP" -o "$T/dangling.wasm"
expect "-o a symbolic link to a missing file" 0 ""
holds "-o a dangling link creates its target" -f "$T/made.wasm" -a -L "$T/dangling.wasm"

row '`-o` a loop of symbolic links'
ln -s loop1 "$T/loop2"
ln -s loop2 "$T/loop1"
run "$WPC" build "$APP" --emit wasm -o "$T/loop1"
expect "-o a loop of symbolic links" 2 "cannot write '.*loop1': Too many levels of symbolic links"

row '`-o` a symbolic link (to a file, to nothing, to a directory for a package)'
printf 'sync  a <->   b\n' > "$T/messy.wp"
ln -s messy.wp "$T/messy-link.wp"
run "$WPC" fmt -w "$T/messy-link.wp"
expect "fmt -w through a symbolic link" 0 ""
holds "fmt -w keeps the link" -L "$T/messy-link.wp"
holds "fmt -w formats the link's target" "$(cat "$T/messy.wp")" = "sync a <-> b"
ls "$T" | grep -q wpctmp && fail "a temporary file was left behind: $(ls "$T" | grep wpctmp)" || pass

# ---- -o: a package directory, whole or absent -------------------------------------

# no_leftovers TITLE DIR: no temporary or old package beside the packages in DIR
no_leftovers() {
    if ls -a "$2" | grep -Eq 'wpctmp|wpcold'; then fail "$1: left $(ls -a "$2" | grep -E 'wpctmp|wpcold' | tr '\n' ' ')"
    else pass; fi
}
sums() { (cd "$1" && find . -type f | sort | xargs md5sum); }

row '`-o` for a package naming a directory with other files in it'
mkdir -p "$T/half/index.js/sub"
run "$WPC" build "$APP" -o "$T/half"
expect "package into a directory whose index.js is a directory" 2 "'.*half/index.js' is not a file of the package"
holds "... writes nothing there" "$(cd "$T/half" && find . | sort | tr '\n' ' ')" = ". ./index.js ./index.js/sub "

mkdir "$T/mine"
echo "notes" > "$T/mine/NOTES.txt"
run "$WPC" build "$APP" -o "$T/mine"
expect "package into a directory holding other files" 2 "'.*mine/NOTES.txt' is not a file of the package: wpc replaces the whole directory"
holds "... keeps them, and writes no package" "$(ls "$T/mine")" = "NOTES.txt"

row '`-o` for a package naming a regular file'
run "$WPC" build "$APP" -o "$T/plain"
expect "package -o a regular file" 2 "'.*plain' is not a directory"

norow
run "$WPC" build "$APP" -o "$T/new/nested/pkg"
expect "package into missing directories" 0 ""
holds "... creates them, with the whole package" -f "$T/new/nested/pkg/package.json" -a -f "$T/new/nested/pkg/index.d.ts"

run "$WPC" build "$APP" -o "$T/pkg" --wasm-file
run "$WPC" build "$APP" -o "$T/pkg"
expect "a rebuild replaces the package" 0 ""
holds "... whole, without the .wasm file of the build before" "$(ls "$T/pkg" | tr '\n' ' ')" = "README.md index.cjs index.d.ts index.js package.json react.cjs react.d.ts react.js valtio.cjs valtio.d.ts valtio.js "
no_leftovers "a rebuild" "$T"

# A write failing midway: a file size limit (SIGXFSZ ignored, so that
# write() fails with EFBIG) too small for index.js.
row 'a write failing midway (a full disk, a file size limit)'
sums "$T/pkg" > "$T/pkg.sums"
run bash -c "trap '' XFSZ; ulimit -f 64; exec \"\$0\" \"\$@\"" "$WPC" build "$APP" -o "$T/pkg" --name other
expect "a package write failing midway" 2 "cannot write '.*pkg/index.js': File too large"
holds "... leaves the package that was there, whole and unchanged" "$(sums "$T/pkg")" = "$(cat "$T/pkg.sums")"
run bash -c "trap '' XFSZ; ulimit -f 64; exec \"\$0\" \"\$@\"" "$WPC" build "$APP" -o "$T/fresh"
expect "a new package failing midway" 2 "File too large"
holds "... leaves no directory" ! -e "$T/fresh"
no_leftovers "failed package writes" "$T"

row '`-o` a symbolic link (to a file, to nothing, to a directory for a package)'
mkdir "$T/target"
ln -s target "$T/pkglink"
run "$WPC" build "$APP" -o "$T/pkglink"
expect "package -o a symbolic link to a directory" 0 ""
holds "... keeps the link and fills its target" -L "$T/pkglink" -a -f "$T/target/package.json"

for r in "${!ROW_SEEN[@]}"; do
    [ "${ROW_SEEN[$r]}" = 1 ] || fail "the row '$r' of docs/cli.md has no check"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
