<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler;

/**
 * The one rule for "is this stored value an integer" used by incrBy, identical to the
 * ephpm_kv extension's: the canonical decimal form of an int64 — "0", or an optional
 * '-' followed by digits without a leading zero — within int64. Rejected: "007", "-0",
 * "+1", " 1", "1 ", "1.5", "1e3", "0x1A", "" and anything out of range.
 *
 * @internal
 */
final class DecimalInt64
{
    public static function parse(string $value): ?int
    {
        if (preg_match('/^(?:0|-?[1-9][0-9]{0,18})$/D', $value) !== 1) {
            return null;
        }
        $number = (int) $value;

        // (int) saturates out-of-range input, so a value that does not print back as itself did not fit.
        return (string) $number === $value ? $number : null;
    }

    /** The sum, or null when it does not fit in int64. */
    public static function add(int $current, int $delta): ?int
    {
        if ($delta > 0 && $current > PHP_INT_MAX - $delta) {
            return null;
        }
        if ($delta < 0 && $current < PHP_INT_MIN - $delta) {
            return null;
        }

        return $current + $delta;
    }
}
