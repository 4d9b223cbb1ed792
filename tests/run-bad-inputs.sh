#!/usr/bin/env bash
# run-bad-inputs.sh WPC — hostile inputs and outputs of the compiler: every
# row of the bad-input table of docs/cli.md ("Bad inputs") is a check here,
# with its exit status and the words of its diagnostic, plus what must not
# happen around it (a device or a symbolic link replaced, a partial
# package left behind, a crash).  Run by tests/run-corpus.sh.
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
    if [ "$rc" -ne "$want" ]; then
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

# ---- standard output ---------------------------------------------------------

OUT=/dev/full run "$WPC" fmt "$APP"
expect "fmt to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" build --emit ir "$APP"
expect "build --emit ir to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" lint --format=json "$APP"
expect "lint --format=json to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" explain --all --markdown
expect "explain --all to a full disk" 2 "cannot write to standard output: No space left on device"

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

mkdir -p "$T/ro"
chmod 755 "$T"
chmod 555 "$T/ro"
run as_nobody "$WPC" build "$APP" --emit wasm -o "$T/ro/app.wasm"
expect "-o in a directory that cannot be written" 2 "cannot write '.*/ro/app.wasm': Permission denied"

run "$WPC" build "$APP" --emit wasm -o "$T/no/such/dir/app.wasm"
expect "-o in a missing directory" 2 "cannot write '.*app.wasm': No such file or directory"

echo text > "$T/plain"
run "$WPC" build "$APP" --emit wasm -o "$T/plain/app.wasm"
expect "-o below a regular file" 2 "cannot write '.*plain/app.wasm': Not a directory"

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

echo old > "$T/real.wasm"
chmod 640 "$T/real.wasm"
ln -s real.wasm "$T/link.wasm"
run "$WPC" build "$APP" -o "$T/link.wasm"
expect "-o a symbolic link to a regular file" 0 "WP0701"
holds "-o a symbolic link stays a link" -L "$T/link.wasm"
holds "-o a symbolic link writes its target" "$(head -c 4 "$T/real.wasm" | od -An -c | tr -d ' ')" = '\0asm'
holds "-o keeps the mode of the file it replaces" "$(stat -c %a "$T/real.wasm")" = 640

ln -s made.wasm "$T/dangling.wasm"
run "$WPC" build "$APP" -o "$T/dangling.wasm"
expect "-o a symbolic link to a missing file" 0 "WP0701"
holds "-o a dangling link creates its target" -f "$T/made.wasm" -a -L "$T/dangling.wasm"

ln -s loop1 "$T/loop2"
ln -s loop2 "$T/loop1"
run "$WPC" build "$APP" --emit wasm -o "$T/loop1"
expect "-o a loop of symbolic links" 2 "cannot write '.*loop1': Too many levels of symbolic links"

printf 'sync  a <->   b\n' > "$T/messy.wp"
ln -s messy.wp "$T/messy-link.wp"
run "$WPC" fmt -w "$T/messy-link.wp"
expect "fmt -w through a symbolic link" 0 ""
holds "fmt -w keeps the link" -L "$T/messy-link.wp"
holds "fmt -w formats the link's target" "$(cat "$T/messy.wp")" = "sync a <-> b"
ls "$T" | grep -q wpctmp && fail "a temporary file was left behind: $(ls "$T" | grep wpctmp)" || pass

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
