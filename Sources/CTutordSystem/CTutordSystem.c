#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
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

int csystem_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int csystem_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int csystem_open_pty(char *name, size_t size) {
    int primary = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (primary < 0) return -1;
    if (grantpt(primary) != 0 || unlockpt(primary) != 0 || ptsname_r(primary, name, size) != 0) {
        int saved = errno;
        close(primary);
        errno = saved;
        return -1;
    }
    return primary;
}

/* What the child says before it exits 127: write(2) only, which is async-signal-safe. */
static void child_fail(int fd, const char *what) {
    const char *reason = strerror(errno);  /* reads a table; no allocation */
    (void)!write(fd, "cannot run the check: ", 22);
    (void)!write(fd, what, strlen(what));
    (void)!write(fd, ": ", 2);
    (void)!write(fd, reason, strlen(reason));
    (void)!write(fd, "\n", 1);
    _exit(127);
}

static int limit(int resource, rlim_t soft, rlim_t hard) {
    struct rlimit value = { soft, hard };
    return setrlimit(resource, &value);
}

pid_t csystem_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                            int stdout_fd, int stderr_fd, int marker_fd, const csystem_limits *limits) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) return pid;
    /* The child. If the checker dies (killed outright), so does the check. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) child_fail(stderr_fd, "prctl");
    if (getppid() != parent) _exit(127);  /* it died before the line above */
    if (setpgid(0, 0) != 0) child_fail(stderr_fd, "setpgid");
    /* The parent's ignored signals and blocked mask would outlive execve: the check gets the
       defaults, so SIGXCPU and SIGXFSZ end it and SIGPIPE does what python expects. */
    for (int number = 1; number < NSIG; number++) {
        if (number != SIGKILL && number != SIGSTOP) signal(number, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int input = open("/dev/null", O_RDONLY);
    if (input < 0) child_fail(stderr_fd, "open /dev/null");
    if (dup2(input, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0 || dup2(marker_fd, 3) < 0)
        child_fail(stderr_fd, "dup2");
    /* Every other descriptor closes: the check sees none of its parent's files or sockets. */
    if (syscall(SYS_close_range, 4U, ~0U, 0U) != 0) {
        for (int fd = 4; fd < 65536; fd++) close(fd);
    }
    if (chdir(directory) != 0) child_fail(2, "chdir");
    if (limit(RLIMIT_CORE, 0, 0) != 0
        || limit(RLIMIT_CPU, limits->cpu_seconds, limits->cpu_seconds + 1) != 0
        || limit(RLIMIT_AS, limits->address_space, limits->address_space) != 0
        || limit(RLIMIT_FSIZE, limits->file_size, limits->file_size) != 0
        || limit(RLIMIT_NOFILE, limits->open_files, limits->open_files) != 0
        || limit(RLIMIT_NPROC, limits->processes, limits->processes) != 0)
        child_fail(2, "setrlimit");
    execve(path, argv, envp);
    child_fail(2, path);
    return -1;
}
