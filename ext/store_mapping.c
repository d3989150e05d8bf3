/*
 * The shared mapping that holds the store (see store_mapping.h).
 *
 * Contract of a store file (ephpm_kv.store_file):
 *   - It lives on tmpfs: the store is memory, and a file on disk would have
 *     every write of every worker written back to it.
 *   - Its full size is reserved (fallocate) before it is mapped, so a tmpfs
 *     too small for it fails here, at startup, with a message, and never as
 *     a SIGBUS in a worker writing to a page the tmpfs had no room for.
 *   - A store of this size and layout is mapped as it is: its entries,
 *     sessions and locks are still there. Locks held by processes of the
 *     earlier start are taken over as those of any dead process are.
 *   - A store of another size or layout, or another user's store, or an
 *     empty file of ours, is replaced by a new store (a warning says what it
 *     held): unlinked, so processes still mapping the old one keep it until
 *     they exit, and nothing is truncated under anyone. Only while nobody
 *     uses it, but for an Apache start (its graceful restart after a change
 *     of ephpm_kv.size leaves the old children finishing on the old store):
 *     anyone else using it is another server or a CLI run with ini files of
 *     its own. A store is replaced by a server's start only (a php command
 *     or php-fpm -t may run while its server is stopped), another user's by
 *     a server other than php -S only (ephpm_store_starter), and only when
 *     the new store fits in the tmpfs: a size that cannot must not cost the
 *     store that was there. Anything else is refused, never overwritten: a
 *     file that is not a store, another user's file that is not a store, a
 *     file of ours open to other users, one with other hard links, a
 *     symbolic link. Another user's file is never used, so it cannot be
 *     planted.
 *   - With ephpm_kv.store_file_group, the file is its owner's and that
 *     group's (0660, no ACL): a member (a cron job as the pool's user, where
 *     the server's parent runs as root) uses it as its owner does. Its group
 *     then counts as trusted: a file of that group is used as the owner's if
 *     its owner is root or a member (a user outside the group cannot plant
 *     one through a setgid directory) and nobody else can use it (no other
 *     bits, no ACL). A server's start gives an existing file to the group (as
 *     root, it also takes a member's file as its own, so that the file stays
 *     the server's when the setting goes); a command uses the file as it
 *     finds it. A group's file found without the setting is refused, never
 *     replaced: the setting is missing, which a new store would not mend.
 *   - Every process that maps the file holds a shared flock on it until it
 *     exits (workers through the descriptor they inherit): that is how a
 *     start tells a store in use from one an earlier start left. An
 *     exclusive flock from outside (anyone who can open the file) is waited
 *     for 10 s, without the directory lock, then the store is refused: a
 *     start never hangs on it, nor do other stores' starts meanwhile.
 *   - Starts that race (two servers on one file) are serialised by a flock
 *     on the file's directory, held for the decision only.
 * The decision reads the store's first bytes as ephpm_abi.h describes them;
 * everything else about the layout is the Go side's.
 */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE /* fallocate, O_TMPFILE */
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#include "ephpm_abi.h"
#include "store_mapping.h"
#include "memory_limits.h"

#define LOCK_WAIT_SECONDS 10

typedef enum {
	FILE_USABLE,      /* a store of this size and layout */
	FILE_REPLACEABLE, /* a store this start cannot use, or an empty file */
	FILE_REFUSED      /* anything else: left alone, the store is unavailable */
} file_verdict;

/* Why a replaceable file cannot be used, for the advice when it is in use. */
typedef enum { HOLDS_NOTHING, HOLDS_OTHER_SIZE, HOLDS_OTHER_LAYOUT, HOLDS_OTHER_OWNER } file_content;

/* One start's view of the store file, under the directory lock. */
typedef struct {
	int directory;                  /* locked */
	const char *name;               /* the file's name in directory */
	const char *path;               /* for messages */
	size_t size;
	const char *group;              /* ephpm_kv.store_file_group, "" if none */
	gid_t gid;
	ephpm_store_starter starter;
	bool used;                      /* other processes map the file found */
	char replaced[512];             /* what the file to replace held, "" if nothing */
	char not_shared[384];           /* why another user's store is not this process's too, "" if unknown */
} store_start;

static void describe(ephpm_store_mapping *mapping, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static void describe(ephpm_store_mapping *mapping, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(mapping->origin, sizeof(mapping->origin), format, args);
	va_end(args);
}

static uint64_t read_le(const unsigned char *bytes, int width)
{
	uint64_t value = 0;

	for (int i = width - 1; i >= 0; i--) {
		value = value << 8 | bytes[i];
	}
	return value;
}

static bool all_zero(const unsigned char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (bytes[i]) {
			return false;
		}
	}
	return true;
}

/* The group's name, or its number where it has none. */
static void name_group(gid_t gid, char *out, size_t size)
{
	struct group *entry = getgrgid(gid);

	if (entry) {
		snprintf(out, size, "%s", entry->gr_name);
	} else {
		snprintf(out, size, "%u", (unsigned) gid);
	}
}

/* Whether this process has gid among its groups. */
static bool process_in_group(gid_t gid)
{
	int count = getgroups(0, NULL);
	gid_t *groups = count > 0 ? malloc((size_t) count * sizeof(gid_t)) : NULL;
	bool found = getegid() == gid;

	count = groups ? getgroups(count, groups) : 0;
	for (int i = 0; i < count && !found; i++) {
		found = groups[i] == gid;
	}
	free(groups);
	return found;
}

