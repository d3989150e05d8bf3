<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/** Runs code and collects the PHP warnings it raises instead of letting PHPUnit turn them into errors. */
final class Warnings
{
    /**
     * @template T
     * @param callable(): T $code
     * @return array{T, list<string>} the result and the warning messages
     */
    public static function collect(callable $code): array
    {
        $messages = [];
        set_error_handler(static function (int $level, string $message) use (&$messages): bool {
            $messages[] = $message;

            return true;
        }, E_WARNING | E_USER_WARNING);
        try {
            $result = $code();
        } finally {
            restore_error_handler();
        }

        return [$result, $messages];
    }
}
