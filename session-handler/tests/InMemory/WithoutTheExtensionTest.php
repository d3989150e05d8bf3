<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\InMemory;

use Ephpm\SessionHandler\Tests\Support\Examples;
use Ephpm\SessionHandler\Tests\Support\PhpProcess;
use Ephpm\SessionHandler\Tests\Support\ProcessResult;
use Ephpm\SessionHandler\Tests\Support\TempDir;
use PHPUnit\Framework\TestCase;

/**
 * Runs in `php -n` children: no php.ini, so the ephpm_kv extension is certainly absent
 * even on a machine where it is enabled globally.
 */
final class WithoutTheExtensionTest extends TestCase
{
    private TempDir $dir;

    protected function setUp(): void
    {
        $this->dir = new TempDir('noext');
    }

    protected function tearDown(): void
    {
        $this->dir->remove();
    }

    private function runWithoutExtension(string $code, string ...$phpArgs): ProcessResult
    {
        $script = $this->dir->write('script.php', "<?php\nrequire " . var_export(Examples::packageAutoloader(), true) . ";\n" . $code);

        return PhpProcess::run(['-n', ...$phpArgs], $script);
    }

    public function testSapiKvOpsRefusesToConstructAndSaysHowToLoadTheExtension(): void
    {
        $run = $this->runWithoutExtension(<<<'PHP'
            var_dump(function_exists('ephpm_kv_get'));
            try {
                new Ephpm\SessionHandler\SapiKvOps();
                echo "constructed\n";
            } catch (RuntimeException $e) {
                echo get_class($e), ': ', $e->getMessage(), "\n";
            }
            PHP);
        self::assertSame(0, $run->exitCode, $run->describe());
        self::assertStringStartsWith("bool(false)\nRuntimeException: ", $run->stdout);
        self::assertStringContainsString('ephpm_kv extension is not loaded', $run->stdout);
        self::assertStringContainsString('extension=ephpm_kv.so', $run->stdout);
        self::assertStringContainsString('ePHPm', $run->stdout);
        self::assertStringContainsString('InMemoryKvOps', $run->stdout);
        self::assertStringNotContainsString('constructed', $run->stdout);
    }

    public function testTheDefaultHandlerFailsAtConstructionNotAtTheFirstRequest(): void
    {
        $run = $this->runWithoutExtension(<<<'PHP'
            try {
                session_set_save_handler(new Ephpm\SessionHandler\KvSessionHandler(), true);
                echo "registered\n";
            } catch (RuntimeException $e) {
                echo $e->getMessage(), "\n";
            }
            PHP);
        self::assertSame(0, $run->exitCode, $run->describe());
        self::assertStringContainsString('ephpm_kv extension is not loaded', $run->stdout);
        self::assertStringNotContainsString('registered', $run->stdout);
    }

    public function testTheReadmesInMemoryTestingExampleRunsAsWritten(): void
    {
        $run = $this->runWithoutExtension(
            Examples::text('in_memory_testing.txt') . "echo \"example passed\\n\";\n",
            '-d', 'zend.assertions=1', '-d', 'assert.exception=1',
        );
        self::assertSame(0, $run->exitCode, $run->describe());
        self::assertSame("example passed\n", $run->stdout);
        self::assertSame('', $run->stderr);
    }

    public function testTheInMemoryExampleWouldCatchAWrongRead(): void
    {
        // The same example with the expected payload altered must fail, so the run above proves something.
        $broken = str_replace("=== 'user|s:5:\"alice\";'", "=== 'user|s:3:\"bob\";'", Examples::text('in_memory_testing.txt'));
        self::assertNotSame(Examples::text('in_memory_testing.txt'), $broken);
        $run = $this->runWithoutExtension($broken . "echo \"example passed\\n\";\n", '-d', 'zend.assertions=1', '-d', 'assert.exception=1');
        self::assertNotSame(0, $run->exitCode);
        self::assertStringContainsString('AssertionError', $run->stdout . $run->stderr);
    }

    public function testTheConfirmSnippetReportsAMissingExtension(): void
    {
        $run = $this->runWithoutExtension(Examples::text('confirm_extension.txt'));
        self::assertSame("bool(false)\n", $run->stdout, $run->describe());
    }
}
