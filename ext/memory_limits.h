/*
 * The memory this process may use: the machine's, and the limit of its
 * cgroup (a container's --memory), which the kernel enforces by killing
 * processes. An anonymous store takes its pages as it fills; a store file
 * takes all of them when it is made (its reservation), charged to the
 * cgroup of the process that makes it.
 */
#ifndef EPHPM_MEMORY_LIMITS_H
#define EPHPM_MEMORY_LIMITS_H

#include <limits.h>
#include <stdint.h>

typedef struct {
	uint64_t machine;                  /* physical memory; 0 if unknown */
	/* Of this process's cgroup and its ancestors: the lowest limit (0 if
	 * none), and the least any of them can still take without reclaiming
	 * anonymous or shared memory (valid when cgroup_limit is not 0). */
	uint64_t cgroup_limit;
	char cgroup_limit_file[PATH_MAX];  /* the file that sets it */
	uint64_t cgroup_room;
	uint64_t cgroup_room_shmem;        /* the shared memory charged to that group */
	char cgroup_room_file[PATH_MAX];   /* the limit file of the group that has that room */
} ephpm_memory_limits;

void ephpm_memory_limits_read(ephpm_memory_limits *limits);

#endif /* EPHPM_MEMORY_LIMITS_H */
