--TEST--
Go library from another build (another interface version, or none): refused before any other call, with an Error saying to install both from the same build
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

$dir = sys_get_temp_dir() . '/ephpm_kv_other_build_' . getmypid();
@mkdir($dir);
$libraries = [
    'newer' => 'int ephpm_go_abi_version(void) { return 999; }',
    'older' => 'int ephpm_go_get(void) { return 0; }',
];
foreach ($libraries as $name => $source) {
    file_put_contents("$dir/$name.c", $source);
    exec('cc -shared -fPIC -o ' . escapeshellarg("$dir/$name.so") . ' ' . escapeshellarg("$dir/$name.c") . ' 2>&1', $output, $status);
    if ($status !== 0) {
        die("cannot build the test library:\n" . implode("\n", $output));
    }
    $result = ephpm_run_php(<<<'PHP'
        try {
            ephpm_kv_set('k', 'v');
        } catch (Error $e) {
            echo get_class($e), ': ', $e->getMessage(), "\n";
        }
        var_dump(session_start());
        PHP, ['ephpm_kv.library' => "$dir/$name.so", 'session.save_handler' => 'ephpm', 'session.use_cookies' => '0']);
    echo "-- $name\n", str_replace($dir, 'DIR', $result['stdout'] . $result['stderr']);
    unlink("$dir/$name.c");
    unlink("$dir/$name.so");
}
rmdir($dir);
?>
--EXPECTF--
-- newer
Error: ephpm_kv: the Go library DIR/newer.so has interface version 999, this extension needs %d (install ephpm_kv.so and ephpm_kv_go.so from the same build)

Warning: session_start(): ephpm_kv: the Go library DIR/newer.so has interface version 999, %s in Command line code on line %d

Warning: session_start(): Failed to initialize storage module: ephpm (path: %S) in Command line code on line %d
bool(false)
-- older
Error: ephpm_kv: the Go library DIR/older.so does not export ephpm_go_abi_version: it is not from this version of ephpm_kv (install ephpm_kv.so and ephpm_kv_go.so from the same build)

Warning: session_start(): ephpm_kv: the Go library DIR/older.so does not export ephpm_go_abi_version: %s in Command line code on line %d

Warning: session_start(): Failed to initialize storage module: ephpm (path: %S) in Command line code on line %d
bool(false)
