<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/** Where the built ephpm_kv modules are and the php flags that load them. */
final class Extension
{
    public static function modulesDir(): string
    {
        $fromEnv = getenv('EPHPM_KV_MODULES');

        return is_string($fromEnv) && $fromEnv !== '' ? $fromEnv : dirname(__DIR__, 3) . '/build/modules';
    }

    /** @return list<string> php command-line arguments loading the extension and its Go library */
    public static function phpFlags(): array
    {
        $dir = self::modulesDir();
        foreach (['ephpm_kv.so', 'ephpm_kv_go.so'] as $file) {
            if (!is_file("$dir/$file")) {
                throw new \RuntimeException("$dir/$file does not exist: run make build first (or set EPHPM_KV_MODULES)");
            }
        }

        return ['-d', "extension=$dir/ephpm_kv.so", '-d', "ephpm_kv.library=$dir/ephpm_kv_go.so"];
    }
}
