<?php
// auto_prepend_file for the "session engine alone" reference run: a handler that stores and
// locks nothing. Its ratio is what PHP's session machinery (cookie, id, cache-limiter headers,
// encode/decode, the callbacks) costs before any handler stores a byte, plus the userland
// method calls that a native handler does not pay: a ceiling no real handler can pass.
final class NoStorageSessionHandler implements SessionHandlerInterface
{
    public function open(string $path, string $name): bool { return true; }
    public function close(): bool { return true; }
    public function read(string $id): string|false { return ''; }
    public function write(string $id, string $data): bool { return true; }
    public function destroy(string $id): bool { return true; }
    public function gc(int $max_lifetime): int|false { return 0; }
}
session_set_save_handler(new NoStorageSessionHandler(), true);
