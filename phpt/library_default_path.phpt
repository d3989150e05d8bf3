--TEST--
ephpm_kv.library defaults to ephpm_kv_go.so next to ephpm_kv.so
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

preg_match('/extension=(\S*ephpm_kv\.so)/', getenv('TEST_PHP_EXTRA_ARGS'), $m);
$dir = str_contains($m[1], '/') ? dirname($m[1]) : rtrim(ini_get('extension_dir'), '/');
$expected = $dir . '/ephpm_kv_go.so';
$result = ephpm_run_php(<<<'PHP'
    var_dump(ini_get('ephpm_kv.library'));
    var_dump(ephpm_kv_set('k', 'v'), ephpm_kv_get('k'));
    ob_start();
    phpinfo(INFO_MODULES);
    preg_match('/^Go library => (.*)$/m', ob_get_clean(), $m);
    echo $m[1], "\n";
    PHP, ['ephpm_kv.library' => '']);
echo str_replace($expected, '<dir of ephpm_kv.so>/ephpm_kv_go.so', $result['stdout']), $result['stderr'];
?>
--EXPECT--
string(0) ""
bool(true)
string(1) "v"
<dir of ephpm_kv.so>/ephpm_kv_go.so
