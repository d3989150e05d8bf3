/* Store access shared by the ephpm_kv_* functions and the session module. */
#ifndef EPHPM_KV_FUNCTIONS_H
#define EPHPM_KV_FUNCTIONS_H

#include "php.h"

/* The value of key as a new string, or NULL when missing or expired, or NULL
 * with *failed set (after a warning) when the store reported an error. */
zend_string *ephpm_kv_fetch(const zend_string *key, uint64_t *version, bool *failed);

/* A read in two steps, for Go calls that read a value as part of something
 * else (the session lock): the call copies the value into the scratch buffer
 * when it fits and reports its full length (-1 missing, other negatives are
 * errors); ephpm_kv_fetched turns that into the string ephpm_kv_fetch would
 * return, reading a value too large for the buffer again with its size. */
char *ephpm_kv_scratch(size_t *capacity);
zend_string *ephpm_kv_fetched(const zend_string *key, int64_t len, uint64_t *version, bool *failed);

/* E_WARNING "<context><the Go library's reason for code>". */
ZEND_COLD void ephpm_kv_warn_store_error(const char *context, int64_t code);

#endif /* EPHPM_KV_FUNCTIONS_H */
