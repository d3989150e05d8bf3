/* Store access shared by the ephpm_kv_* functions and the session module. */
#ifndef EPHPM_KV_FUNCTIONS_H
#define EPHPM_KV_FUNCTIONS_H

#include "php.h"

/* The value of key as a new string, or NULL when missing or expired, or NULL
 * with *failed set (after a warning) when the store reported an error. */
zend_string *ephpm_kv_fetch(const zend_string *key, uint64_t *version, bool *failed);

/* E_WARNING "<context><the Go library's reason for code>". */
ZEND_COLD void ephpm_kv_warn_store_error(const char *context, int64_t code);

#endif /* EPHPM_KV_FUNCTIONS_H */
