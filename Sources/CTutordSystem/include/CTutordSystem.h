#ifndef TUTORD_CSYSTEM_H
#define TUTORD_CSYSTEM_H

#include <sys/types.h>
/* epoll, for tutord-bench's closed-loop client (Swift's Glibc module leaves it out). */
#include <sys/epoll.h>

/* Values and layouts that differ between CPU architectures or hide behind _GNU_SOURCE, taken
   from the C headers instead of being written down in Swift. CTutordSystem.c is compiled with
   _GNU_SOURCE and checks the layout below against glibc's own. */

/* Linux's struct ucred (what SO_PEERCRED returns), member for member. */
typedef struct {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} csystem_ucred;

/* SO_PEERCRED: 17 on x86 and arm, other values on powerpc, mips and sparc. */
int csystem_so_peercred(void);

/* POSIX_SPAWN_SETSID (glibc 2.26+). */
short csystem_posix_spawn_setsid(void);

/* wcwidth(3) (hidden behind _XOPEN_SOURCE): the widths ncurses uses. The C library answers
   for the current LC_CTYPE; tutor runs in the user's (UTF-8) locale. */
int csystem_wcwidth(unsigned int scalar);

#endif
