--TEST--
A Go library that loaded but was refused (another build) still gets SA_ONSTACK on PHP's signal handlers: loading it may have started a runtime whose threads take signals
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

$dir = sys_get_temp_dir() . '/ephpm_kv_refused_signals_' . getmypid();
@mkdir($dir);
file_put_contents("$dir/newer.c", 'int ephpm_go_abi_version(void) { return 999; }');
exec('cc -shared -fPIC -o ' . escapeshellarg("$dir/newer.so") . ' ' . escapeshellarg("$dir/newer.c") . ' 2>&1', $output, $status);
if ($status !== 0) {
    die("cannot build the test library:\n" . implode("\n", $output));
}
$result = ephpm_run_php(<<<'PHP'
    $libc = FFI::cdef('
        typedef struct { void *handler; unsigned long mask[16]; int flags; void *restorer; } sigaction_t;
        int sigaction(int signum, const sigaction_t *act, sigaction_t *oldact);', 'libc.so.6');
    $onstack = function (int $signal) use ($libc): string {
        $current = $libc->new('sigaction_t');
        $libc->sigaction($signal, null, FFI::addr($current));
        return ($current->flags & 0x08000000) ? 'SA_ONSTACK' : 'no SA_ONSTACK';
    };
    echo "before: SIGPROF ", $onstack(SIGPROF), "\n";
    try {
        ephpm_kv_set('k', 'v');
    } catch (Error $e) {
        echo "refused: ", str_contains($e->getMessage(), 'interface version 999') ? 'another build' : $e->getMessage(), "\n";
    }
    echo "after: SIGPROF ", $onstack(SIGPROF), ", SIGTERM ", $onstack(SIGTERM), "\n";
    PHP, ['extension' => 'ffi', 'ffi.enable' => '1', 'ephpm_kv.library' => "$dir/newer.so"]);
echo $result['stdout'], $result['stderr'];
unlink("$dir/newer.c");
unlink("$dir/newer.so");
rmdir($dir);
?>
--EXPECT--
before: SIGPROF no SA_ONSTACK
refused: another build
after: SIGPROF SA_ONSTACK, SIGTERM SA_ONSTACK
