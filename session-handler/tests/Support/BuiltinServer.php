<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/**
 * `php -S` with PHP_CLI_SERVER_WORKERS worker processes: a real multi-process SAPI
 * whose workers share one ephpm_kv store (created in the parent before it forks).
 */
final class BuiltinServer
{
    /** @var resource */
    private $process;
    private readonly int $pid;
    private readonly string $logFile;
    private bool $stopped = false;

    /** @param list<string> $phpArgs e.g. the extension flags and -d ini settings */
    private function __construct(array $phpArgs, string $docroot, int $workers, public readonly int $port)
    {
        $this->logFile = tempnam(sys_get_temp_dir(), 'kvsh-server-');
        // setsid: the server and the workers it forks get their own process group, so stop() can end all of them.
        $command = ['setsid', PHP_BINARY, ...$phpArgs, '-S', "127.0.0.1:$port", '-t', $docroot];
        $process = proc_open(
            $command,
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->logFile, 'a'], 2 => ['file', $this->logFile, 'a']],
            $pipes,
            $docroot,
            ['PHP_CLI_SERVER_WORKERS' => (string) $workers] + getenv(),
        );
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start ' . implode(' ', $command));
        }
        $this->process = $process;
        $this->pid = proc_get_status($process)['pid'];
    }

    /** @param list<string> $phpArgs */
    public static function start(array $phpArgs, string $docroot, int $workers = 2): self
    {
        $server = new self($phpArgs, $docroot, $workers, self::freePort());
        $deadline = microtime(true) + 10;
        while (microtime(true) < $deadline) {
            $socket = @stream_socket_client("tcp://127.0.0.1:{$server->port}", $errno, $error, 0.2);
            if ($socket !== false) {
                fclose($socket);

                return $server;
            }
            if (!proc_get_status($server->process)['running']) {
                break;
            }
            usleep(20_000);
        }
        $log = $server->log();
        $server->stop();

        throw new \RuntimeException("php -S did not start listening on port {$server->port}:\n$log");
    }

    /** @param array<string, string> $headers */
    public function get(string $path, array $headers = []): HttpResponse
    {
        return self::request($this->port, $path, $headers);
    }

    /** @param array<string, string> $headers */
    public static function request(int $port, string $path, array $headers = []): HttpResponse
    {
        $socket = stream_socket_client("tcp://127.0.0.1:$port", $errno, $error, 10);
        if ($socket === false) {
            throw new \RuntimeException("connect to 127.0.0.1:$port failed: $error");
        }
        stream_set_timeout($socket, 30);
        $headers += ['Host' => "127.0.0.1:$port", 'Connection' => 'close'];
        $request = "GET $path HTTP/1.0\r\n";
        foreach ($headers as $name => $value) {
            $request .= "$name: $value\r\n";
        }
        fwrite($socket, $request . "\r\n");
        $raw = stream_get_contents($socket);
        fclose($socket);
        if ($raw === false || !str_contains($raw, "\r\n\r\n")) {
            throw new \RuntimeException("incomplete HTTP response for $path: " . var_export($raw, true));
        }
        [$head, $body] = explode("\r\n\r\n", $raw, 2);
        $lines = explode("\r\n", $head);
        $statusLine = array_shift($lines);
        if (preg_match('#^HTTP/\d\.\d (\d{3})#', $statusLine, $match) !== 1) {
            throw new \RuntimeException("bad status line: $statusLine");
        }

        return new HttpResponse((int) $match[1], $lines, $body);
    }

    /** What the server and its scripts wrote to stdout/stderr (PHP errors land here). */
    public function log(): string
    {
        return (string) file_get_contents($this->logFile);
    }

    public function stop(): void
    {
        if ($this->stopped) {
            return;
        }
        $this->stopped = true;
        // SIGKILL, not SIGTERM: php -S workers take about 2 s to honour SIGTERM, and a test
        // server has nothing to flush (the store is anonymous shared memory, gone with them).
        posix_kill(-$this->pid, SIGKILL);
        proc_close($this->process);
        // The workers are children of the server, not of us: wait until none of the group runs.
        $deadline = microtime(true) + 5;
        while ($this->groupHasLiveProcesses() && microtime(true) < $deadline) {
            usleep(5_000);
        }
        @unlink($this->logFile);
    }

    /** Zombies (dead, waiting for init to reap them) do not count. */
    private function groupHasLiveProcesses(): bool
    {
        foreach (glob('/proc/[0-9]*/stat') ?: [] as $statFile) {
            $stat = @file_get_contents($statFile);
            if ($stat === false) {
                continue;
            }
            // Fields after the parenthesised command: state, ppid, pgrp, ...
            $fields = explode(' ', substr($stat, strrpos($stat, ')') + 2));
            if ((int) ($fields[2] ?? 0) === $this->pid && ($fields[0] ?? 'Z') !== 'Z') {
                return true;
            }
        }

        return false;
    }

    private static function freePort(): int
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($probe === false) {
            throw new \RuntimeException("cannot bind a probe socket: $error");
        }
        $name = stream_socket_get_name($probe, false);
        fclose($probe);

        return (int) substr((string) $name, strrpos((string) $name, ':') + 1);
    }
}
