#!/usr/bin/env python3
"""Stands in for systemd's socket unit in tests.

fd 3 is the listening socket (passed by `systemd-socket-activate`). Whenever a connection is
waiting on it, start the daemon given as arguments with LISTEN_PID/LISTEN_FDS naming it, as
systemd does; again after each exit. SIGTERM stops the daemon and the loop.
"""
import os
import select
import signal
import sys

child = 0


def stop(signum, frame):
    if child:
        os.kill(child, signal.SIGTERM)
        os.waitpid(child, 0)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
# A test runner may start us with signals blocked; systemd would not.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGCHLD})
while True:
    select.select([3], [], [])
    child = os.fork()
    if child == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.environ.update(LISTEN_PID=str(os.getpid()), LISTEN_FDS="1", LISTEN_FDNAMES="tutord.sock")
        os.execv(sys.argv[1], sys.argv[1:])
    os.waitpid(child, 0)
    child = 0
