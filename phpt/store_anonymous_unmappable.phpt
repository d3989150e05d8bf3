--TEST--
An anonymous store that cannot be mapped: every call says why, and phpinfo() names no store file
--SKIPIF--
<?php
if (!str_contains((string) shell_exec('sh -c "ulimit -v 1500000 && echo limited"'), 'limited')) die('skip ulimit -v is not available');
?>
--FILE--
<?php
// An address-space limit below ephpm_kv.size makes the mmap() of MINIT fail
// (its startup warning goes to stderr).
$command = 'ulimit -v 1500000 && exec ' . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d ephpm_kv.size=2G -d display_startup_errors=0 -r ' . escapeshellarg('
        try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }
        ob_start(); phpinfo(INFO_MODULES); $info = ob_get_clean();
        preg_match_all("/^Store (?:shared by|file) => .*$/m", $info, $rows);
        echo implode("\n", $rows[0]), "\n";') . ' 2>/dev/null';
echo shell_exec($command);
?>
--EXPECT--
ephpm_kv is disabled: cannot map the shared store of 2147483648 bytes (ephpm_kv.size): Cannot allocate memory
Store shared by => this command and the processes it forks before its first use of the store (it ends with them; ephpm_kv.store_file shares a server's store)