/* Whether user uid belongs to group gid (its primary group, or a member). */
static bool user_in_group(uid_t uid, gid_t gid)
{
	struct passwd *user = getpwuid(uid);
	if (!user) {
		return false;
	}
	if (user->pw_gid == gid) {
		return true;
	}
	/* getgrouplist() says how many groups there are when they do not fit. */
	int capacity = 32, count = 0;
	gid_t *groups = NULL;
	bool listed = false;
	for (int tries = 0; tries < 3 && !listed; tries++) {
		gid_t *larger = realloc(groups, (size_t) capacity * sizeof(gid_t));
		if (!larger) {
			break;
		}
		groups = larger;
		count = capacity;
		listed = getgrouplist(user->pw_name, user->pw_gid, groups, &count) >= 0;
		if (!listed && count <= capacity) {
			break;
		}
		capacity = count;
	}
	bool found = false;
	for (int i = 0; listed && i < count && !found; i++) {
		found = groups[i] == gid;
	}
	free(groups);
	return found;
}

/* Whether the file carries an access ACL: then its group bits are the ACL's
 * mask, and group bits let named users and groups in too. */
static bool has_acl(int fd)
{
	return fgetxattr(fd, "system.posix_acl_access", NULL, 0) > 0;
}

/* Removes the file's access ACL; true if it has none now. */
static bool drop_acl(int fd)
{
	return fremovexattr(fd, "system.posix_acl_access") == 0 || errno == ENODATA || errno == ENOTSUP;
}

/* Whether a file that starts with zeros is zeros where a store nobody has
 * formatted yet is (all of it): its middle and last pages are read, so that
 * another file that merely starts with zeros is not taken for one. */
static bool zero_where_sampled(int fd, off_t size)
{
	unsigned char page[4096];
	const off_t offsets[] = { size / 2 - (off_t) sizeof(page), size - (off_t) sizeof(page) };

	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		if (pread(fd, page, sizeof(page), offsets[i]) != (ssize_t) sizeof(page) || !all_zero(page, sizeof(page))) {
			return false;
		}
	}
	return true;
}

static void refuse_acl(ephpm_store_mapping *mapping, const char *path)
{
	describe(mapping, "the store file %s has an access ACL, which can let other users in (getfacl): "
		"remove it with setfacl -b", path);
}

static void refuse_open_to_others(ephpm_store_mapping *mapping, const char *path, mode_t mode,
	const char *mode_to_set)
{
	describe(mapping, "the store file %s can be read or written by other users (mode %04o): chmod %s it",
		path, (unsigned) (mode & 07777), mode_to_set);
}

/* Whether the open file at path can be mapped as it is, replaced, or must be
 * left alone. Sets mapping->origin to why it is refused, or to what the
 * replaceable file holds ("" when empty), and *content to the same. */
