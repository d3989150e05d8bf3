<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Sapi;

use Ephpm\SessionHandler\Tests\Support\BuiltinServer;
use Ephpm\SessionHandler\Tests\Support\Examples;
use Ephpm\SessionHandler\Tests\Support\Extension;
use Ephpm\SessionHandler\Tests\Support\HttpResponse;
use Ephpm\SessionHandler\Tests\Support\PhpProcess;
use Ephpm\SessionHandler\Tests\Support\TempDir;
use PHPUnit\Framework\TestCase;

/**
 * ePHPm's README examples, verbatim (tests/examples/), served by `php -S` with worker
 * processes and the ephpm_kv extension: the store is the real shared one, the session
 * cookie travels between requests like a browser's.
 */
final class SeedExamplesTest extends TestCase
{
    private const USE_LINE = "use Ephpm\\SessionHandler\\KvSessionHandler;\n";
    private const COUNTER = "session_start();\n\$_SESSION['hits'] = (\$_SESSION['hits'] ?? 0) + 1;\necho \$_SESSION['hits'];\n";

    private TempDir $dir;
    /** @var list<BuiltinServer> */
    private array $servers = [];

    protected function setUp(): void
    {
        $this->dir = new TempDir('examples');
    }

    protected function tearDown(): void
    {
        foreach ($this->servers as $server) {
            $server->stop();
        }
        $this->dir->remove();
    }

    /** @param list<string> $ini name=value settings */
    private function serve(string $docroot, array $ini = [], int $workers = 2): BuiltinServer
    {
        $flags = Extension::phpFlags();
        foreach (['session.gc_maxlifetime=1440', 'session.use_strict_mode=0', ...$ini] as $setting) {
            $flags[] = '-d';
            $flags[] = $setting;
        }
        // An inspection page next to the app, so the test reads the very store the workers share.
        file_put_contents("$docroot/_kv.php", <<<'PHP'
            <?php
            header('Content-Type: application/json');
            echo json_encode(['value' => ephpm_kv_get($_GET['key']), 'ttl' => ephpm_kv_ttl($_GET['key'])]);
            PHP);
        $server = BuiltinServer::start($flags, $docroot, $workers);
        $this->servers[] = $server;

        return $server;
    }

    /** @return array{value: ?string, ttl: int} */
    private function storeEntry(BuiltinServer $server, string $key): array
    {
        $response = $server->get('/_kv.php?key=' . rawurlencode($key));
        self::assertSame(200, $response->status, $response->body . $server->log());

        return json_decode($response->body, true, 512, JSON_THROW_ON_ERROR);
    }

    private function sessionIdFrom(HttpResponse $response): string
    {
        $id = $response->cookie('PHPSESSID');
        self::assertNotNull($id, 'a new session sets the PHPSESSID cookie: ' . implode("\n", $response->headerLines));
        self::assertMatchesRegularExpression('/^[0-9a-zA-Z,-]{22,256}$/', $id);

        return $id;
    }

    private static function cookie(string $id): array
    {
        return ['Cookie' => "PHPSESSID=$id"];
    }

