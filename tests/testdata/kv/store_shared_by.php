<?php
// phpinfo()'s "Store shared by" row, as this SAPI shows it.
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
preg_match('/Store shared by\s*<\/td><td class="v">\s*(.*?)\s*<\/td>|^Store shared by => (.*)$/m', $info, $m);
echo html_entity_decode($m[1] ?: ($m[2] ?? 'no row'), ENT_QUOTES);
