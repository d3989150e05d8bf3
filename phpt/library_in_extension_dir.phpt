--TEST--
ephpm_kv.library: a bare file name is looked up in extension_dir, as extension= is; a value with a '/' is used as given
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

ob_start();
phpinfo(INFO_MODULES);
preg_match('/^Go library => (.*)$/m', ob_get_clean(), $m);
$library = $m[1];

// An extension_dir holding the library under another name (with a trailing
// slash, which extension_dir may have), so that only the lookup finds it.
$dir = sys_get_temp_dir() . '/ephpm_kv_extension_dir_' . getmypid();
@mkdir($dir);
symlink($library, "$dir/renamed_go.so");
$cases = [
    'bare name' => 'renamed_go.so',
    'missing bare name' => 'missing_go.so',
    'relative path' => './renamed_go.so',
];
chdir(sys_get_temp_dir()); // ./renamed_go.so is not there
foreach ($cases as $case => $value) {
    $result = ephpm_run_php(<<<'PHP'
        try {
            var_dump(ephpm_kv_set('k', 'v'), ephpm_kv_get('k'));
        } catch (Error $e) {
            echo $e->getMessage(), "\n";
        }
        ob_start();
        phpinfo(INFO_MODULES);
        preg_match('/^Go library => (.*)$/m', ob_get_clean(), $m);
        echo $m[1], "\n";
        PHP, ['extension_dir' => "$dir/", 'ephpm_kv.library' => $value]);
    echo "-- $case: $value\n", str_replace($dir, 'EXTDIR', $result['stdout'] . $result['stderr']);
}
unlink("$dir/renamed_go.so");
rmdir($dir);
?>
--EXPECTF--
-- bare name: renamed_go.so
bool(true)
string(1) "v"
EXTDIR/renamed_go.so
-- missing bare name: missing_go.so

Warning: ephpm_kv: the Go library EXTDIR/missing_go.so cannot be used (No such file or directory): every ephpm_kv_* call and the ephpm session handler will fail; set ephpm_kv.library to the path of ephpm_kv_go.so in Unknown on line 0
ephpm_kv: cannot load the Go library EXTDIR/missing_go.so: EXTDIR/missing_go.so: cannot open shared object file: No such file or directory (set ephpm_kv.library to the path of ephpm_kv_go.so)
EXTDIR/missing_go.so
-- relative path: ./renamed_go.so

Warning: ephpm_kv: the Go library ./renamed_go.so cannot be used (No such file or directory): every ephpm_kv_* call and the ephpm session handler will fail; set ephpm_kv.library to the path of ephpm_kv_go.so in Unknown on line 0
ephpm_kv: cannot load the Go library ./renamed_go.so: ./renamed_go.so: cannot open shared object file: No such file or directory (set ephpm_kv.library to the path of ephpm_kv_go.so)
./renamed_go.so
