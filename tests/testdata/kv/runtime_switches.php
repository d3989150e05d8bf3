<?php
// Two store calls (a request's burst), then "<pid> <context switches so far of
// this worker's threads other than the PHP thread>": those are Go runtime
// threads, which should sleep between requests.
ephpm_kv_exists('runtime-switches');
ephpm_kv_get('runtime-switches');
$switches = 0;
foreach (glob('/proc/self/task/*') as $task) {
    if ((int) basename($task) === getmypid()) {
        continue;
    }
    $status = @file_get_contents("$task/status");
    if ($status !== false && preg_match_all('/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/m', $status, $m)) {
        $switches += array_sum($m[1]);
    }
}
echo getmypid(), ' ', $switches;
