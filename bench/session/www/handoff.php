<?php
// hrtime(true) is CLOCK_MONOTONIC, comparable across the pool's processes, so the bench can
// pair one request's release with the next request's acquisition of the same session lock.
$asked = hrtime(true);
session_start();
$acquired = hrtime(true);
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
usleep((int)($_GET['hold_us'] ?? 1000));
$released = hrtime(true);
session_write_close();
echo $asked, ' ', $acquired, ' ', $released, "\n";
