<?php

declare(strict_types=1);

// PHPUnit bootstrap without Composer: the package's own autoloader plus the test namespace.
require dirname(__DIR__) . '/autoload.php';

spl_autoload_register(static function (string $class): void {
    $namespace = 'Ephpm\\SessionHandler\\Tests\\';
    if (strncmp($class, $namespace, strlen($namespace)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($namespace))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
