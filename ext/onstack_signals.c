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

static bool needs_onstack(const struct sigaction *action)
{
	return action->sa_handler != SIG_DFL && action->sa_handler != SIG_IGN
		&& !(action->sa_flags & SA_ONSTACK);
}

#ifdef ZEND_SIGNALS
static bool same_action(const struct sigaction *a, const struct sigaction *b)
{
	if (a->sa_sigaction != b->sa_sigaction || a->sa_flags != b->sa_flags) {
		return false;
	}
	/* Signal by signal: glibc returns a sigset_t larger than the kernel's,
	 * whose tail holds whatever its stack held (no memcmp). */
	for (int signo = 1; signo < NSIG; signo++) {
		if (sigismember(&a->sa_mask, signo) != sigismember(&b->sa_mask, signo)) {
			return false;
		}
	}
	return true;
}
#endif

/* The SIGPROF action PHP installs at every request start (zend_set_timeout():
 * always the same one) and that action with SA_ONSTACK, as last seen. */
static struct sigaction sigprof_from_php, sigprof_onstack;
static bool sigprof_seen;

static void remember_sigprof(const struct sigaction *from_php)
{
	sigprof_from_php = *from_php;
	sigprof_onstack = *from_php;
	sigprof_onstack.sa_flags |= SA_ONSTACK;
	sigprof_seen = true;
}

/* installed: what signo has now, as sigaction() returned it. */
static void give_onstack(int signo, struct sigaction *installed)
{
	if (needs_onstack(installed)) {
		if (signo == SIGPROF) {
			remember_sigprof(installed);
		}
		installed->sa_flags |= SA_ONSTACK;
		sigaction(signo, installed, NULL);
	}
	mark_checked(signo);
}

static void add_onstack_to(int signo)
{
	struct sigaction current;

	if (sigaction(signo, NULL, &current) == 0) {
		give_onstack(signo, &current);
	}
}

#ifdef ZEND_SIGNALS
/* Per request: one syscall instead of a read and a write. The action PHP has
 * just installed is swapped for the same one with SA_ONSTACK; should another
 * action have been there (an extension started before this one changed it),
 * that one goes back at once, with SA_ONSTACK. */
static void add_onstack_to_sigprof(void)
{
	struct sigaction replaced;

	if (!sigprof_seen || sigaction(SIGPROF, &sigprof_onstack, &replaced) != 0) {
		add_onstack_to(SIGPROF);
		return;
	}
	if (same_action(&replaced, &sigprof_from_php) || same_action(&replaced, &sigprof_onstack)) {
		mark_checked(SIGPROF);
		return;
	}
	if (!needs_onstack(&replaced)) {
		sigaction(SIGPROF, &replaced, NULL); /* SIG_DFL, SIG_IGN or already SA_ONSTACK: as it was */
		mark_checked(SIGPROF);
		return;
	}
	give_onstack(SIGPROF, &replaced);
}
#endif

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
		add_onstack_to_sigprof();
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
