dnl ephpm_kv: the C extension (ext/) plus the Go library it loads at run time
dnl (gosrc/capi, built by a rule in Makefile.frag). The extension never links
dnl the Go library: it dlopen()s it lazily in each process.

PHP_ARG_ENABLE([ephpm_kv],
  [whether to enable ephpm_kv],
  [AS_HELP_STRING([--enable-ephpm_kv], [Enable the ephpm_kv shared-memory store and the "ephpm" session handler])],
  [yes])

PHP_ARG_WITH([ephpm-kv-go],
  [for the Go toolchain used to build ephpm_kv_go.so],
  [AS_HELP_STRING([--with-ephpm-kv-go=PATH], [Path of the go binary (default: go in PATH or /usr/local/go/bin/go)])],
  [auto], [no])

if test "$PHP_EPHPM_KV" != "no"; then
  if test "$PHP_EPHPM_KV_GO" != "auto" && test "$PHP_EPHPM_KV_GO" != "yes"; then
    EPHPM_KV_GO="$PHP_EPHPM_KV_GO"
  else
    AC_PATH_PROG([EPHPM_KV_GO], [go], [no], [$PATH:/usr/local/go/bin])
  fi
  if test "$EPHPM_KV_GO" = "no" || test ! -x "$EPHPM_KV_GO"; then
    AC_MSG_ERROR([ephpm_kv needs Go (1.26+) to build ephpm_kv_go.so; install it or pass --with-ephpm-kv-go=/path/to/go])
  fi
  PHP_SUBST(EPHPM_KV_GO)

  dnl dlopen() is in libc since glibc 2.34; older systems need -ldl.
  AC_CHECK_FUNC([dlopen], [], [
    PHP_CHECK_LIBRARY([dl], [dlopen], [PHP_ADD_LIBRARY([dl], 1, EPHPM_KV_SHARED_LIBADD)],
      [AC_MSG_ERROR([ephpm_kv needs dlopen()])])
  ])
  PHP_SUBST(EPHPM_KV_SHARED_LIBADD)

  PHP_NEW_EXTENSION(ephpm_kv,
    ext/ephpm_kv.c ext/kv_functions.c ext/go_runtime.c ext/onstack_signals.c ext/mod_ephpm.c ext/store_mapping.c ext/memory_limits.c,
    $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -fvisibility=hidden -Wall)
  PHP_ADD_INCLUDE([$ext_srcdir])
  PHP_ADD_INCLUDE([$ext_srcdir/ext])
  PHP_ADD_INCLUDE([$ext_srcdir/gosrc/capi])
  PHP_ADD_EXTENSION_DEP(ephpm_kv, session)
  PHP_ADD_MAKEFILE_FRAGMENT([$ext_srcdir/Makefile.frag])
fi
