/*
 * Session module "noop" for bench/session only (never installed): a native
 * handler that stores and locks nothing. Its ratio is what PHP's session
 * machinery costs a native module (no userland method calls, unlike
 * www/noop_handler.php): the ceiling no native handler, ephpm included, can
 * pass. Every read finds an empty session; every write succeeds.
 */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/session/php_session.h"

PS_FUNCS_UPDATE_TIMESTAMP(noop);

static const ps_module ps_mod_noop = {
	PS_MOD_UPDATE_TIMESTAMP(noop)
};

/* The engine writes only when the module has data: any non-NULL pointer. */
static int opened;

PS_OPEN_FUNC(noop) { PS_SET_MOD_DATA(&opened); return SUCCESS; }
PS_CLOSE_FUNC(noop) { PS_SET_MOD_DATA(NULL); return SUCCESS; }
PS_READ_FUNC(noop) { *val = ZSTR_EMPTY_ALLOC(); return SUCCESS; }
PS_WRITE_FUNC(noop) { return SUCCESS; }
PS_DESTROY_FUNC(noop) { return SUCCESS; }
PS_GC_FUNC(noop) { *nrdels = 0; return 0; }
PS_CREATE_SID_FUNC(noop) { return php_session_create_id(NULL); }
PS_VALIDATE_SID_FUNC(noop) { return SUCCESS; }
PS_UPDATE_TIMESTAMP_FUNC(noop) { return SUCCESS; }

static PHP_MINIT_FUNCTION(ephpm_bench_noop)
{
	php_session_register_module(&ps_mod_noop);
	return SUCCESS;
}

static const zend_module_dep ephpm_bench_noop_deps[] = {
	ZEND_MOD_REQUIRED("session")
	ZEND_MOD_END
};

zend_module_entry ephpm_bench_noop_module_entry = {
	STANDARD_MODULE_HEADER_EX, NULL, ephpm_bench_noop_deps,
	"ephpm_bench_noop", NULL, PHP_MINIT(ephpm_bench_noop), NULL, NULL, NULL, NULL,
	"1.0", STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_EPHPM_BENCH_NOOP
ZEND_GET_MODULE(ephpm_bench_noop)
#endif
