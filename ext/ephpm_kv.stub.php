<?php

/**
 * The ephpm_kv_* API (ePHPm-compatible names, argument order and return types).
 * Regenerate ephpm_kv_arginfo.h with `make stubs` after editing this file.
 *
 * @generate-function-entries
 */

function ephpm_kv_get(string $key): ?string {}

function ephpm_kv_set(string $key, string $value, int $ttl = 0): bool {}

function ephpm_kv_setnx(string $key, string $value, int $ttl = 0): bool {}

function ephpm_kv_del(string $key): int {}

function ephpm_kv_del_if_eq(string $key, string $expected): bool {}

function ephpm_kv_exists(string $key): bool {}

function ephpm_kv_incr(string $key): int|false {}

function ephpm_kv_decr(string $key): int|false {}

function ephpm_kv_incr_by(string $key, int $delta): int|false {}

function ephpm_kv_expire(string $key, int $ttl): bool {}

function ephpm_kv_ttl(string $key): int {}

function ephpm_kv_pttl(string $key): int {}

function ephpm_kv_flush_all(): bool {}

/** @return array{version: int, value: ?string}|false */
function ephpm_kv_wait(string $key, int $last_version, int $timeout_ms): array|false {}

/** @return array<string, int|string> */
function ephpm_kv_info(): array {}
