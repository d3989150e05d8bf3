<?php
// Replies "<pid> <value stored by the preload script>".
echo getmypid(), ' ', ephpm_kv_get('warmed_by_preload') ?? 'missing';
