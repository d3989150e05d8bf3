dnl The bench's reference session module (bench/session): not part of ephpm_kv.
PHP_ARG_ENABLE([ephpm_bench_noop], [whether to build the bench's no-op session module],
  [AS_HELP_STRING([--enable-ephpm-bench-noop], [the session module "noop" of bench/session])], [yes])

if test "$PHP_EPHPM_BENCH_NOOP" != "no"; then
  PHP_NEW_EXTENSION(ephpm_bench_noop, session_noop.c, $ext_shared)
  PHP_ADD_EXTENSION_DEP(ephpm_bench_noop, session)
fi
