#!/usr/bin/env bash
# Test of the launcher (issue 14, section 3): a ./mpnas that rebuilds while another ./mpnas runs must
# not change the classes of the running JVM, and both must work; two launchers that both see changed
# sources build once. And (issue 19) each snapshot's class-data sharing archive: made by the build,
# used by the JVMs (short commands with C1 only), and a build whose archive cannot be made still
# works without it.
#
# Runs on a temporary clone (HEAD's sources, this tree's launcher), never on this working tree.
# Takes about a minute: three offline Maven builds of the CLI and a few short `mpnas cost` runs.
# Usage: scripts/test-launcher-concurrency.sh   (from .ci/run; needs git, Maven with a filled ~/.m2)
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mpnas-launcher-test.XXXXXX")
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() { printf 'launcher concurrency test: FAIL: %s\n' "$*" >&2; exit 1; }
say() { printf 'launcher concurrency test: %s\n' "$*" >&2; }

git clone -q "$src" "$work/repo"
repo=$(cd "$work/repo" && pwd -P)   # as the launcher names it
# The launcher under test is this tree's, committed or not.
cp "$src/mpnas" "$repo/mpnas"
cp "$src/scripts/env.sh" "$repo/scripts/env.sh"
cd "$repo"

export MPNAS_JAVA_OPTS=-Xmx512m   # `cost` needs little; the machine is shared
limit=300                          # seconds for any one launcher run (a build included)

# `mpnas cost --layers FILE` prices three layers and needs no network training or data set.
cat > "$work/layers.json" <<'EOF'
[
  {"layer_type": "conv", "H": 56, "W": 56, "Cin": 64, "Cout": 128, "K": 3, "stride": 1, "padding": 1, "groups": 1, "batch": 1, "wbits": 4, "abits": 4},
  {"layer_type": "dwconv", "H": 28, "W": 28, "Cin": 128, "Cout": 128, "K": 3, "stride": 2, "padding": 1, "groups": 128, "batch": 1, "wbits": 8, "abits": 2},
  {"layer_type": "fc", "H": 1, "W": 1, "Cin": 1024, "Cout": 10, "K": 1, "stride": 1, "padding": 0, "groups": 1, "batch": 1, "wbits": 2, "abits": 8}
]
EOF

# The classpath a JVM runs with, one entry a line, from its command line.
jvm_classpath() {
    local pid=$1
    tr '\0' '\n' < "/proc/$pid/cmdline" | sed -n '/^-cp$/{n;p;q}' | tr ':' '\n'
}

