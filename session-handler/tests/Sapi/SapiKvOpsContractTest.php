<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Sapi;

use Ephpm\SessionHandler\AtomicKvOpsInterface;
use Ephpm\SessionHandler\SapiKvOps;
use Ephpm\SessionHandler\Tests\Contract\KvOpsContractTestCase;

/** The same contract against the real ephpm_kv extension (this suite runs with it loaded). */
final class SapiKvOpsContractTest extends KvOpsContractTestCase
{
    protected function createOps(): AtomicKvOpsInterface
    {
        return new SapiKvOps();
    }

    protected function letTimePass(int $ms): void
    {
        usleep($ms * 1000);
    }
}
