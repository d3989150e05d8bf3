<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\InMemory;

use Ephpm\SessionHandler\InMemoryKvOps;
use Ephpm\SessionHandler\KvSessionHandler;
use Ephpm\SessionHandler\Tests\Support\PhpProcess;
use Ephpm\SessionHandler\Tests\Support\TempDir;
use PHPUnit\Framework\TestCase;

/** The session_get_save_handler() stand-in of src/functions.php, in fresh processes. */
final class SessionGetSaveHandlerTest extends TestCase
{
    public function testLastOpenedIsTheHandlerWhoseOpenWasCalled(): void
    {
        $first = new KvSessionHandler(ops: new InMemoryKvOps());
        $second = new KvSessionHandler(ops: new InMemoryKvOps());
        $first->open('', 'PHPSESSID');
        self::assertSame($first, KvSessionHandler::lastOpened());
        $second->open('', 'PHPSESSID');
        self::assertSame($second, KvSessionHandler::lastOpened());
    }

    public function testItReturnsTheRegisteredHandlerOnlyWhileItIsTheSaveHandler(): void
    {
        $dir = new TempDir('sgsh');
        try {
            $script = $dir->write('script.php', "<?php\nrequire " . var_export(dirname(__DIR__, 2) . '/autoload.php', true) . ";\n" . <<<'PHP'
                use Ephpm\SessionHandler\InMemoryKvOps;
                use Ephpm\SessionHandler\KvSessionHandler;
                $lines = [];
                $lines[] = 'before: ' . var_export(session_get_save_handler(), true);
                $handler = new KvSessionHandler(ops: new InMemoryKvOps());
                session_set_save_handler($handler, true);
                session_start();
                $lines[] = 'active: ' . var_export(session_get_save_handler() === $handler, true);
                session_write_close();
                $lines[] = 'after close: ' . var_export(session_get_save_handler() === $handler, true);
                ini_set('session.save_handler', 'files');
                $lines[] = 'files: ' . var_export(session_get_save_handler(), true);
                echo implode("\n", $lines), "\n";
                PHP);
            $run = PhpProcess::run(['-n'], $script);
        } finally {
            $dir->remove();
        }
        self::assertSame(0, $run->exitCode, $run->describe());
        self::assertSame("before: NULL\nactive: true\nafter close: true\nfiles: NULL\n", $run->stdout, $run->describe());
    }
}
