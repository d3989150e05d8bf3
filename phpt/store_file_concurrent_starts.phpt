--TEST--
ephpm_kv.store_file: processes that start at the same moment on a missing file all end up on one store
--FILE--
<?php
$file = '/dev/shm/ephpm_kv_phpt_concurrent_' . getmypid();
$command = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d ephpm_kv.store_file=' . escapeshellarg($file) . ' -d ephpm_kv.size=32M -r '
    . escapeshellarg('fgets(STDIN); echo ephpm_kv_incr("starts"), "\n";');
$processes = [];
for ($i = 0; $i < 8; $i++) {
    // Each blocks in fgets() once started: MINIT (which maps the file) has run by then in all.
    $processes[] = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes[$i]);
}
usleep(300000);
foreach ($pipes as $p) {
    fwrite($p[0], "go\n");
}
$counts = [];
foreach ($processes as $i => $process) {
    $counts[] = (int) trim(stream_get_contents($pipes[$i][1]));
    proc_close($process);
}
sort($counts);
echo implode(' ', $counts), "\n";
var_dump(glob("$file*") === [$file]);
unlink($file);
?>
--EXPECT--
1 2 3 4 5 6 7 8
bool(true)
