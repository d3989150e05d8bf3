--TEST--
phpinfo(): the ephpm_kv section shows the configuration and the live figures of ephpm_kv_info()
--INI--
ephpm_kv.size=4M
ephpm_kv.eviction_policy=noeviction
ephpm_kv.max_key_size=200
ephpm_kv.gomaxprocs=1
ephpm_kv.gomemlimit=128M
ephpm_kv.session_prefix=site:
ephpm_kv.session_lock_timeout=1500
--FILE--
<?php
ephpm_kv_set('a', 'one');
ephpm_kv_set('b', 'two');
ephpm_kv_get('a');
ephpm_kv_get('missing');
$info = ephpm_kv_info();

ob_start();
phpinfo(INFO_MODULES);
$text = ob_get_clean();
preg_match('/^ephpm_kv\n\n(.*?)\n\nDirective => Local Value => Master Value\n(.*?)\n\n/sm', $text, $section);
$rows = [];
foreach (explode("\n", $section[1]) as $line) {
    [$name, $value] = explode(' => ', $line, 2);
    $rows[$name] = $value;
}
foreach ($info as $name => $value) {
    echo $name, ': ', $rows[$name] === (string) $value ? 'matches ephpm_kv_info()' : "phpinfo says {$rows[$name]}, info says $value", "\n";
}
echo "support: {$rows['ephpm_kv support']}\n";
echo "handler: {$rows['session save handler']}\n";
echo "store shared by: {$rows['Store shared by']}\n";
echo "library: ", $rows['Go library'] === ini_get('ephpm_kv.library') ? 'the configured path' : $rows['Go library'], "\n";
echo "runtime: ", $rows['Go runtime'] === 'running (started by pid ' . getmypid() . ')' ? 'running in this process' : $rows['Go runtime'], "\n";
echo $section[2], "\n";
?>
--EXPECTF--
entries: matches ephpm_kv_info()
memory_used: matches ephpm_kv_info()
memory_free: matches ephpm_kv_info()
memory_total: matches ephpm_kv_info()
hits: matches ephpm_kv_info()
misses: matches ephpm_kv_info()
evictions: matches ephpm_kv_info()
expirations: matches ephpm_kv_info()
shards: matches ephpm_kv_info()
max_entry_size: matches ephpm_kv_info()
lock_takeovers: matches ephpm_kv_info()
eviction_policy: matches ephpm_kv_info()
support: enabled
handler: ephpm
store shared by: this command and the processes it forks before its first use of the store (it ends with them; ephpm_kv.store_file shares a server's store)
library: the configured path
runtime: running in this process
ephpm_kv.eviction_policy => noeviction => noeviction
ephpm_kv.gomaxprocs => 1 => 1
ephpm_kv.gomemlimit => 128M => 128M
ephpm_kv.library => %s/ephpm_kv_go.so => %s/ephpm_kv_go.so
ephpm_kv.max_key_size => 200 => 200
ephpm_kv.scheduler_tick_in_place => On => On
ephpm_kv.session_lock_timeout => 1500 => 1500
ephpm_kv.session_locking => On => On
ephpm_kv.session_prefix => site: => site:
ephpm_kv.size => 4M => 4M
ephpm_kv.store_file => no value => no value
ephpm_kv.store_file_group => no value => no value
