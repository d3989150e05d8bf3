<?php
// Helpers shared by the bench/kv scripts.
declare(strict_types=1);

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? (float)$xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}