static file_verdict examine(int fd, store_start *start, ephpm_store_mapping *mapping,
	file_content *content)
{
	const char *path = start->path;
	size_t size = start->size;
	struct stat file;
	unsigned char stamp[EPHPM_STORE_STAMP_SIZE];

	*content = HOLDS_NOTHING;
	if (fstat(fd, &file) != 0) {
		describe(mapping, "cannot examine the store file %s: %s", path, strerror(errno));
		return FILE_REFUSED;
	}
	if (!S_ISREG(file.st_mode)) {
		describe(mapping, "the store file %s is not a regular file", path);
		return FILE_REFUSED;
	}
	if (file.st_nlink != 1) {
		/* Under another name it may be another server's store, or anything. */
		describe(mapping, "the store file %s has %ju names (hard links): a store file has one",
			path, (uintmax_t) file.st_nlink);
		return FILE_REFUSED;
	}
	/* A file of the group ephpm_kv.store_file_group names is its members' as
	 * much as its owner's, if one of them made it (root or a member: a user
	 * outside the group cannot plant one, say in a setgid directory) and
	 * nobody else can use it (no other bits, no ACL). */
	bool own = file.st_uid == geteuid();
	bool of_group = start->group[0] && file.st_gid == start->gid;
	bool acl = (file.st_mode & 070) && has_acl(fd);
	bool owner_in_group = of_group && (file.st_uid == 0 || user_in_group(file.st_uid, file.st_gid));
	bool mine = own || (of_group && owner_in_group && !(file.st_mode & 007) && !acl);
	bool store = file.st_size >= (off_t) sizeof(stamp)
		&& pread(fd, stamp, sizeof(stamp), 0) == (ssize_t) sizeof(stamp);
	uint64_t magic = store ? read_le(stamp, 8) : 0;
	uint64_t layout = store ? read_le(stamp + EPHPM_STORE_LAYOUT_OFFSET, 4) : 0;
	uint64_t formatted_size = store ? read_le(stamp + EPHPM_STORE_SIZE_OFFSET, 8) : 0;
	uint64_t state = store ? read_le(stamp + EPHPM_STORE_STATE_OFFSET, 4) : 0;
	/* Before its first process formats it a store is zero, but for the
	 * formatter's state word; a formatter killed half-way left its claim in
	 * that word and part of the header, and the next process to attach
	 * formats the store again. */
	const size_t after_state = EPHPM_STORE_STATE_OFFSET + 4;
	bool unformatted = store && magic == 0 && file.st_size >= EPHPM_STORE_MIN_SIZE
		&& ((state & EPHPM_STORE_FORMATTING)
		|| (all_zero(stamp + after_state, sizeof(stamp) - after_state) && zero_where_sampled(fd, file.st_size)));
	store = store && (magic == EPHPM_STORE_MAGIC || unformatted);

	if (mine && file.st_size == 0) {
		return FILE_REPLACEABLE; /* made by touch(1), say: nothing is lost */
	}
	if (!mine && !store) {
		describe(mapping, "the store file %s belongs to uid %u, not to uid %u that this process "
			"runs as, and is not a store: remove it, or choose a path in a directory only this "
			"user can write", path, (unsigned) file.st_uid, (unsigned) geteuid());
		return FILE_REFUSED;
	}
	if (!store) {
		describe(mapping, "the store file %s does not hold an ephpm_kv store: remove it or "
			"choose another path", path);
		return FILE_REFUSED;
	}
	char group[64];
	if (!mine) {
		/* Another user's store (a CLI run as that user made it before the
		 * server's first start): never used, so it cannot be planted. */
		name_group(file.st_gid, group, sizeof(group));
		if (!of_group && (file.st_mode & 060) == 060 && !(file.st_mode & 007)) {
			/* Made for its group (ephpm_kv.store_file_group): the setting is
			 * missing or names another group here, which replacing the store
			 * would not mend. */
			describe(mapping, "the store file %s holds a store of uid %u shared with its group %s "
				"(mode %04o), which ephpm_kv.store_file_group %s%s: set ephpm_kv.store_file_group = %s "
				"to use it, or remove the file to start afresh", path, (unsigned) file.st_uid, group,
				(unsigned) (file.st_mode & 07777), start->group[0] ? "does not name: it names " : "does not name",
				start->group, group);
			return FILE_REFUSED;
		}
		if (of_group && owner_in_group) {
			/* A member's store that others can use now: as for one of this
			 * process's own, refused, never replaced. */
			if (file.st_mode & 007) {
				refuse_open_to_others(mapping, path, file.st_mode, "660");
			} else {
				refuse_acl(mapping, path);
			}
			return FILE_REFUSED;
		}
		*content = HOLDS_OTHER_OWNER;
		describe(mapping, "a store of uid %u", (unsigned) file.st_uid);
		if (of_group) {
			snprintf(start->not_shared, sizeof(start->not_shared), "its owner, uid %u, is not a member "
				"of the group %s", (unsigned) file.st_uid, group);
		}
		return FILE_REPLACEABLE;
	}
	if (acl) {
		refuse_acl(mapping, path);
		return FILE_REFUSED;
	}
	if (file.st_mode & (of_group ? 007 : 077)) {
		name_group(file.st_gid, group, sizeof(group));
		if (file.st_mode & 007) {
			refuse_open_to_others(mapping, path, file.st_mode, of_group ? "660" : "600");
		} else if (start->group[0]) {
			describe(mapping, "the store file %s can be read or written by its group %s (mode %04o), "
				"not the group ephpm_kv.store_file_group names: chgrp %s it (a server's start then "
				"shares it with that group), or chmod 600 it", path, group,
				(unsigned) (file.st_mode & 07777), start->group);
		} else {
			describe(mapping, "the store file %s can be read or written by its group %s (mode %04o), "
				"which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = %s to "
				"share the store with that group, or chmod 600 it", path, group,
				(unsigned) (file.st_mode & 07777), group);
		}
		return FILE_REFUSED;
	}
	if (!unformatted && layout != EPHPM_STORE_LAYOUT) {
		*content = HOLDS_OTHER_LAYOUT;
		describe(mapping, "a store of layout %" PRIu64 " (this build of ephpm_kv uses layout %d)",
			layout, EPHPM_STORE_LAYOUT);
		return FILE_REPLACEABLE;
	}
	if ((uint64_t) file.st_size != size || (!unformatted && formatted_size != size)) {
		*content = HOLDS_OTHER_SIZE;
		describe(mapping, "a store of %" PRIu64 " bytes (ephpm_kv.size is %zu)",
			(uint64_t) file.st_size, size);
		return FILE_REPLACEABLE;
	}
	return FILE_USABLE;
}

/* Whether size more bytes of shared memory fit in what this process's cgroup
 * can still take, counting freed pages (at most freed bytes) that come back
 * to it: those it was charged for, which is at most its shared memory (a
 * store file's pages stay charged to the cgroup of the process that reserved
 * them, which may be another's). *credit says what was counted. The kernel
 * kills a process that goes past the limit rather than failing the call. */
static bool fits_in_cgroup(size_t size, uint64_t freed, uint64_t *credit, ephpm_memory_limits *limits)
{
	ephpm_memory_limits_read(limits);
	*credit = freed < limits->cgroup_room_shmem ? freed : limits->cgroup_room_shmem;
	return !limits->cgroup_limit || limits->cgroup_room + *credit >= size;
}

static bool reserve(int fd, const char *path, size_t size, ephpm_store_mapping *mapping)
{
	ephpm_memory_limits limits;
	struct stat file;
	uint64_t reserved = fstat(fd, &file) == 0 ? (uint64_t) file.st_blocks * 512 : 0;

	uint64_t credit;
	if (reserved < size && !fits_in_cgroup(size - reserved, 0, &credit, &limits)) {
		describe(mapping, "cannot reserve %zu bytes (ephpm_kv.size) for the store file %s: this "
			"process's cgroup can still take %" PRIu64 " bytes (under the limit set by %s), and "
			"reserving more would get it killed by the kernel; lower ephpm_kv.size, or raise the "
			"limit (a container's --memory)", size, path, limits.cgroup_room, limits.cgroup_room_file);
		return false;
	}
	int rc;

	do {
		rc = fallocate(fd, 0, 0, (off_t) size);
	} while (rc != 0 && errno == EINTR);
	if (rc != 0) {
		describe(mapping, "cannot reserve %zu bytes (ephpm_kv.size) for the store file %s: %s%s",
			size, path, strerror(errno), errno == ENOSPC
				? " (the tmpfs is smaller than that or full: see df, and its size= mount option)" : "");
		return false;
	}
	return true;
}

