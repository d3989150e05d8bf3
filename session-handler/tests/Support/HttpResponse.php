<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

final class HttpResponse
{
    /** @param list<string> $headerLines */
    public function __construct(
        public readonly int $status,
        public readonly array $headerLines,
        public readonly string $body,
    ) {
    }

    /** The value of the first "Name:" header, or null. */
    public function header(string $name): ?string
    {
        foreach ($this->headerLines as $line) {
            [$key, $value] = array_pad(explode(':', $line, 2), 2, '');
            if (strcasecmp(trim($key), $name) === 0) {
                return trim($value);
            }
        }

        return null;
    }

    /** The value the response sets for cookie $name, or null when it sets none. */
    public function cookie(string $name): ?string
    {
        foreach ($this->headerLines as $line) {
            if (preg_match('/^Set-Cookie:\s*' . preg_quote($name, '/') . '=([^;]*)/i', $line, $match) === 1) {
                return urldecode($match[1]);
            }
        }

        return null;
    }
}
