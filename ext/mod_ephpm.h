#ifndef EPHPM_MOD_EPHPM_H
#define EPHPM_MOD_EPHPM_H

#include "ext/session/php_session.h"

/* session.save_handler = ephpm */
extern const ps_module ps_mod_ephpm;

/* After every module's RSHUTDOWN (the session module writes and closes there):
 * drop any session lock a request left behind without close (bailout). */
void ephpm_session_request_end(void);

#endif /* EPHPM_MOD_EPHPM_H */