/* Going over the pages again would take seconds for a large store whose
 * pages the kernel has swapped out. */
static bool fully_allocated(int fd)
{
	struct stat file;

	return fstat(fd, &file) == 0 && (uint64_t) file.st_blocks * 512 >= (uint64_t) file.st_size;
}

static bool map_file(int fd, const char *path, size_t size, ephpm_store_mapping *mapping)
{
	void *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (base == MAP_FAILED) {
		describe(mapping, "cannot map the store file %s (%zu bytes): %s", path, size, strerror(errno));
		return false;
	}
	mapping->base = base;
	return true;
}

/* Makes the store file open at fd its owner's and ephpm_kv.store_file_group's
 * (0660, no ACL: one inherited from the directory would let its named users in
 * once the group bits are on). A server running as root takes a member's file
 * as its own, so that it stays the server's when the setting goes. A member
 * that does not own the file uses it as it is. */
static bool give_to_group(int fd, const store_start *start, ephpm_store_mapping *mapping)
{
	struct stat file;
	bool root = geteuid() == 0;

	if (!start->group[0] || fstat(fd, &file) != 0 || (file.st_uid != geteuid() && !root)) {
		return true;
	}
	/* The ACL goes first: the group bits would turn on its mask. */
	if (!drop_acl(fd)
			|| ((file.st_gid != start->gid || file.st_uid != geteuid())
				&& fchown(fd, root ? 0 : (uid_t) -1, start->gid) != 0)
			|| ((file.st_mode & 07777) != 0660 && fchmod(fd, 0660) != 0)) {
		describe(mapping, "cannot give the store file %s to the group %s (ephpm_kv.store_file_group): "
			"%s%s", start->path, start->group, strerror(errno), errno == EPERM
				? " (only root, or an owner that is a member of the group, may)" : "");
		return false;
	}
	return true;
}

/* A new store file's permissions, set while it has no name yet (or only
 * its temporary one, mode 0600): no ACL (a directory's default ACL passes
 * one on, whose named users a 0660 mode would let in), 0600 whatever the
 * umask made of it (the next start opens it read-write and refuses group or
 * other bits), then ephpm_kv.store_file_group's. */
static bool settle_permissions(int fd, const store_start *start, ephpm_store_mapping *mapping)
{
	if (!drop_acl(fd) || fchmod(fd, 0600) != 0) {
		describe(mapping, "cannot set the permissions of the new store file %s: %s", start->path,
			strerror(errno));
		return false;
	}
	return give_to_group(fd, start, mapping);
}

/* Whether this process may make a store file of ephpm_kv.store_file_group's:
 * asked before a store it would replace is removed. */
static bool may_give_to_group(const store_start *start)
{
	return !start->group[0] || geteuid() == 0 || process_in_group(start->gid);
}

/* " (shared with the group www-data)" when the store file open at fd is, for
 * phpinfo() and warnings; "" when it is its owner's only. */
static void describe_sharing(int fd, const store_start *start, char *out, size_t size)
{
	struct stat file;

	out[0] = '\0';
	if (start->group[0] && fstat(fd, &file) == 0 && file.st_gid == start->gid && (file.st_mode & 060) == 060) {
		snprintf(out, size, " (shared with the group %s)", start->group);
	}
}

/* A new store file of size bytes named name in directory (path names it in
 * messages); -1 (and mapping->origin says why) on failure. It is made
 * nameless (O_TMPFILE) where the system allows, so that a process killed
 * while reserving its memory leaves nothing behind, and named only once
 * complete, by a rename. */
static int create_in_place(const store_start *start, ephpm_store_mapping *mapping)
{
	int directory = start->directory;
	const char *name = start->name, *path = start->path;
	size_t size = start->size;
	char temporary[NAME_MAX + 1];

	if (snprintf(temporary, sizeof(temporary), "%s.new.%d", name, (int) getpid()) >= (int) sizeof(temporary)) {
		describe(mapping, "the store file name %s is too long", name);
		return -1;
	}
	unlinkat(directory, temporary, 0); /* left by a process with this pid, killed before its rename */

	char self[64];
	int fd = openat(directory, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0) {
		/* A nameless file is named through /proc; without /proc the file is
		 * made with a name from the start (checked before the reservation,
		 * which would otherwise be made twice). */
		snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
		if (faccessat(AT_FDCWD, self, F_OK, AT_SYMLINK_NOFOLLOW) != 0) {
			close(fd);
			fd = -1;
		}
	}
	bool nameless = fd >= 0;
	if (nameless && !settle_permissions(fd, start, mapping)) {
		close(fd);
		return -1;
	}
	if (nameless) {
		if (!reserve(fd, path, size, mapping)) {
			close(fd);
			return -1;
		}
		if (linkat(AT_FDCWD, self, directory, temporary, AT_SYMLINK_FOLLOW) != 0) {
			close(fd);
			nameless = false;
		}
	}
	if (!nameless) {
		fd = openat(directory, temporary, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			describe(mapping, "cannot create the store file %s.new.%d: %s", path, (int) getpid(),
				strerror(errno));
			return -1;
		}
		if (!settle_permissions(fd, start, mapping) || !reserve(fd, path, size, mapping)) {
			unlinkat(directory, temporary, 0);
			close(fd);
			return -1;
		}
	}
	if (renameat(directory, temporary, directory, name) != 0) {
		describe(mapping, "cannot put the new store file in place at %s: %s", path, strerror(errno));
		unlinkat(directory, temporary, 0);
		close(fd);
		return -1;
	}
	return fd;
}

