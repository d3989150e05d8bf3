--TEST--
Once Go runs in the process, PHP's signal handlers carry SA_ONSTACK, also after PHP reinstalls one
--INI--
extension=ffi
ffi.enable=1
--FILE--
<?php
$libc = FFI::cdef('
    typedef struct { void *handler; unsigned long mask[16]; int flags; void *restorer; } sigaction_t;
    int sigaction(int signum, const sigaction_t *act, sigaction_t *oldact);', 'libc.so.6');
function onstack(FFI $libc, int $signal): string
{
    $current = $libc->new('sigaction_t');
    $libc->sigaction($signal, null, FFI::addr($current));
    return ($current->flags & 0x08000000) ? 'SA_ONSTACK' : 'no SA_ONSTACK';
}
$signals = ['SIGPROF' => SIGPROF, 'SIGHUP' => SIGHUP, 'SIGINT' => SIGINT, 'SIGQUIT' => SIGQUIT,
    'SIGTERM' => SIGTERM, 'SIGUSR1' => SIGUSR1, 'SIGUSR2' => SIGUSR2];

echo "before the first call: SIGPROF ", onstack($libc, SIGPROF), "\n";
ephpm_kv_set('k', 'v');
foreach ($signals as $name => $signal) {
    echo "after the first call: $name ", onstack($libc, $signal), "\n";
}

pcntl_signal(SIGUSR1, function () {});
echo "pcntl_signal() reinstalled: SIGUSR1 ", onstack($libc, SIGUSR1), "\n";
ephpm_kv_get('k');
echo "after the next call: SIGUSR1 ", onstack($libc, SIGUSR1), "\n";

set_time_limit(30);
echo "set_time_limit() re-arms the timer only: SIGPROF ", onstack($libc, SIGPROF), "\n";
?>
--EXPECT--
before the first call: SIGPROF no SA_ONSTACK
after the first call: SIGPROF SA_ONSTACK
after the first call: SIGHUP SA_ONSTACK
after the first call: SIGINT SA_ONSTACK
after the first call: SIGQUIT SA_ONSTACK
after the first call: SIGTERM SA_ONSTACK
after the first call: SIGUSR1 SA_ONSTACK
after the first call: SIGUSR2 SA_ONSTACK
pcntl_signal() reinstalled: SIGUSR1 no SA_ONSTACK
after the next call: SIGUSR1 SA_ONSTACK
set_time_limit() re-arms the timer only: SIGPROF SA_ONSTACK
