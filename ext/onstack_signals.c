#include "onstack_signals.h"

static const int async_signals[] = { EPHPM_ASYNC_SIGNALS };
#define ASYNC_SIGNAL_COUNT (sizeof(async_signals) / sizeof(async_signals[0]))

void ephpm_signals_block_async(sigset_t *saved)
{
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < ASYNC_SIGNAL_COUNT; i++) {
		sigaddset(&block, async_signals[i]);
	}
	pthread_sigmask(SIG_BLOCK, &block, saved);
}

void ephpm_signals_restore_mask(const sigset_t *saved)
{
	pthread_sigmask(SIG_SETMASK, saved, NULL);
}

/* Whether the previous request ended with every handler checked. */
static bool checked_at_request_end;

static void mark_checked(int signo)
{
#ifdef ZEND_SIGNALS
	SIGG(handlers)[signo - 1].flags |= SA_ONSTACK;
#endif
}

static void add_onstack_to(int signo)
{
	struct sigaction current;

	if (sigaction(signo, NULL, &current) == 0
			&& current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN
			&& !(current.sa_flags & SA_ONSTACK)) {
		current.sa_flags |= SA_ONSTACK;
		sigaction(signo, &current, NULL);
	}
	mark_checked(signo);
}

void ephpm_signals_add_onstack(void)
{
	for (size_t i = 0; i < ASYNC_SIGNAL_COUNT; i++) {
		add_onstack_to(async_signals[i]);
	}
}

void ephpm_signals_request_start(void)
{
#ifdef ZEND_SIGNALS
	/* zend_signal_activate() has just reset SIGG(handlers), markers included. */
	if (checked_at_request_end) {
		for (size_t i = 0; i < ASYNC_SIGNAL_COUNT; i++) {
			mark_checked(async_signals[i]);
		}
		add_onstack_to(SIGPROF);
		return;
	}
#endif
	ephpm_signals_add_onstack();
}

void ephpm_signals_request_end(void)
{
	ephpm_signals_keep_onstack();
	checked_at_request_end = true;
}