/* A descriptor of the file by its name, for one opened nameless: /proc's
 * maps and fd of every process of the pool then show the path, not
 * "/#inode (deleted)". */
static int by_name(int directory, const char *name, int fd)
{
	struct stat opened, named;
	int again = openat(directory, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);

	if (again >= 0 && fstat(fd, &opened) == 0 && fstat(again, &named) == 0
			&& opened.st_dev == named.st_dev && opened.st_ino == named.st_ino) {
		close(fd);
		return again;
	}
	if (again >= 0) {
		close(again);
	}
	return fd;
}

/* flock(fd, operation), tried every millisecond for LOCK_WAIT_SECONDS at
 * most: 0, or the errno of the last try (EWOULDBLOCK when the time ran out). */
static int flock_waiting(int fd, int operation)
{
	struct timespec now, deadline;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += LOCK_WAIT_SECONDS;
	while (flock(fd, operation | LOCK_NB) != 0) {
		int error = errno;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((error != EWOULDBLOCK && error != EINTR) || now.tv_sec > deadline.tv_sec
				|| (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
			return error == EINTR ? EWOULDBLOCK : error;
		}
		nanosleep(&(struct timespec) { .tv_nsec = 1000000 }, NULL);
	}
	return 0;
}

/* The directory of path, opened and flock()ed: waits at most
 * LOCK_WAIT_SECONDS for another start holding it. Every later step
 * names the file relative to it, so that the directory locked is the one
 * used even if a link on the way changes meanwhile. */
static int lock_directory(const char *path, ephpm_store_mapping *mapping)
{
	char directory[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t length = slash == path ? 1 : (size_t) (slash - path);

	if (!slash[1] || strcmp(slash + 1, ".") == 0 || strcmp(slash + 1, "..") == 0) {
		describe(mapping, "ephpm_kv.store_file must name a file, not the directory \"%s\"", path);
		return -1;
	}
	if (length >= sizeof(directory)) {
		describe(mapping, "the store file path %s is too long", path);
		return -1;
	}
	memcpy(directory, path, length);
	directory[length] = '\0';

	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		describe(mapping, "cannot open the directory %s of the store file: %s", directory, strerror(errno));
		return -1;
	}
	struct statfs fs;
	if (fstatfs(fd, &fs) != 0 || fs.f_type != TMPFS_MAGIC) {
		describe(mapping, "the store file %s must be on tmpfs (such as /dev/shm or /run): the store "
			"is memory, and on another file system every write would be written back to it", path);
		close(fd);
		return -1;
	}
	int error = flock_waiting(fd, LOCK_EX);
	if (error) {
		describe(mapping, "cannot lock the directory %s to open the store file: %s", directory,
			error == EWOULDBLOCK ? "another process has held its lock for 10 s" : strerror(error));
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether other processes map the store file open at fd: each holds a shared
 * flock on it for as long as it runs (workers through the descriptor they
 * inherit). When none does, fd is left holding an exclusive one. Every flock
 * on a store file is taken under the directory lock. */
static bool in_use(int fd)
{
	return flock(fd, LOCK_EX | LOCK_NB) != 0;
}

/* 1 if process pid has the file dev:ino open, 0 if not (or it is gone), -1
 * if that cannot be seen (another user's process, no /proc). */
static int holds_file(pid_t pid, dev_t dev, ino_t ino)
{
	char directory[64], entry_path[64 + sizeof(((struct dirent *) 0)->d_name)];
	struct stat entry;
	int found = 0;

	snprintf(directory, sizeof(directory), "/proc/%d/fd", (int) pid);
	DIR *fds = opendir(directory);
	if (!fds) {
		return errno == ENOENT ? 0 : -1;
	}
	for (struct dirent *fd_entry; !found && (fd_entry = readdir(fds));) {
		snprintf(entry_path, sizeof(entry_path), "%s/%s", directory, fd_entry->d_name);
		found = fd_entry->d_name[0] != '.' && stat(entry_path, &entry) == 0
			&& entry.st_dev == dev && entry.st_ino == ino;
	}
	closedir(fds);
	return found;
}

static pid_t parent_of(pid_t pid)
{
	char path[64], status[512];
	int parent = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return 0;
	}
	ssize_t n = read(fd, status, sizeof(status) - 1);
	close(fd);
	if (n > 0) {
		status[n] = '\0';
		const char *after_name = strrchr(status, ')'); /* the name may hold spaces and ')' */
		if (!after_name || sscanf(after_name + 1, " %*c %d", &parent) != 1) {
			parent = 0;
		}
	}
	return parent;
}

static void add_pid(pid_t *pids, int *count, int cap, pid_t pid)
{
	for (int i = 0; i < *count; i++) {
		if (pids[i] == pid) {
			return;
		}
	}
	if (*count < cap) {
		pids[(*count)++] = pid;
	}
}

#define MAX_HOLDERS_LISTED 8

/* The pids that hold a flock on the file open at fd, from /proc/locks, as
 * " (pid 12, 34)"; "" where that cannot be read. A server's workers share
 * their parent's lock: its pid is the one listed. The pid /proc/locks gives
 * is the one that took the lock, which may have exited since (php-fpm
 * daemonizes after PHP's startup: the master is its child): then the
 * processes that have the file open are looked for instead, each listed
 * unless its parent has it open too. */
static void lock_holders(int fd, char *out, size_t size)
{
	struct stat file;
	char line[256];
	pid_t pids[MAX_HOLDERS_LISTED];
	int count = 0;
	bool stale = false;

	out[0] = '\0';
	FILE *locks = fopen("/proc/locks", "re");
	if (!locks || fstat(fd, &file) != 0) {
		if (locks) {
			fclose(locks);
		}
		return;
	}
	while (fgets(line, sizeof(line), locks)) {
		unsigned int major_number, minor_number;
		unsigned long inode;
		int pid;
		/* "1: FLOCK  ADVISORY  READ  1234 00:1a:5678 0 EOF" ("1: -> FLOCK ..." waits) */
		if (sscanf(line, "%*d: FLOCK %*s %*s %d %x:%x:%lu", &pid, &major_number, &minor_number, &inode) == 4
				&& major_number == major(file.st_dev) && minor_number == minor(file.st_dev)
				&& inode == (unsigned long) file.st_ino && pid > 0) {
			if (holds_file(pid, file.st_dev, file.st_ino) != 0) {
				add_pid(pids, &count, MAX_HOLDERS_LISTED, pid);
			} else {
				stale = true;
			}
		}
	}
	fclose(locks);
	DIR *processes = stale ? opendir("/proc") : NULL;
	if (processes) {
		for (struct dirent *entry; (entry = readdir(processes));) {
			pid_t pid = (pid_t) strtol(entry->d_name, NULL, 10);
			if (pid > 0 && pid != getpid() && holds_file(pid, file.st_dev, file.st_ino) == 1) {
				pid_t parent = parent_of(pid);
				if (parent <= 0 || holds_file(parent, file.st_dev, file.st_ino) != 1) {
					add_pid(pids, &count, MAX_HOLDERS_LISTED, pid);
				}
			}
		}
		closedir(processes);
	}
	if (count > 0) {
		size_t used = (size_t) snprintf(out, size, " (pid");
		for (int i = 0; i < count && used < size; i++) {
			used += (size_t) snprintf(out + used, size - used, "%s %d", i ? "," : "", (int) pids[i]);
		}
		if (used < size) {
			snprintf(out + used, size - used, ")");
		}
	}
}

static void refuse_in_use(store_start *start, file_content content, int fd, ephpm_store_mapping *mapping)
{
	char holders[160];

	lock_holders(fd, holders, sizeof(holders));
	/* examine() leaves an empty file undescribed, so that replacing it warns of nothing. */
	describe(mapping, "the store file %s holds %s, and running processes use it%s; only an Apache "
		"start replaces a store in use (its graceful restart leaves its old children on it): %s",
		start->path, content == HOLDS_NOTHING ? "nothing (an empty file)" : start->replaced, holders,
		content == HOLDS_OTHER_SIZE ? "give this process their ephpm_kv.size, or stop them first"
		: content == HOLDS_OTHER_LAYOUT ? "they run another build of ephpm_kv; stop them first"
		: "stop them first, or choose another path");
}

static void refuse_command(store_start *start, file_content content, int fd, ephpm_store_mapping *mapping)
{
	char holders[160] = "";

	if (start->used) {
		lock_holders(fd, holders, sizeof(holders));
	}
	describe(mapping, "the store file %s holds %s%s%s. A php command never replaces a store (%s), "
		"but a server's start with these settings will%s: a new, empty store, its entries and "
		"sessions lost. %s", start->path, start->replaced,
		start->used ? ", and running processes use it" : "", holders,
		start->used ? "they may need it" : "its server may only be stopped for now",
		start->used ? " once they have exited (an Apache start even while they run)" : "",
		content == HOLDS_OTHER_SIZE
		? (start->used ? "To use this store, give this command their ephpm_kv.size"
			: "To use this store, give this command its ephpm_kv.size; to start afresh, remove the file")
		: start->used ? "They run another build of ephpm_kv" : "To start afresh, remove the file");
}

static void refuse_others(store_start *start, ephpm_store_mapping *mapping)
{
	if (start->not_shared[0]) {
		describe(mapping, "the store file %s holds %s, which is not shared with this process: %s",
			start->path, start->replaced, start->not_shared);
		return;
	}
	describe(mapping, "the store file %s holds %s: a php command or php -S uses only its own user's store "
		"files, or its group's with ephpm_kv.store_file_group (a server's start as root replaces another user's store, its entries and sessions "
		"lost); run this as that user", start->path, start->replaced);
}

/* Removes the file a new store replaces: now, not by the rename, as a tmpfs
 * with room for one store at a time (Docker's /dev/shm) needs the old one's
 * pages back. Where it cannot be removed (another user's file in a sticky
 * directory like /dev/shm), a new store would only fill the tmpfs for a rename
 * that fails the same way, or fail to fit with advice about the tmpfs's size. */
static file_verdict remove_replaced(store_start *start, ephpm_store_mapping *mapping)
{
	if (unlinkat(start->directory, start->name, 0) == 0 || errno == ENOENT) {
		return FILE_REPLACEABLE;
	}
	describe(mapping, "cannot remove the store file %s (%s) to replace it: %s: remove it as its "
		"owner, or choose another path", start->path,
		start->replaced[0] ? start->replaced : "an empty file", strerror(errno));
	return FILE_REFUSED;
}

/* Whether a new store fits in the tmpfs once the file open at fd is removed
 * (its pages come back only if nobody else maps it). Checked before removing
 * it: a size the tmpfs cannot hold must not cost the store that was there. */
static bool fits_after_removal(store_start *start, int fd, bool own_pages_back, ephpm_store_mapping *mapping)
{
	struct statfs fs;
	struct stat file;
	ephpm_memory_limits limits;

	if (fstat(fd, &file) != 0) {
		return true; /* reserve() tells */
	}
	uint64_t own = own_pages_back ? (uint64_t) file.st_blocks * 512 : 0;
	const char *counting = own_pages_back ? " counting the file's own" : "";
	const char *held = start->replaced[0] ? start->replaced : "nothing";
	/* A tmpfs without a size limit has no blocks. */
	if (fstatfs(start->directory, &fs) == 0 && fs.f_blocks != 0
			&& (uint64_t) fs.f_bavail * (uint64_t) fs.f_bsize + own < start->size) {
		describe(mapping, "a store of %zu bytes (ephpm_kv.size) does not fit in the tmpfs of the store "
			"file %s (%" PRIu64 " bytes free%s), so the file, which holds %s, was left as it is: see "
			"df, and the tmpfs's size= mount option", start->size, start->path,
			(uint64_t) fs.f_bavail * (uint64_t) fs.f_bsize + own, counting, held);
		return false;
	}
	uint64_t credit;
	if (!fits_in_cgroup(start->size, own, &credit, &limits)) {
		describe(mapping, "a store of %zu bytes (ephpm_kv.size) does not fit in the memory this "
			"process's cgroup can still take (%" PRIu64 " bytes%s, under the limit set by %s), so the "
			"store file %s, which holds %s, was left as it is: reserving it would get this process "
			"killed by the kernel; lower ephpm_kv.size, or raise the limit (a container's --memory)",
			start->size, limits.cgroup_room + credit, credit ? " counting the file's own" : "",
			limits.cgroup_room_file, start->path, held);
		return false;
	}
	return true;
}

/* What to do with the file at the path: *fd is left open for FILE_USABLE, and
 * the file is already removed for FILE_REPLACEABLE. */
static file_verdict decide(store_start *start, ephpm_store_mapping *mapping, int *fd)
{
	file_content content = HOLDS_NOTHING;

	*fd = openat(start->directory, start->name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0 && errno == ENOENT) {
		return FILE_REPLACEABLE;
	}
	struct stat file;
	if (*fd < 0 && errno == EACCES && fstatat(start->directory, start->name, &file, AT_SYMLINK_NOFOLLOW) == 0) {
		char group[64];
		name_group(file.st_gid, group, sizeof(group));
		bool for_group = (file.st_mode & 060) == 060 && (!start->group[0] || file.st_gid == start->gid);
		describe(mapping, "cannot open the store file %s: it belongs to uid %u and the group %s (mode "
			"%04o), and this process runs as uid %u%s", start->path, (unsigned) file.st_uid, group,
			(unsigned) (file.st_mode & 07777), (unsigned) geteuid(), for_group
			? ", not a member of that group: run it as the file's owner or as a member"
			: start->group[0] ? ": a server's start with ephpm_kv.store_file_group gives the file to the "
			"group it names (reload or restart the server), or chgrp and chmod 660 it"
			: ": run it as the file's owner, or share the file with a group (ephpm_kv.store_file_group)");
		return FILE_REFUSED;
	}
	if (*fd < 0) {
		describe(mapping, "cannot open the store file %s: %s", start->path,
			errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return FILE_REFUSED;
	}
	file_verdict verdict = examine(*fd, start, mapping, &content);
	start->used = verdict != FILE_REFUSED && in_use(*fd);
	if (verdict == FILE_REPLACEABLE) {
		bool others = content == HOLDS_OTHER_OWNER;
		snprintf(start->replaced, sizeof(start->replaced), "%.*s", (int) sizeof(start->replaced) - 1, mapping->origin);
		if (others && start->starter < EPHPM_STARTED_BY_SERVER) {
			refuse_others(start, mapping);
			verdict = FILE_REFUSED;
		} else if (content != HOLDS_NOTHING && start->starter < EPHPM_STARTED_BY_DEV_SERVER) {
			/* Before the in-use refusal, whose advice (stop them first) a command could not
			 * follow; saying what a server's start would do, which is to refuse a store
			 * that does not fit even once the old one's pages are back. */
			if (fits_after_removal(start, *fd, true, mapping)) {
				refuse_command(start, content, *fd, mapping);
			}
			verdict = FILE_REFUSED;
		} else if (start->used && !others && start->starter < EPHPM_STARTED_BY_APACHE) {
			refuse_in_use(start, content, *fd, mapping);
			verdict = FILE_REFUSED;
		} else if (!may_give_to_group(start)) {
			describe(mapping, "a new store file would belong to the group %s (ephpm_kv.store_file_group), "
				"which this process (uid %u) is not a member of, so the store file %s, which holds %s, was "
				"left as it is: run the server as root or as a member of that group", start->group,
				(unsigned) geteuid(), start->path, start->replaced[0] ? start->replaced : "nothing");
			verdict = FILE_REFUSED;
		} else if (fits_after_removal(start, *fd, !start->used, mapping)) {
			verdict = remove_replaced(start, mapping);
		} else {
			verdict = FILE_REFUSED;
		}
	}
	if (verdict != FILE_USABLE) {
		close(*fd);
		*fd = -1;
	}
	return verdict;
}

/* Maps the store file open at fd: 0 and mapping->origin saying so, or -1. */
static int map_found(store_start *start, ephpm_store_mapping *mapping, int fd)
{
	char sharing[128];

	/* A server's start carries out its ephpm_kv.store_file_group; a command
	 * (which may have ini files of its own) uses the file as it finds it. */
	if ((start->starter >= EPHPM_STARTED_BY_SERVER && !give_to_group(fd, start, mapping))
			|| !(fully_allocated(fd) || reserve(fd, start->path, start->size, mapping))
			|| !map_file(fd, start->path, start->size, mapping)) {
		return -1;
	}
	describe_sharing(fd, start, sharing, sizeof(sharing));
	describe(mapping, "%s%s, %s", start->path, sharing, start->used
		? "the store that running processes use" : "the store of an earlier start, mapped again");
	return 0;
}

/* Makes and maps a new store file: its descriptor, or -1. */
static int map_new(store_start *start, ephpm_store_mapping *mapping)
{
	int fd = create_in_place(start, mapping);
	if (fd < 0) {
		return -1;
	}
	fd = by_name(start->directory, start->name, fd);
	if (!map_file(fd, start->path, start->size, mapping)) {
		close(fd);
		return -1;
	}
	char sharing[128];
	describe_sharing(fd, start, sharing, sizeof(sharing));
	if (start->replaced[0]) {
		mapping->replaced = true;
		describe(mapping, "%s%s, new, replacing %s%s", start->path, sharing, start->replaced,
			start->used ? " that running processes use (they keep it until they exit)" : "");
	} else {
		describe(mapping, "%s%s, new", start->path, sharing);
	}
	return fd;
}

/* Whether the file open at fd is still the one the store file's name names. */
static bool still_named(const store_start *start, int fd)
{
	struct stat opened, named;

	return fstat(fd, &opened) == 0 && fstatat(start->directory, start->name, &named, AT_SYMLINK_NOFOLLOW) == 0
		&& opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

/* Takes this process's shared flock on the store file. Ours take theirs
 * under the directory lock, and never an exclusive one but for a moment
 * there; anyone else who can open the file (its group's members, a backup
 * script) may hold one for as long as they like: waited for as long as for
 * the directory lock, then refused. */
static bool share_lock(store_start *start, int fd, ephpm_store_mapping *mapping)
{
	int error = flock_waiting(fd, LOCK_SH);
	if (error) {
		char holders[160] = "";
		if (error == EWOULDBLOCK) {
			lock_holders(fd, holders, sizeof(holders));
		}
		describe(mapping, "cannot lock the store file %s: %s%s", start->path, error == EWOULDBLOCK
			? "another process has held an exclusive lock on it (flock) for 10 s" : strerror(error),
			holders);
		return false;
	}
	return true;
}

static void map_store_file(ephpm_store_mapping *mapping, const ephpm_store_settings *settings,
	ephpm_store_starter starter)
{
	const char *path = settings->path;

	if (path[0] != '/') {
		describe(mapping, "ephpm_kv.store_file must be an absolute path, not \"%s\"", path);
		return;
	}
	store_start start = {
		.directory = lock_directory(path, mapping), .name = strrchr(path, '/') + 1, .path = path,
		.size = settings->size, .group = settings->group ? settings->group : "", .gid = settings->gid,
		.starter = starter,
	};
	if (start.directory < 0) {
		return;
	}
	int fd;
	file_verdict verdict = decide(&start, mapping, &fd);
	if (verdict == FILE_USABLE && map_found(&start, mapping, fd) < 0) {
		close(fd);
		fd = -1;
	} else if (verdict == FILE_REPLACEABLE) {
		fd = map_new(&start, mapping);
	}
	if (mapping->base != MAP_FAILED && flock(fd, LOCK_SH | LOCK_NB) != 0) {
		/* Ours take their locks under the directory lock: this is an exclusive
		 * lock from outside, waited for without the directory lock, so that
		 * the starts of other stores in the directory go on meanwhile. Another
		 * start may then have replaced the store before this one got its
		 * lock: it must not go on with a store nobody else will find. */
		flock(start.directory, LOCK_UN);
		bool locked = share_lock(&start, fd, mapping);
		if (locked && (flock_waiting(start.directory, LOCK_EX) != 0 || !still_named(&start, fd))) {
			describe(mapping, "the store file %s was replaced by another start while this one waited "
				"for a lock held outside ephpm_kv: start again", start.path);
			locked = false;
		}
		if (!locked) {
			if (mapping->replaced) {
				size_t length = strlen(mapping->origin);
				snprintf(mapping->origin + length, sizeof(mapping->origin) - length, "; the store file "
					"had just been made new, replacing the store it held: its entries and sessions are gone");
			}
			munmap(mapping->base, start.size);
			mapping->base = MAP_FAILED;
			close(fd);
		}
	}
	if (mapping->base != MAP_FAILED) {
		mapping->fd = fd;
	}
	close(start.directory); /* and its lock with it */
}

void ephpm_store_map(ephpm_store_mapping *mapping, const ephpm_store_settings *settings,
	ephpm_store_starter starter)
{
	size_t size = settings->size;

	mapping->base = MAP_FAILED;
	mapping->fd = -1;
	mapping->replaced = false;
	mapping->origin[0] = '\0';

	if (settings->path && *settings->path) {
		map_store_file(mapping, settings, starter);
		return;
	}
	mapping->base = mmap(NULL, size, PROT_READ | PROT_WRITE,
		MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mapping->base == MAP_FAILED) {
		describe(mapping, "cannot map the shared store of %zu bytes (ephpm_kv.size): %s",
			size, strerror(errno));
	}
}
