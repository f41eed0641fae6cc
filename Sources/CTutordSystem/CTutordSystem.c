#define _GNU_SOURCE
#include <spawn.h>
#include <stddef.h>
#include <sys/socket.h>
#include <wchar.h>

#include "CTutordSystem.h"

_Static_assert(sizeof(csystem_ucred) == sizeof(struct ucred), "csystem_ucred must match struct ucred");
_Static_assert(offsetof(csystem_ucred, pid) == offsetof(struct ucred, pid), "pid offset");
_Static_assert(offsetof(csystem_ucred, uid) == offsetof(struct ucred, uid), "uid offset");
_Static_assert(offsetof(csystem_ucred, gid) == offsetof(struct ucred, gid), "gid offset");

int csystem_so_peercred(void) { return SO_PEERCRED; }

short csystem_posix_spawn_setsid(void) { return POSIX_SPAWN_SETSID; }

int csystem_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }
