<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/**
 * The code examples of ePHPm's session-handler README, kept verbatim in tests/examples/
 * (fragments as .txt, complete files as .php). Tests only ever wrap them: an opening
 * tag, the autoloader and `use` lines before a fragment, and the session code after it.
 */
final class Examples
{
    public static function text(string $file): string
    {
        $contents = file_get_contents(dirname(__DIR__) . '/examples/' . $file);
        if ($contents === false) {
            throw new \RuntimeException("missing example $file");
        }

        return $contents;
    }

    public static function packageDir(): string
    {
        return dirname(__DIR__, 2);
    }

    /** The composer-less autoloader of this package (the README's "plain require" install). */
    public static function packageAutoloader(): string
    {
        return self::packageDir() . '/autoload.php';
    }

    /** A vendor/autoload.php standing in for Composer's: it just requires the package autoloader. */
    public static function vendorAutoloadStub(): string
    {
        return "<?php\nrequire_once " . var_export(self::packageAutoloader(), true) . ";\n";
    }
}
