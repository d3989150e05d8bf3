--TEST--
Inside a process that already runs a Go runtime (FrankenPHP) the store refuses to start, with a startup warning
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

// A Go c-shared library preloaded into php plays the host's Go runtime.
$hostGo = getenv('EPHPM_KV_TEST_HOSTGO');
if (!$hostGo) {
    $hostGo = sys_get_temp_dir() . '/ephpm_kv_hostgo_' . getmypid() . '.so';
    exec('cd ' . escapeshellarg(__DIR__ . '/testdata') . ' && PATH=/usr/local/go/bin:$PATH go build -buildmode=c-shared -o '
        . escapeshellarg($hostGo) . ' hostgo.go 2>&1', $output, $status);
    if ($status !== 0) {
        die("cannot build the host-Go test library:\n" . implode("\n", $output));
    }
}
$result = ephpm_run_php(<<<'PHP'
    foreach ([fn () => ephpm_kv_set('k', 'v'), fn () => ephpm_kv_info()] as $call) {
        try {
            $call();
            echo "no error\n";
        } catch (Error $e) {
            echo get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    var_dump(session_start());
    PHP, ['session.save_handler' => 'ephpm', 'session.use_cookies' => '0'], ['LD_PRELOAD' => $hostGo]);
if (!getenv('EPHPM_KV_TEST_HOSTGO')) {
    @unlink($hostGo);
    @unlink(preg_replace('/\.so$/', '.h', $hostGo));
}
echo $result['stdout'], $result['stderr'];
echo "exit status: {$result['status']}\n";
?>
--EXPECTF--
Warning: ephpm_kv is disabled: this process already runs a Go runtime (a library loaded into it exports crosscall2), and a process can host only one (golang/go#65050); the ephpm_kv_* functions and the "ephpm" session handler are unavailable in Unknown on line 0
Error: ephpm_kv is disabled: this process already runs a Go runtime (a library loaded into it exports crosscall2), and a process can host only one (golang/go#65050); the ephpm_kv_* functions and the "ephpm" session handler are unavailable
Error: ephpm_kv is disabled: %s

Warning: session_start(): ephpm_kv is disabled: %s in Command line code on line %d

Warning: session_start(): Failed to initialize storage module: ephpm (path: %S) in Command line code on line %d
bool(false)
exit status: 0
