/*
 * The memory limits this process runs under (memory_limits.h): cgroup v2
 * (memory.max, memory.current) or v1 (memory.limit_in_bytes,
 * memory.usage_in_bytes), whichever hierarchy holds the memory controller.
 * A limit set on any ancestor of the process's group applies to it too; in
 * a container without a cgroup namespace, /proc/self/cgroup names a path of
 * the host's that does not exist in the container's /sys/fs/cgroup, whose
 * root is then the container's group. Unreadable files count as no limit:
 * this only informs warnings and refusals that would otherwise come as a
 * kill from the kernel.
 */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "memory_limits.h"

static bool read_number(const char *path, uint64_t *value)
{
	FILE *file = fopen(path, "re");
	unsigned long long number;
	bool read = file && fscanf(file, "%llu", &number) == 1;

	if (file) {
		fclose(file);
	}
	if (read) {
		*value = number;
	}
	return read;
}

/* The file pages of the group whose memory.stat is at path: page cache the
 * kernel reclaims before it kills (shared memory, a store file's pages, is
 * not among them: it is on the anonymous lists). */
static uint64_t reclaimable(const char *path, bool v1)
{
	FILE *file = fopen(path, "re");
	char name[64];
	unsigned long long value;
	uint64_t total = 0;

	if (!file) {
		return 0;
	}
	while (fscanf(file, "%63s %llu", name, &value) == 2) {
		if (v1 ? strcmp(name, "total_active_file") == 0 || strcmp(name, "total_inactive_file") == 0
				: strcmp(name, "active_file") == 0 || strcmp(name, "inactive_file") == 0) {
			total += value;
		}
	}
	fclose(file);
	return total;
}

/* Goes from the group at path in the hierarchy at base up to its root
 * ("/a/b", "/a", ""), keeping in limits the lowest limit and the least room
 * found. */
static void walk_up(ephpm_memory_limits *limits, const char *base, char *path, bool v1)
{
	char file[PATH_MAX], usage_file[PATH_MAX], stat_file[PATH_MAX];

	if (strcmp(path, "/") == 0) {
		path[0] = '\0';
	}
	for (;;) {
		uint64_t limit, usage;
		snprintf(file, sizeof(file), "%s%s/%s", base, path, v1 ? "memory.limit_in_bytes" : "memory.max");
		if (read_number(file, &limit)) {
			if (limits->cgroup_limit == 0 || limit < limits->cgroup_limit) {
				limits->cgroup_limit = limit;
				snprintf(limits->cgroup_limit_file, sizeof(limits->cgroup_limit_file), "%s", file);
			}
			snprintf(usage_file, sizeof(usage_file), "%s%s/%s", base, path,
				v1 ? "memory.usage_in_bytes" : "memory.current");
			snprintf(stat_file, sizeof(stat_file), "%s%s/memory.stat", base, path);
			if (!read_number(usage_file, &usage)) {
				usage = 0;
			}
			uint64_t cache = reclaimable(stat_file, v1);
			usage = usage > cache ? usage - cache : 0;
			uint64_t room = limit > usage ? limit - usage : 0;
			if (!limits->cgroup_room_file[0] || room < limits->cgroup_room) {
				limits->cgroup_room = room;
				snprintf(limits->cgroup_room_file, sizeof(limits->cgroup_room_file), "%s", file);
			}
		}
		char *parent_end = strrchr(path, '/');
		if (!parent_end) {
			return;
		}
		*parent_end = '\0';
	}
}

void ephpm_memory_limits_read(ephpm_memory_limits *limits)
{
	long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
	char line[PATH_MAX + 64];

	limits->machine = pages > 0 && page_size > 0 ? (uint64_t) pages * (uint64_t) page_size : 0;
	limits->cgroup_limit = 0;
	limits->cgroup_limit_file[0] = '\0';
	limits->cgroup_room = 0;
	limits->cgroup_room_file[0] = '\0';

	FILE *groups = fopen("/proc/self/cgroup", "re");
	if (!groups) {
		return;
	}
	while (fgets(line, sizeof(line), groups)) {
		/* "0::/path" (v2), or "4:memory:/path" (v1) */
		char *controllers = strchr(line, ':'), *path = controllers ? strchr(controllers + 1, ':') : NULL;
		if (!path) {
			continue;
		}
		*controllers++ = '\0';
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (strcmp(line, "0") == 0 && controllers[0] == '\0') {
			walk_up(limits, access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0
				? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified", path, false);
		} else if (strstr(controllers, "memory")) {
			walk_up(limits, "/sys/fs/cgroup/memory", path, true);
		}
	}
	fclose(groups);
	/* v1 says "no limit" with a number near 2^63. */
	if (limits->machine && limits->cgroup_limit >= limits->machine) {
		limits->cgroup_limit = 0;
		limits->cgroup_limit_file[0] = '\0';
		limits->cgroup_room = 0;
		limits->cgroup_room_file[0] = '\0';
	}
}
