<?php

declare(strict_types=1);

// ePHPm's runtime provides session_get_save_handler(); stock PHP does not. This stand-in
// makes the "verifying the handler is active" check from ePHPm's docs run unchanged.
// It only knows about KvSessionHandler: it returns the instance PHP last opened a session
// with while session.save_handler is "user", else null. A real implementation (for
// example one in the ephpm_kv extension) takes precedence when it is loaded.
if (!function_exists('session_get_save_handler')) {
    function session_get_save_handler(): ?\SessionHandlerInterface
    {
        if (ini_get('session.save_handler') !== 'user') {
            return null;
        }

        return \Ephpm\SessionHandler\KvSessionHandler::lastOpened();
    }
}
