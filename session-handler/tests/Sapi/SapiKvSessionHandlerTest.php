<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Sapi;

use Ephpm\SessionHandler\AtomicKvOpsInterface;
use Ephpm\SessionHandler\SapiKvOps;
use Ephpm\SessionHandler\Tests\Handler\KvSessionHandlerTestCase;
use Ephpm\SessionHandler\Tests\Support\Extension;

final class SapiKvSessionHandlerTest extends KvSessionHandlerTestCase
{
    protected function createOps(): AtomicKvOpsInterface
    {
        return new SapiKvOps();
    }

    protected function letTimePass(int $ms): void
    {
        usleep($ms * 1000);
    }

    protected function scenarioOps(): string
    {
        return 'sapi';
    }

    protected function scenarioPhpFlags(): array
    {
        return Extension::phpFlags();
    }
}
