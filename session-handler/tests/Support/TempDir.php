<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/** A private scratch directory under the system temp dir, removed without following symlinks. */
final class TempDir
{
    public readonly string $path;

    public function __construct(string $label)
    {
        $this->path = sys_get_temp_dir() . '/kvsh-' . $label . '-' . bin2hex(random_bytes(4));
        if (!mkdir($this->path, 0700, true)) {
            throw new \RuntimeException("cannot create {$this->path}");
        }
    }

    /** Writes $contents to a path relative to the directory, creating parent directories. */
    public function write(string $relativePath, string $contents): string
    {
        $file = $this->path . '/' . $relativePath;
        if (!is_dir(dirname($file))) {
            mkdir(dirname($file), 0700, true);
        }
        file_put_contents($file, $contents);

        return $file;
    }

    public function remove(): void
    {
        self::removeTree($this->path);
    }

    private static function removeTree(string $path): void
    {
        // A symlink (e.g. Composer's path-repository link to this package) is unlinked, never descended into.
        if (is_link($path) || !is_dir($path)) {
            @unlink($path);

            return;
        }
        foreach (scandir($path) ?: [] as $entry) {
            if ($entry !== '.' && $entry !== '..') {
                self::removeTree("$path/$entry");
            }
        }
        rmdir($path);
    }
}
