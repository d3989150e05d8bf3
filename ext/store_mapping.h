/*
 * The shared mapping that holds the store, made in MINIT before any fork so
 * that every worker of a pool inherits the same pages: anonymous (the store
 * lives as long as the pool's processes), or a file on tmpfs named by
 * ephpm_kv.store_file, which a restarted or reloaded server maps again.
 */
#ifndef EPHPM_STORE_MAPPING_H
#define EPHPM_STORE_MAPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The smallest ephpm_kv.size: room for the store's own headers. */
#define EPHPM_STORE_MIN_SIZE (2 * 1024 * 1024)

typedef struct {
	void *base;         /* MAP_FAILED when the store could not be mapped */
	int fd;             /* the store file, flock()ed shared while mapped; -1 if none */
	bool replaced;      /* the file held a store this start cannot use: warn */
	char origin[1024];  /* what was mapped ("" when anonymous), or why nothing was */
} ephpm_store_mapping;

/* Who maps the store, in the order of what each may replace: every level
 * may do what the ones before it may. */
typedef enum {
	EPHPM_STARTED_BY_COMMAND,    /* php CLI, phpdbg, php-fpm -t/-i/-m/-v, php-cgi -v/-m/-i/-l: only an empty file */
	EPHPM_STARTED_BY_DEV_SERVER, /* php -S: also our store of another size or layout */
	EPHPM_STARTED_BY_SERVER,     /* php-fpm, php-cgi, LiteSpeed: also another user's store */
	EPHPM_STARTED_BY_APACHE      /* mod_php: also a store in use (its graceful restart) */
} ephpm_store_starter;

/* The store the settings ask for. */
typedef struct {
	const char *path;   /* ephpm_kv.store_file; NULL or "": an anonymous mapping */
	size_t size;        /* ephpm_kv.size */
	const char *group;  /* ephpm_kv.store_file_group; NULL or "": the file is its owner's only */
	gid_t gid;          /* that group's id */
} ephpm_store_settings;

/* Maps settings->size bytes. With a file (non-empty path), an existing store
 * of the same size and layout is mapped as it is; a store this start cannot
 * use is replaced by a new, empty one (processes still mapping the old one
 * keep it) as far as starter may (above), and only if the new one fits in the
 * tmpfs; anything else (not a store, open to others, not on tmpfs, ...) is
 * refused. With a group, the file is its owner's and that group's (0660). */
void ephpm_store_map(ephpm_store_mapping *mapping, const ephpm_store_settings *settings,
	ephpm_store_starter starter);

#endif /* EPHPM_STORE_MAPPING_H */