# A fingerprint of every file a JVM's classpath can load from that is not a third-party jar in ~/.m2:
# the entries in the clone (snapshots, or target/ under the old launcher) and any SNAPSHOT jar.
fingerprint() {
    local entry
    while IFS= read -r entry; do
        case "$entry" in
            "$repo"/*|*SNAPSHOT*)
                [ -e "$entry" ] || { echo "MISSING $entry"; continue; }
                find "$entry" -type f -print0 | sort -z | xargs -0 sha256sum ;;
        esac
    done
}

# Newest snapshot the launcher points at (the directory of the first classpath entry).
current_snapshot() { dirname "$(cut -d: -f1 "$repo/.mpnas/launcher/current.classpath" 2>/dev/null || true)"; }
snapshots() { find "$repo/.mpnas/launcher" -mindepth 1 -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l; }

# 1. First use: builds, and gives the reference output.
timeout "$limit" ./mpnas cost --layers "$work/layers.json" > "$work/ref.out" 2> "$work/ref.err" ||
    { cat "$work/ref.err" >&2; fail "first run failed"; }
grep -q '^total: ' "$work/ref.out" || fail "first run printed no total: $(cat "$work/ref.out")"
grep -q 'building' "$work/ref.err" || fail "first run did not build"
first_snapshot=$(current_snapshot)

# The java command the launcher runs for some arguments, one argument a line.
java_command() { MPNAS_PRINT_JAVA_COMMAND=1 ./mpnas "$@" | tr '\0' '\n'; }

# 1b. The build made a class-data archive; `cost` starts from it with C1 only, `export` from it
# with the default JIT; -Xshare:on makes the JVM fail unless it can map the archive.
[ -s "$first_snapshot/mpnas-cli.jsa" ] || fail "the build made no class-data archive: $(cat "$work/ref.err")"
java_command cost --layers "$work/layers.json" > "$work/cost.command"
grep -qx -- "-XX:SharedArchiveFile=$first_snapshot/mpnas-cli.jsa" "$work/cost.command" ||
    fail "cost does not start from the archive: $(cat "$work/cost.command")"
grep -qx -- "-XX:TieredStopAtLevel=1" "$work/cost.command" || fail "cost does not start with C1 only"
java_command export --help > "$work/export.command"
grep -qx -- "-XX:SharedArchiveFile=$first_snapshot/mpnas-cli.jsa" "$work/export.command" &&
    ! grep -q -- "-XX:TieredStopAtLevel" "$work/export.command" ||
    fail "export should start from the archive with the default JIT: $(cat "$work/export.command")"
MPNAS_FAST_START=0 java_command cost > "$work/plain.command"
! grep -q -- "-XX:SharedArchiveFile\|-XX:TieredStopAtLevel" "$work/plain.command" ||
    fail "MPNAS_FAST_START=0 still passes start-up flags"
MPNAS_JAVA_OPTS="-Xmx512m -Xshare:on" timeout "$limit" ./mpnas cost --layers "$work/layers.json" \
    > "$work/shared.out" 2> "$work/shared.err" ||
    { cat "$work/shared.err" >&2; fail "the JVM cannot map the archive"; }
cmp -s "$work/ref.out" "$work/shared.out" || fail "with the archive mapped, cost printed something else"

# 2. A long-running JVM: `cost` reading its layers from a FIFO blocks after it started (its classpath
# in use, most of its classes not loaded yet) until we write the layers, which we do only after a
# second launcher has rebuilt. Opening the FIFO for writing returns when the JVM opens it.
mkfifo "$work/layers.fifo"
./mpnas cost --layers "$work/layers.fifo" > "$work/first.out" 2> "$work/first.err" &
first=$!          # the launcher execs java: this is the JVM's pid
pids+=("$first")
(
    exec 3> "$work/layers.fifo"
    touch "$work/fifo-opened"
    while [ ! -e "$work/go" ]; do sleep 0.1; done
    cat "$work/layers.json" >&3
) &
pids+=($!)
for _ in $(seq "$((limit * 10))"); do
    [ -e "$work/fifo-opened" ] && break
    kill -0 "$first" 2>/dev/null || { cat "$work/first.err" >&2; fail "the first JVM ended before reading its layers"; }
    sleep 0.1
done
[ -e "$work/fifo-opened" ] || fail "the first JVM did not open its layers file within ${limit}s"
jvm_classpath "$first" > "$work/first.classpath"
grep -q "^$repo/.mpnas/launcher/" "$work/first.classpath" ||
    say "note: the first JVM runs from no launcher snapshot (old launcher?)"
fingerprint < "$work/first.classpath" > "$work/first.before"
[ -s "$work/first.before" ] || fail "the first JVM's classpath has no project files: $(cat "$work/first.classpath")"

# 3. Change sources while it runs: a new class in bitfusion (its jar, the first project jar on the
# classpath, is rebuilt) and in cli (its classes), so the second launcher must rebuild both. This
# build runs with a java that cannot make class-data archives: the build must work without one.
real_java=$(command -v java)
mkdir "$work/no-cds"
cat > "$work/no-cds/java" <<SHIM
#!/bin/sh
for arg in "\$@"; do
    case "\$arg" in -XX:ArchiveClassesAtExit=*) echo "no CDS here (test)" >&2; exit 1 ;; esac
done
exec "$real_java" "\$@"
SHIM
chmod +x "$work/no-cds/java"
cat > bitfusion/src/main/java/ai/mpnas/bitfusion/LauncherTestProbe.java <<'EOF'
package ai.mpnas.bitfusion;

/** Added by scripts/test-launcher-concurrency.sh in its temporary clone. */
final class LauncherTestProbe {
    private LauncherTestProbe() {}
}
EOF
sed 's/package ai.mpnas.bitfusion;/package ai.mpnas.cli;/' bitfusion/src/main/java/ai/mpnas/bitfusion/LauncherTestProbe.java \
    > cli/src/main/java/ai/mpnas/cli/LauncherTestProbe.java
PATH="$work/no-cds:$PATH" timeout "$limit" ./mpnas cost --layers "$work/layers.json" \
    > "$work/second.out" 2> "$work/second.err" ||
    { cat "$work/second.err" >&2; fail "the second run (rebuilding while the first runs) failed"; }
grep -q 'building' "$work/second.err" || fail "the second run did not rebuild after a source change"
grep -q 'no class-data sharing archive;.*no CDS here' "$work/second.err" ||
    fail "a build without an archive did not say so: $(cat "$work/second.err")"
cmp -s "$work/ref.out" "$work/second.out" || fail "the second run printed something else: $(cat "$work/second.out")"
kill -0 "$first" 2>/dev/null || { cat "$work/first.err" >&2; fail "the first JVM died during the rebuild"; }
fingerprint < "$work/first.classpath" > "$work/first.during"
cmp -s "$work/first.before" "$work/first.during" ||
    fail "the rebuild changed the running JVM's classpath: $(diff "$work/first.before" "$work/first.during" | head -5)"
second_snapshot=$(current_snapshot)
[ "$second_snapshot" != "$first_snapshot" ] || fail "the rebuild did not switch to a new snapshot"
jar tf "$second_snapshot/mpnas-cli.jar" > "$work/cli.list" &&
    grep -qx 'ai/mpnas/cli/LauncherTestProbe.class' "$work/cli.list" || fail "the new snapshot lacks the new cli class"
[ ! -e "$second_snapshot/mpnas-cli.jsa" ] || fail "the archive-less build left an archive"
! java_command cost | grep -q -- "-XX:SharedArchiveFile" || fail "cost names an archive that was not made"
jar tf "$second_snapshot"/lib/mpnas-bitfusion-*.jar > "$work/bitfusion.list" &&
    grep -q 'LauncherTestProbe' "$work/bitfusion.list" || fail "the new snapshot lacks the new bitfusion class"

# 4. The first JVM's files are as they were (checked above, and again after it ends); now let it
# load the rest of its classes and finish.
touch "$work/go"
status=0
wait "$first" || status=$?
[ "$status" = 0 ] || { cat "$work/first.err" >&2; fail "the first JVM exited with $status"; }
cmp -s "$work/ref.out" "$work/first.out" || fail "the first JVM printed something else: $(cat "$work/first.out")"
fingerprint < "$work/first.classpath" > "$work/first.after"
cmp -s "$work/first.before" "$work/first.after" || fail "the first JVM's classpath changed before it ended"

# 5. Two launchers that both see a changed source: one builds, the other waits for it and reuses it.
touch cli/src/main/java/ai/mpnas/cli/LauncherTestProbe.java
before=$(snapshots)
timeout "$limit" ./mpnas cost --layers "$work/layers.json" > "$work/a.out" 2> "$work/a.err" & a=$!
timeout "$limit" ./mpnas cost --layers "$work/layers.json" > "$work/b.out" 2> "$work/b.err" & b=$!
pids+=("$a" "$b")
wait "$a" || { cat "$work/a.err" >&2; fail "concurrent launcher A failed"; }
wait "$b" || { cat "$work/b.err" >&2; fail "concurrent launcher B failed"; }
cmp -s "$work/ref.out" "$work/a.out" && cmp -s "$work/ref.out" "$work/b.out" ||
    fail "a concurrent launcher printed something else"
builds=$(cat "$work/a.err" "$work/b.err" | grep -c 'building' || true)
[ "$builds" = 1 ] || fail "two launchers seeing the same change built $builds times (want 1)"
after=$(snapshots)
[ "$after" = "$((before + 1))" ] || fail "expected one new snapshot, found $((after - before))"
[ -s "$(current_snapshot)/mpnas-cli.jsa" ] || fail "a build with a java that can make archives made none"

say "PASS (first JVM kept $(basename "$(dirname "$(head -1 "$work/first.classpath")")") while the second built and ran $(basename "$second_snapshot"))"
