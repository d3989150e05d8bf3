<?php
// Opens the session without changing it; replies "<pid> locked-session-opened".
require __DIR__ . '/start.inc';
start_session();
echo getmypid(), ' locked-session-opened';
