--TEST--
Each request of a long-lived worker starts with SA_ONSTACK on the handlers PHP reinstalled (php -S)
--INI--
extension=ffi
ffi.enable=1
--FILE--
<?php
$docroot = sys_get_temp_dir() . '/ephpm_kv_sigtest_' . getmypid();
@mkdir($docroot);
file_put_contents("$docroot/index.php", <<<'PHP'
    <?php
    $libc = FFI::cdef('
        typedef struct { void *handler; unsigned long mask[16]; int flags; void *restorer; } sigaction_t;
        int sigaction(int signum, const sigaction_t *act, sigaction_t *oldact);', 'libc.so.6');
    $atStart = [];
    foreach (['SIGPROF' => SIGPROF, 'SIGUSR1' => SIGUSR1] as $name => $signal) {
        $current = $libc->new('sigaction_t');
        $libc->sigaction($signal, null, FFI::addr($current));
        $atStart[] = "$name " . (($current->flags & 0x08000000) ? 'SA_ONSTACK' : 'no SA_ONSTACK');
    }
    if (isset($_GET['use'])) {
        ephpm_kv_incr('requests');
    }
    if (isset($_GET['pcntl'])) {
        // pcntl's RSHUTDOWN restores the handler, without SA_ONSTACK.
        pcntl_signal(SIGUSR1, function () {});
    }
    if (isset($_GET['pcntlprof'])) {
        // The timeout signal itself, with other flags (SA_RESTART) than PHP gives it.
        pcntl_signal(SIGPROF, function () {}, true);
        ephpm_kv_incr('requests');
    }
    echo getmypid(), ' ', implode(', ', $atStart);
    PHP);

$probe = stream_socket_server('tcp://127.0.0.1:0');
$address = stream_socket_get_name($probe, false);
fclose($probe);
// exec: proc_open() runs the command through sh, which forks it; without exec
// proc_terminate() would stop only the shell and leave php -S running.
$command = 'exec ' . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -S ' . escapeshellarg($address) . ' -t ' . escapeshellarg($docroot);
$server = proc_open($command, [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', (int) explode(':', $address)[1]); $i++) {
    usleep(50000);
}
$responses = [];
foreach (['/', '/?use', '/', '/?pcntl', '/', '/?use', '/?pcntlprof', '/', '/?use'] as $path) {
    $responses[] = explode(' ', file_get_contents("http://$address$path"), 2);
}
proc_terminate($server);
proc_close($server);
unlink("$docroot/index.php");
rmdir($docroot);
// The server itself must be gone, not only a shell in between: an orphaned
// php -S would keep its port, its Go runtime and its store after the test.
$stopped = false;
for ($i = 0; $i < 100 && !($stopped = !@fsockopen('127.0.0.1', (int) explode(':', $address)[1])); $i++) {
    usleep(50000);
}

echo "one worker process: ", count(array_unique(array_column($responses, 0))) === 1 ? 'yes' : 'no', "\n";
echo "server stopped: ", $stopped ? 'yes' : 'no (pid ' . implode(' ', array_unique(array_column($responses, 0))) . ' still serves)', "\n";
foreach ($responses as $i => [, $atStart]) {
    echo "request ", $i + 1, " starts with $atStart\n";
}
?>
--EXPECT--
one worker process: yes
server stopped: yes
request 1 starts with SIGPROF no SA_ONSTACK, SIGUSR1 no SA_ONSTACK
request 2 starts with SIGPROF no SA_ONSTACK, SIGUSR1 no SA_ONSTACK
request 3 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
request 4 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
request 5 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
request 6 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
request 7 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
request 8 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
request 9 starts with SIGPROF SA_ONSTACK, SIGUSR1 SA_ONSTACK
