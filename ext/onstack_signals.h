/*
 * Signals between PHP and the Go runtime.
 *
 * Go requires SA_ONSTACK on every handler that may run on a Go thread; PHP 8.2
 * installs its handlers without it (zend_signal_activate() and
 * zend_set_timeout(..., 1) at every request start, zend_timeout_handler() on
 * a timeout, pcntl_signal()). Measured: a SIGPROF handler without SA_ONSTACK
 * landing on a busy Go thread crashes the process.
 *
 * Note: set_time_limit() and ini_set('max_execution_time') only re-arm the
 * timer (zend_set_timeout(..., 0), main/main.c OnUpdateTimeout); they do not
 * reinstall the handler, so they need no hook.
 */
#ifndef EPHPM_ONSTACK_SIGNALS_H
#define EPHPM_ONSTACK_SIGNALS_H

#include <signal.h>
#include "php.h"
#ifdef ZEND_SIGNALS
# include "zend_signal.h"
#endif

/* PHP's asynchronous signals: blocked while the Go runtime starts (its threads
 * inherit that mask), and kept with SA_ONSTACK once it runs. */
#define EPHPM_ASYNC_SIGNALS \
	SIGPROF, SIGALRM, SIGVTALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, \
	SIGUSR1, SIGUSR2, SIGCHLD, SIGWINCH

void ephpm_signals_block_async(sigset_t *saved);
void ephpm_signals_restore_mask(const sigset_t *saved);

/* Read-modify-write of every handler in EPHPM_ASYNC_SIGNALS (a dozen
 * syscalls): right after the runtime started, and when a check below finds a
 * reinstalled handler. */
void ephpm_signals_add_onstack(void);

/* RINIT and post-deactivate of a process that runs Go. Per request PHP always
 * reinstalls SIGPROF (zend_set_timeout(..., 1)), so RINIT fixes that one (one
 * syscall: it swaps in the action PHP installs, with SA_ONSTACK, and checks
 * that PHP's was the one it replaced); any other reinstall during a request
 * (pcntl_signal(), pcntl's RSHUTDOWN restoring handlers, a timeout) is found
 * by the marker check at request end, which then fixes them all. */
void ephpm_signals_request_start(void);
void ephpm_signals_request_end(void);

/*
 * Per-call check without a syscall. zend_sigaction() stores the flags of each
 * handler it installs in SIGG(handlers)[]; ephpm_signals_add_onstack() sets
 * SA_ONSTACK there too. A handler (re)installed since then therefore shows up
 * as a cleared SA_ONSTACK bit (zend_signal_handler() reads only SA_SIGINFO
 * and SA_RESETHAND from these flags).
 */
static zend_always_inline void ephpm_signals_keep_onstack(void)
{
#ifdef ZEND_SIGNALS
	static const int watched[] = { EPHPM_ASYNC_SIGNALS };
	for (size_t i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		if (UNEXPECTED(!(SIGG(handlers)[watched[i] - 1].flags & SA_ONSTACK))) {
			ephpm_signals_add_onstack();
			return;
		}
	}
#endif
}

#endif /* EPHPM_ONSTACK_SIGNALS_H */
