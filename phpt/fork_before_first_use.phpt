--TEST--
Processes forked before their first ephpm_kv call share one store (atomic incr across processes)
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

$work = function (string $name) {
    for ($i = 0; $i < 500; $i++) {
        ephpm_kv_incr('counter');
        ephpm_kv_setnx('first-writer', $name);
    }
    ephpm_kv_set("pid-of-$name", (string) getmypid());
    return 0;
};
$children = [];
foreach (['child1', 'child2'] as $name) {
    $pid = ephpm_fork(fn () => $work($name));
    $children[$name] = $pid;
}
$work('parent');
foreach ($children as $name => $pid) {
    $code = ephpm_wait_child($pid);
    echo "$name exit code: $code\n";
}
var_dump(ephpm_kv_get('counter'));
foreach ($children as $name => $pid) {
    var_dump(ephpm_kv_get("pid-of-$name") === (string) $pid);
}
var_dump(ephpm_kv_get('pid-of-parent') === (string) getmypid());
var_dump(in_array(ephpm_kv_get('first-writer'), ['child1', 'child2', 'parent'], true));
?>
--EXPECT--
child1 exit code: 0
child2 exit code: 0
string(4) "1500"
bool(true)
bool(true)
bool(true)
bool(true)
