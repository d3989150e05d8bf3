<?php
// One row of ephpm_kv's phpinfo() section (?row=Store shared by), as this SAPI
// shows it, or "no row".
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$name = preg_quote($_GET['row'], '/');
preg_match("/$name\\s*<\\/td><td class=\"v\">\\s*(.*?)\\s*<\\/td>|^$name => (.*)$/m", $info, $m);
echo $m ? html_entity_decode($m[1] ?: $m[2], ENT_QUOTES) : 'no row';
