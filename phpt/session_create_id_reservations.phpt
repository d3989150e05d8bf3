--TEST--
session_create_id() in an active session: the ids it hands out are reserved until close, then their unused reservations are dropped (none pile up, with or without a prefix); ids the session engine mints for itself stay
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=1
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=0
--FILE--
<?php
ob_start();
$base = ephpm_kv_info()['entries'];
var_dump(session_start());
$own = session_id();
$_SESSION['n'] = 1;

$ids = [];
for ($i = 0; $i < 100; $i++) {
    $ids[] = session_create_id();
}
$prefixed = session_create_id('pfx-');
var_dump(count(array_unique($ids)) === 100, str_starts_with($prefixed, 'pfx-'));
// The last id minted (the module reserves it without the script's prefix) is
// still reserved while the session is open; the earlier ones are gone.
var_dump(ephpm_kv_exists('php_session:' . substr($prefixed, 4)), ephpm_kv_exists('php_session:' . $ids[99]));
var_dump(ephpm_kv_info()['entries'] - $base);
session_write_close();
echo "after close: ", ephpm_kv_info()['entries'] - $base, " entry (the session)\n";
var_dump(ephpm_kv_get("php_session:$own"));

// The php.net flow: a new id, then a session started with it (strict mode off for that).
session_start();
$new = session_create_id('app-');
session_commit();
ini_set('session.use_strict_mode', '0');
session_id($new);
session_start();
$_SESSION['moved'] = true;
session_write_close();
var_dump(ephpm_kv_get("php_session:$new"));

// session_regenerate_id() mints an id for the session itself: it is kept.
ini_set('session.use_strict_mode', '1');
session_id($own);
session_start();
session_regenerate_id(true);
$regenerated = session_id();
session_write_close();
var_dump($regenerated !== $own, ephpm_kv_get("php_session:$regenerated"), ephpm_kv_exists("php_session:$own"));

// The reservation is dropped under the key it was made with, whatever the prefix is by then.
session_start();
$minted = session_create_id();
ini_set('ephpm_kv.session_prefix', 'other:');
session_reset();
session_write_close();
ini_set('ephpm_kv.session_prefix', 'php_session:');
var_dump(ephpm_kv_exists("php_session:$minted"));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
int(2)
after close: 1 entry (the session)
string(6) "n|i:1;"
string(10) "moved|b:1;"
bool(true)
string(6) "n|i:1;"
bool(false)
bool(false)
