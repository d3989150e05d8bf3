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

/* The smallest ephpm_kv.size: room for the store's own headers. */
#define EPHPM_STORE_MIN_SIZE (2 * 1024 * 1024)

typedef struct {
	void *base;         /* MAP_FAILED when the store could not be mapped */
	int fd;             /* the store file, flock()ed shared while mapped; -1 if none */
	bool replaced;      /* the file held a store this start cannot use: warn */
	char origin[512];   /* what was mapped ("" when anonymous), or why nothing was */
} ephpm_store_mapping;

/* Maps size bytes. With a file (non-empty path), an existing store of the
 * same size and layout is mapped as it is; a store of another size or layout
 * is replaced by a new, empty one (processes still mapping the old one keep
 * it), but while processes use it only if may_replace_in_use; another user's
 * store only if may_replace_others (whether in use or not: its users keep
 * it); anything else (not a store, open to others, not on tmpfs, ...) is
 * refused. */
void ephpm_store_map(ephpm_store_mapping *mapping, const char *path, size_t size,
	bool may_replace_in_use, bool may_replace_others);

#endif /* EPHPM_STORE_MAPPING_H */
