--TEST--
pcntl_fork after the first ephpm_kv call: the child gets a clear Error (never a hang), the parent keeps working
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

ephpm_kv_set('k', 'before fork');
$child = ephpm_fork(function () {
    $calls = [
        fn () => ephpm_kv_get('k'),
        fn () => ephpm_kv_set('k', 'from child'),
        fn () => ephpm_kv_incr('n'),
        fn () => ephpm_kv_wait('k', 0, 0),
        fn () => ephpm_kv_info(),
        fn () => ephpm_kv_flush_all(),
    ];
    $messages = [];
    foreach ($calls as $call) {
        try {
            $call();
            $messages[] = 'no error';
        } catch (Error $e) {
            $messages[] = get_class($e) . ': ' . $e->getMessage();
        }
    }
    echo count(array_unique($messages)), " distinct outcome(s) for ", count($calls), " calls\n";
    echo $messages[0], "\n";
    return 0;
});
$code = ephpm_wait_child($child);
echo "child exit code: $code\n";
var_dump(ephpm_kv_get('k'), ephpm_kv_exists('n'));
var_dump(ephpm_kv_set('k', 'parent after fork'), ephpm_kv_get('k'), ephpm_kv_incr('n'));
?>
--EXPECTF--
1 distinct outcome(s) for 6 calls
Error: ephpm_kv cannot be used in this process (pid %d): it was forked from pid %d after that process had started the Go runtime of ephpm_kv, which does not survive fork(). pcntl_fork() after the first ephpm_kv call is unsupported: fork before the first call, or start a new PHP process (exec, proc_open)
child exit code: 0
string(11) "before fork"
bool(false)
bool(true)
string(17) "parent after fork"
int(1)
