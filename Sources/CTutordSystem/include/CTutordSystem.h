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

/* pipe2(fds, O_CLOEXEC) (hidden behind _GNU_SOURCE): a pipe no other exec inherits. */
int csystem_pipe_cloexec(int fds[2]);

/* prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of this process's descendants become its
   children, so what a check left behind can be reaped instead of lingering as zombies. */
int csystem_become_subreaper(void);

/* A new pseudo-terminal (posix_openpt, grantpt, unlockpt and ptsname_r, hidden behind
   _XOPEN_SOURCE and _GNU_SOURCE): returns its primary side (close-on-exec, not a controlling
   terminal) and writes the secondary side's path into `name`; -1 with errno set on failure.
   For tutord-bench's `launch`, which runs tutor in it. */
int csystem_open_pty(char *name, size_t size);

/* The limits a learner's exercise check runs under (see csystem_spawn_limited). */
typedef struct {
    unsigned long cpu_seconds;      /* RLIMIT_CPU: SIGXCPU past it, SIGKILL a second later */
    unsigned long address_space;    /* RLIMIT_AS, bytes: allocations past it fail (MemoryError) */
    unsigned long file_size;        /* RLIMIT_FSIZE, bytes: writes past it fail */
    unsigned long open_files;       /* RLIMIT_NOFILE */
    unsigned long processes;        /* RLIMIT_NPROC: the user's processes and threads, all told */
} csystem_limits;

/* fork(2)s and execs `path` in a new process group (its pid) with the limits, `directory` as
   its working directory, standard input from /dev/null, standard output and error on the two
   descriptors given, `marker_fd` as descriptor 3, no other descriptor open, no core dumps, and
   `envp` alone as its environment. It is killed if the thread that forked it dies
   (PR_SET_PDEATHSIG). The child runs only async-signal-safe calls before execve, as a fork
   from a threaded process must. Returns the pid, or -1 with errno set when fork fails; a child
   that cannot be set up or exec'd exits 127 after writing why to `stderr_fd`. */
pid_t csystem_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                            int stdout_fd, int stderr_fd, int marker_fd, const csystem_limits *limits);

#endif
