<?php

declare(strict_types=1);

// Composer-less autoloader: `require '/path/to/session-handler/autoload.php';`
// does what vendor/autoload.php does for this package (PSR-4 Ephpm\SessionHandler\ => src/,
// plus the files autoload src/functions.php).
spl_autoload_register(static function (string $class): void {
    $namespace = 'Ephpm\\SessionHandler\\';
    if (strncmp($class, $namespace, strlen($namespace)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($namespace))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});

require_once __DIR__ . '/src/functions.php';
