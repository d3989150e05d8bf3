<?php
// Replies "<pid> stored" once ?key= holds ?value= in the shared store.
$ok = ephpm_kv_set($_GET['key'], $_GET['value']);
if (!$ok) {
    http_response_code(500);
}
echo getmypid(), ' ', $ok ? 'stored' : 'failed';
