#!/usr/bin/env bash
# Runs php-src's own ext/session/tests (from Debian's php8.2 source package)
# twice: with the files handler and with session.save_handler=ephpm (the tests'
# own "save_handler=files" settings switched to ephpm). Prints both pass counts
# and fails when ephpm fails a test that files passes, unless the test is listed
# with its reason in files-only-tests.txt. The tests run-tests.php runs under
# php-cgi (a --GET--, --POST--, --COOKIE-- ... section) are served by php-cgi as
# FastCGI, not as a plain CGI program, where ephpm refuses sessions.
# Env: EPHPM_KV_MODULES (default <repo>/build/modules), PHP (default php).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
modules="${EPHPM_KV_MODULES:-$repo/build/modules}"
php="${PHP:-php}"
work="$repo/build/php-src-session"
run_tests="$(ls "$($php-config --extension-dir 2>/dev/null || php-config --extension-dir)"/build/run-tests.php 2>/dev/null \
    || ls /usr/lib/php/*/build/run-tests.php | head -1)"

fetch_tests() {
    # A private apt configuration with deb-src lines: the machine's own is untouched.
    local apt="$work/apt"
    mkdir -p "$apt/lists/partial" "$apt/parts" "$work/source"
    cat > "$apt/parts/php-src.sources" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    local options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/parts"
        -o "Dir::State::Lists=$apt/lists" -o APT::Sandbox::User=root)
    apt-get "${options[@]}" update -qq
    (cd "$work/source" && apt-get "${options[@]}" source --download-only -qq php8.2)
    local tarball
    tarball="$(ls "$work"/source/php8.2_*.orig.tar.xz | head -1)"
    tar -C "$work/source" -xJf "$tarball" --wildcards '*/ext/session/tests/*'
}

if ! ls -d "$work"/source/php-8.2.*/ext/session/tests >/dev/null 2>&1; then
    fetch_tests
fi
tests="$(ls -d "$work"/source/php-8.2.*/ext/session/tests | head -1)"
version="$(basename "$(dirname "$(dirname "$(dirname "$tests")")")")"

run_suite() { # handler
    local handler="$1" dir="$work/$1"
    rm -rf "$dir" && cp -r "$tests" "$dir" && mkdir -p "$dir/save_path"
    if [ "$handler" = ephpm ]; then
        sed -i -E "s/(save_handler *= *)files/\1ephpm/; s/(save_handler', *')files'/\1ephpm'/; s/(save_handler\", *\")files\"/\1ephpm\"/" "$dir"/*.phpt
    fi
    # The tests run-tests.php gives to php-cgi run as FastCGI requests (see php-cgi-fastcgi).
    NO_INTERACTION=1 REPORT_EXIT_STATUS=0 TEST_PHP_CGI_EXECUTABLE="$here/php-cgi-fastcgi" \
        EPHPM_REAL_PHP_CGI="$(dirname "$(command -v "$php")")/php-cgi" "$php" -n "$run_tests" -q -j"$(nproc)" -p "$(command -v "$php")" -n \
        -d "extension=$modules/ephpm_kv.so" -d "ephpm_kv.library=$modules/ephpm_kv_go.so" \
        -d "session.save_handler=$handler" -d "session.save_path=$dir/save_path" \
        -W "$work/$handler.results" "$dir" > "$work/$handler.log" 2>&1 || true
    # -W lines: "STATUS /path/to/test.phpt"
    sed -E 's#^([A-Z]+)[[:space:]]+.*/([^/]+\.phpt)$#\1 \2#' "$work/$handler.results" | sort -k2 > "$work/$handler.status"
}

run_suite files
run_suite ephpm

count() { awk -v s="$2" '$1 == s' "$work/$1.status" | wc -l; }
total="$(wc -l < "$work/files.status")"
echo "php-src $version ext/session/tests ($total tests):"
for handler in files ephpm; do
    echo "  $handler: $(count "$handler" PASSED) passed, $(count "$handler" FAILED) failed," \
        "$(count "$handler" SKIPPED) skipped, $(count "$handler" XFAILED) expected failures, $(count "$handler" BORKED) borked"
done

allowed="$(grep -v '^#' "$here/files-only-tests.txt" | awk 'NF {print $1}' | sort)"
unexpected="$(join -1 2 -2 2 -o 0,1.1,2.1 "$work/files.status" "$work/ephpm.status" \
    | awk '$2 == "PASSED" && $3 != "PASSED" {print $1}' | sort | comm -23 - <(echo "$allowed"))"
if [ -n "$unexpected" ]; then
    echo "FAIL: passes with files but not with ephpm (see $work/ephpm/<test>.diff):"
    echo "$unexpected" | sed 's/^/  /'
    exit 1
fi
echo "ephpm fails no test that files passes, except the $(echo "$allowed" | wc -l) files-only tests listed in phpt/php-src-session/files-only-tests.txt"
