<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/** Runs a php script in a fresh process (session behaviour needs a process that has sent no output yet). */
final class PhpProcess
{
    /**
     * @param list<string>          $phpArgs arguments before the script (-n, -d name=value, ...)
     * @param list<string>          $scriptArgs
     * @param array<string, string> $env     added to the inherited environment
     */
    public static function run(array $phpArgs, string $script, array $scriptArgs = [], array $env = []): ProcessResult
    {
        $command = [PHP_BINARY, ...$phpArgs, $script, ...$scriptArgs];
        // Files, not pipes: a child filling one pipe while we drain the other would deadlock.
        $stdoutFile = tempnam(sys_get_temp_dir(), 'kvsh-out-');
        $stderrFile = tempnam(sys_get_temp_dir(), 'kvsh-err-');
        $process = proc_open(
            $command,
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $stdoutFile, 'w'], 2 => ['file', $stderrFile, 'w']],
            $pipes,
            null,
            $env + getenv(),
        );
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start ' . implode(' ', $command));
        }
        $exitCode = proc_close($process);
        $stdout = (string) file_get_contents($stdoutFile);
        $stderr = (string) file_get_contents($stderrFile);
        unlink($stdoutFile);
        unlink($stderrFile);

        return new ProcessResult($exitCode, $stdout, $stderr);
    }
}