    private function installWithComposerPathRepository(string $app): void
    {
        // The README's "install without Packagist" route, offline: a path repository and no Packagist.
        $composerJson = json_decode(<<<'JSON'
            {
                "name": "acme/my-app",
                "require": {
                    "php": "^8.2",
                    "ephpm/session-handler": "^0.1"
                },
                "autoload": {
                    "files": ["vendor/autoload.php"]
                }
            }
            JSON, true, 512, JSON_THROW_ON_ERROR);
        $composerJson['repositories'] = [
            ['type' => 'path', 'url' => Examples::packageDir(), 'options' => ['symlink' => true, 'versions' => ['ephpm/session-handler' => '0.1.0']]],
            ['packagist.org' => false],
        ];
        file_put_contents("$app/composer.json", json_encode($composerJson, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
        $home = $this->dir->path . '/composer-home';
        $run = PhpProcess::run([], trim((string) shell_exec('command -v composer')), ['install', '--no-interaction', '--no-progress', "--working-dir=$app"], [
            'COMPOSER_HOME' => $home,
            'COMPOSER_CACHE_DIR' => "$home/cache",
            'COMPOSER_ALLOW_SUPERUSER' => '1',
        ]);
        self::assertSame(0, $run->exitCode, $run->describe());
        self::assertFileExists("$app/vendor/autoload.php");
    }

    public function testTheFreshProjectVisitCounterCountsPerSession(): void
    {
        $app = $this->dir->path . '/my-app';
        $this->dir->write('my-app/public/index.php', Examples::text('fresh_project_index.php'));
        $this->installWithComposerPathRepository($app);
        $server = $this->serve("$app/public");

        $first = $server->get('/');
        self::assertSame("You've visited this page 1 times this session.\n", $first->body, $server->log());
        self::assertStringStartsWith('text/plain', (string) $first->header('Content-Type'));
        $id = $this->sessionIdFrom($first);

        self::assertSame("You've visited this page 2 times this session.\n", $server->get('/', self::cookie($id))->body);
        self::assertSame("You've visited this page 3 times this session.\n", $server->get('/', self::cookie($id))->body);
        self::assertSame("You've visited this page 1 times this session.\n", $server->get('/')->body, 'a new visitor starts at 1');

        $entry = $this->storeEntry($server, "php_session:$id");
        self::assertSame('hits|i:3;', $entry['value']);
        self::assertGreaterThan(1400, $entry['ttl']);
        self::assertLessThanOrEqual(1440, $entry['ttl'], 'TTL = session.gc_maxlifetime');
        self::assertStringNotContainsString('Warning', $server->log());
    }

    public function testTheIntroExampleStoresTheUserIdInTheStore(): void
    {
        $this->dir->write('app/vendor/autoload.php', Examples::vendorAutoloadStub());
        $this->dir->write('app/index.php', "<?php\n" . Examples::text('intro.txt'));
        $server = $this->serve($this->dir->path . '/app');

        $first = $server->get('/');
        self::assertSame('42', $first->body, $server->log());
        $id = $this->sessionIdFrom($first);
        self::assertSame('user_id|i:42;', $this->storeEntry($server, "php_session:$id")['value']);
        self::assertSame('42', $server->get('/', self::cookie($id))->body);
    }

    public function testPerSitePrefixesKeepSitesApart(): void
    {
        $this->dir->write('app/vendor/autoload.php', Examples::vendorAutoloadStub());
        $this->dir->write('app/index.php', "<?php\nrequire __DIR__ . '/vendor/autoload.php';\n" . self::USE_LINE
            . Examples::text('per_site_prefix.txt') . self::COUNTER);
        $server = $this->serve($this->dir->path . '/app');

        $first = $server->get('/', ['Host' => 'a.test']);
        self::assertSame('1', $first->body, $server->log());
        $id = $this->sessionIdFrom($first);
        self::assertSame('2', $server->get('/', ['Host' => 'a.test'] + self::cookie($id))->body);
        self::assertSame('1', $server->get('/', ['Host' => 'b.test'] + self::cookie($id))->body, 'the same id on another site is another session');
        self::assertSame('3', $server->get('/', ['Host' => 'a.test'] + self::cookie($id))->body);

        self::assertSame('hits|i:3;', $this->storeEntry($server, "session:a.test:$id")['value']);
        self::assertSame('hits|i:1;', $this->storeEntry($server, "session:b.test:$id")['value']);
        self::assertNull($this->storeEntry($server, "php_session:$id")['value']);
    }

    public function testTtlSecondsOverridesGcMaxlifetime(): void
    {
        $this->dir->write('app/vendor/autoload.php', Examples::vendorAutoloadStub());
        $this->dir->write('app/index.php', "<?php\nrequire __DIR__ . '/vendor/autoload.php';\n" . self::USE_LINE
            . Examples::text('ttl_override.txt') . self::COUNTER);
        $server = $this->serve($this->dir->path . '/app');

        $id = $this->sessionIdFrom($server->get('/'));
        $entry = $this->storeEntry($server, "php_session:$id");
        self::assertSame('hits|i:1;', $entry['value']);
        self::assertGreaterThan(7100, $entry['ttl']);
        self::assertLessThanOrEqual(7200, $entry['ttl']);
    }

    public function testTheLegacyAutoPrependSetupKeepsALoginAndPassesTheVerifyCheck(): void
    {
        $this->dir->write('vendor/autoload.php', Examples::vendorAutoloadStub());
        $bootstrap = $this->dir->write('ephpm-session-bootstrap.php', str_replace(
            '/path/to/your/vendor/autoload.php',
            $this->dir->path . '/vendor/autoload.php',
            Examples::text('legacy_bootstrap.php'),
        ));
        // Legacy pages with no bootstrap code of their own.
        $this->dir->write('docroot/verify.php', "<?php\n" . Examples::text('verify_handler.txt'));
        $this->dir->write('docroot/login.php', "<?php\nsession_start();\n\$_SESSION['user'] = \$_GET['user'];\necho 'logged in';\n");
        $this->dir->write('docroot/whoami.php', "<?php\nsession_start();\necho \$_SESSION['user'] ?? 'nobody';\n");
        $server = $this->serve($this->dir->path . '/docroot', ["auto_prepend_file=$bootstrap"], 4);

        $verify = $server->get('/verify.php');
        self::assertSame("session save handler: user\nhandler class: Ephpm\\SessionHandler\\KvSessionHandler\n", $verify->body, $server->log());

        $login = $server->get('/login.php?user=alice');
        self::assertSame('logged in', $login->body, $server->log());
        $id = $this->sessionIdFrom($login);
        for ($i = 0; $i < 8; ++$i) {
            self::assertSame('alice', $server->get('/whoami.php', self::cookie($id))->body, "request $i");
        }
        self::assertSame('nobody', $server->get('/whoami.php')->body);
    }

    public function testTheWordPressMustUsePluginRegistersTheHandler(): void
    {
        $this->dir->write('wp/vendor/autoload.php', Examples::vendorAutoloadStub());
        $this->dir->write('wp/wp-content/mu-plugins/ephpm-session.php', Examples::text('wordpress_mu_plugin.php'));
        // What WordPress does before plugins run: define ABSPATH, then load every mu-plugin.
        $this->dir->write('wp/index.php', <<<'PHP'
            <?php
            define('ABSPATH', __DIR__ . '/');
            foreach (glob(ABSPATH . 'wp-content/mu-plugins/*.php') as $muPlugin) {
                require_once $muPlugin;
            }
            // A plugin using native sessions, e.g. a cart.
            session_start();
            $_SESSION['cart'] = ($_SESSION['cart'] ?? 0) + 1;
            echo get_class(session_get_save_handler()), ' ', $_SESSION['cart'];
            PHP);
        $server = $this->serve($this->dir->path . '/wp');

        $first = $server->get('/');
        self::assertSame('Ephpm\SessionHandler\KvSessionHandler 1', $first->body, $server->log());
        $id = $this->sessionIdFrom($first);
        self::assertSame('Ephpm\SessionHandler\KvSessionHandler 2', $server->get('/', self::cookie($id))->body);
        self::assertSame('cart|i:2;', $this->storeEntry($server, "php_session:$id")['value']);
    }

    public function testTheConfirmSnippetSeesTheExtension(): void
    {
        $script = $this->dir->write('confirm.php', "<?php\n" . Examples::text('confirm_extension.txt'));
        $run = PhpProcess::run(Extension::phpFlags(), $script);
        self::assertSame("bool(true)\n", $run->stdout, $run->describe());
    }
}
