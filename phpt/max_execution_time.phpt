--TEST--
A loop of ephpm_kv_* calls ends with PHP's normal max_execution_time error, 20 runs in a row, no Go crash
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

$loop = <<<'PHP'
    $value = str_repeat('x', 100);
    for ($i = 0; ; $i++) {
        ephpm_kv_set("key" . ($i % 1000), $value, 60);
        ephpm_kv_get("key" . ($i % 997));
        ephpm_kv_incr('counter');
        if ($i % 5000 === 0) {
            ephpm_kv_info();
        }
    }
    PHP;
$outcomes = [];
for ($run = 1; $run <= 20; $run++) {
    $result = ephpm_run_php($loop, ['max_execution_time' => '1']);
    $timedOut = preg_match('/^PHP Fatal error:  Maximum execution time of 1 second exceeded|^Fatal error: Maximum execution time of 1 second exceeded/m',
        $result['stdout'] . $result['stderr']);
    $outcome = $timedOut && $result['status'] === 255 && $result['stderr'] === ''
        ? 'ended by max_execution_time'
        : "run $run: status {$result['status']}\n{$result['stdout']}\n{$result['stderr']}";
    $outcomes[$outcome] = ($outcomes[$outcome] ?? 0) + 1;
}
foreach ($outcomes as $outcome => $count) {
    echo "$count x $outcome\n";
}
?>
--EXPECT--
20 x ended by max_execution_time
