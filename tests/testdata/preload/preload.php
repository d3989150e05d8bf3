<?php
// opcache.preload script: warms the store before the pool serves.
ephpm_kv_set('warmed_by_preload', (string) getmypid());
