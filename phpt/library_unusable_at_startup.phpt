--TEST--
ephpm_kv.library naming something that cannot be the Go library (a directory, a file that is not a shared library) is said at startup, where php-fpm -t shows it, as well as by every call
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$text = sys_get_temp_dir() . '/ephpm_kv_phpt_not_a_library_' . getmypid() . '.so';
file_put_contents($text, "not a library\n");
foreach (['a directory' => sys_get_temp_dir(), 'a text file' => $text] as $what => $path) {
    echo "-- $what\n";
    $run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo "Error at the first call\n"; }',
        ['ephpm_kv.library' => $path]);
    echo str_replace([$path], ['PATH'], $run['stdout'] . $run['stderr']);
}
unlink($text);
echo "-- the real library: no warning\n";
$run = ephpm_run_php('var_dump(ephpm_kv_set("k", "v"));');
echo $run['stdout'], $run['stderr'];
?>
--EXPECT--
-- a directory

Warning: ephpm_kv: the Go library PATH cannot be used (not a regular file): every ephpm_kv_* call and the ephpm session handler will fail; set ephpm_kv.library to the path of ephpm_kv_go.so in Unknown on line 0
Error at the first call
-- a text file

Warning: ephpm_kv: the Go library PATH cannot be used (not a shared library): every ephpm_kv_* call and the ephpm session handler will fail; set ephpm_kv.library to the path of ephpm_kv_go.so in Unknown on line 0
Error at the first call
-- the real library: no warning
bool(true)
