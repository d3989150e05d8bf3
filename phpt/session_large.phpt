--TEST--
session: a session larger than the first read's 64 KiB buffer is read whole, with and without locking
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
--FILE--
<?php
ob_start();
// Stored as blob|s:N:"...";, 16 bytes more than the blob at these sizes: 64 KiB - 1, 64 KiB, 64 KiB + 1.
$sizes = [65519, 65520, 65521, 300000];
foreach ([1, 0] as $locking) {
    ini_set('ephpm_kv.session_locking', (string) $locking);
    echo "-- session_locking=$locking\n";
    foreach ($sizes as $size) {
        $id = "large{$locking}x$size";
        session_id($id);
        session_start();
        $_SESSION['blob'] = str_repeat(chr(65 + $size % 26), $size);
        session_write_close();
        $stored = ephpm_kv_get("php_session:$id");

        session_id($id);
        session_start();
        $ok = $_SESSION['blob'] === str_repeat(chr(65 + $size % 26), $size);
        session_write_close();
        printf("%d bytes stored, read back %s\n", strlen($stored), $ok ? 'whole' : 'DAMAGED');
    }
}
?>
--EXPECT--
-- session_locking=1
65535 bytes stored, read back whole
65536 bytes stored, read back whole
65537 bytes stored, read back whole
300017 bytes stored, read back whole
-- session_locking=0
65535 bytes stored, read back whole
65536 bytes stored, read back whole
65537 bytes stored, read back whole
300017 bytes stored, read back whole
