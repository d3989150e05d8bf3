<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Sapi;

use Ephpm\SessionHandler\Tests\Support\BuiltinServer;
use Ephpm\SessionHandler\Tests\Support\Examples;
use Ephpm\SessionHandler\Tests\Support\Extension;
use Ephpm\SessionHandler\Tests\Support\TempDir;
use PHPUnit\Framework\TestCase;

/**
 * With $lockSessions, concurrent requests of one session run one after another: 8 clients
 * hammering one session through 4 `php -S` workers lose no increment. The page sleeps
 * between read and write so that, without the lock, lost updates are all but certain.
 */
final class LockingUnderConcurrencyTest extends TestCase
{
    private const CLIENTS = 8;
    private const REQUESTS_PER_CLIENT = 20;

    private TempDir $dir;
    private ?BuiltinServer $server = null;

    protected function setUp(): void
    {
        $this->dir = new TempDir('locking');
    }

    protected function tearDown(): void
    {
        $this->server?->stop();
        $this->dir->remove();
    }

    public function testConcurrentRequestsOfOneSessionLoseNoIncrement(): void
    {
        $bootstrap = $this->dir->write('bootstrap.php', "<?php\nrequire_once " . var_export(Examples::packageAutoloader(), true) . ";\n"
            . "session_set_save_handler(new \\Ephpm\\SessionHandler\\KvSessionHandler(lockSessions: true), true);\n");
        $this->dir->write('docroot/counter.php', <<<'PHP'
            <?php
            session_start();
            $seen = $_SESSION['n'] ?? 0;
            usleep(3000);
            $_SESSION['n'] = $seen + 1;
            echo $_SESSION['n'];
            PHP);
        $this->server = BuiltinServer::start(
            [...Extension::phpFlags(), '-d', "auto_prepend_file=$bootstrap"],
            $this->dir->path . '/docroot',
            4,
        );

        $first = $this->server->get('/counter.php');
        self::assertSame('1', $first->body, $this->server->log());
        $id = $first->cookie('PHPSESSID');
        self::assertNotNull($id);

        $clients = [];
        for ($i = 0; $i < self::CLIENTS; ++$i) {
            $output = $this->dir->path . "/client-$i.out";
            $process = proc_open(
                [PHP_BINARY, dirname(__DIR__) . '/scripts/http_client_loop.php', (string) $this->server->port, '/counter.php', $id, (string) self::REQUESTS_PER_CLIENT],
                [0 => ['file', '/dev/null', 'r'], 1 => ['file', $output, 'w'], 2 => ['file', "$output.err", 'w']],
                $pipes,
            );
            self::assertIsResource($process, "cannot start client $i");
            $clients[$i] = [$process, $output];
        }
        $statuses = [];
        foreach ($clients as $i => [$process, $output]) {
            self::assertSame(0, proc_close($process), "client $i failed: " . file_get_contents("$output.err"));
            foreach (explode("\n", trim((string) file_get_contents($output))) as $line) {
                $statuses[] = (int) strtok($line, ' ');
            }
        }

        self::assertCount(self::CLIENTS * self::REQUESTS_PER_CLIENT, $statuses);
        self::assertSame([200], array_values(array_unique($statuses)));
        $expected = 1 + self::CLIENTS * self::REQUESTS_PER_CLIENT;
        self::assertSame((string) ($expected + 1), $this->server->get('/counter.php', ['Cookie' => "PHPSESSID=$id"])->body);
        self::assertStringNotContainsString('Warning', $this->server->log());
    }
}
