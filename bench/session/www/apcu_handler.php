<?php
// auto_prepend_file for the "userland APCu" run: the handler many applications use today.
// No locking: concurrent requests on one session overwrite each other (last writer wins).
final class ApcuSessionHandler implements SessionHandlerInterface
{
    public function open(string $path, string $name): bool { return true; }
    public function close(): bool { return true; }
    public function read(string $id): string|false
    {
        $data = apcu_fetch('sess:' . $id);
        return is_string($data) ? $data : '';
    }
    public function write(string $id, string $data): bool
    {
        return apcu_store('sess:' . $id, $data, (int)ini_get('session.gc_maxlifetime'));
    }
    public function destroy(string $id): bool
    {
        apcu_delete('sess:' . $id);
        return true;
    }
    public function gc(int $max_lifetime): int|false { return 0; }
}
session_set_save_handler(new ApcuSessionHandler(), true);
