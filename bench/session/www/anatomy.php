<?php
// One request's own cost: time inside session_start() and session_write_close(), and the
// worker's cumulative CPU (getrusage: all threads, including any runtime threads of
// extensions) so that the bench can take per-request differences.
$withSession = !isset($_GET['nosession']);
$t0 = hrtime(true);
if ($withSession) {
    session_start();
}
$t1 = hrtime(true);
if ($withSession) {
    $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
    session_write_close();
}
$t2 = hrtime(true);
$ru = getrusage();
echo $t1 - $t0, ' ', $t2 - $t1, ' ',
    $ru['ru_utime.tv_sec'] * 1000000 + $ru['ru_utime.tv_usec'], ' ',
    $ru['ru_stime.tv_sec'] * 1000000 + $ru['ru_stime.tv_usec'], ' ', getmypid(), "\n";
