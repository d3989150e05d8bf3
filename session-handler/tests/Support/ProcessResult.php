<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

final class ProcessResult
{
    public function __construct(
        public readonly int $exitCode,
        public readonly string $stdout,
        public readonly string $stderr,
    ) {
    }

    /** For assertion messages: everything needed to see why a child failed. */
    public function describe(): string
    {
        return "exit code {$this->exitCode}\n--- stdout ---\n{$this->stdout}\n--- stderr ---\n{$this->stderr}";
    }
}
