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

/* From the memory.stat at path: the group's file pages, page cache the
 * kernel reclaims before it kills (shared memory, a store file's pages, is
 * not among them: it is on the anonymous lists), and its shared memory. */
static void read_stat(const char *path, bool v1, uint64_t *reclaimable, uint64_t *shmem)
{
	FILE *file = fopen(path, "re");
	char line[256], name[64];
	unsigned long long value;

	*reclaimable = 0;
	*shmem = 0;
	if (!file) {
		return;
	}
	while (fgets(line, sizeof(line), file)) {
		if (sscanf(line, "%63s %llu", name, &value) != 2) {
			continue;
		}
		if (v1 ? strcmp(name, "total_active_file") == 0 || strcmp(name, "total_inactive_file") == 0
				: strcmp(name, "active_file") == 0 || strcmp(name, "inactive_file") == 0) {
			*reclaimable += value;
		} else if (strcmp(name, v1 ? "total_shmem" : "shmem") == 0) {
			*shmem = value;
		}
	}
	fclose(file);
}

/* How much of path, a group as /proc/self/cgroup names it, lies above the
 * hierarchy's mount at base: in a container without a cgroup namespace the
 * path is the host's ("/docker/<id>/svc") while the container's mount shows
 * only its own part of the hierarchy (mountinfo's root, "/docker/<id>"). */
static size_t mounted_root_length(const char *base, const char *path)
{
	FILE *mounts = fopen("/proc/self/mountinfo", "re");
	char line[PATH_MAX * 2 + 256], root[PATH_MAX], mount_point[PATH_MAX];
	size_t length = 0;

	if (!mounts) {
		return 0;
	}
	while (fgets(line, sizeof(line), mounts)) {
		/* "36 25 0:31 /docker/<id> /sys/fs/cgroup/memory rw,... - cgroup cgroup rw,memory" */
		if (sscanf(line, "%*s %*s %*s %4095s %4095s", root, mount_point) == 2 && strcmp(mount_point, base) == 0) {
			size_t root_length = strlen(root);
			if (strcmp(root, "/") != 0 && strncmp(path, root, root_length) == 0
					&& (path[root_length] == '/' || path[root_length] == '\0')) {
				length = root_length;
			}
		}
	}
	fclose(mounts);
	return length;
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
			uint64_t cache, shmem;
			read_stat(stat_file, v1, &cache, &shmem);
			usage = usage > cache ? usage - cache : 0;
			uint64_t room = limit > usage ? limit - usage : 0;
			if (!limits->cgroup_room_file[0] || room < limits->cgroup_room) {
				limits->cgroup_room = room;
				limits->cgroup_room_shmem = shmem;
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
	limits->cgroup_room_shmem = 0;
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
		const char *base;
		bool v1;
		if (strcmp(line, "0") == 0 && controllers[0] == '\0') {
			base = access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
			v1 = false;
		} else if (strstr(controllers, "memory")) {
			base = "/sys/fs/cgroup/memory";
			v1 = true;
		} else {
			continue;
		}
		walk_up(limits, base, path + mounted_root_length(base, path), v1);
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
