#!/usr/bin/env python3
"""One learner's answer flood against a tutord (issue #36, item 4): how much database it
writes and what the learner gets back. Not a test (nothing passes or fails); the figures are in
docs/benchmarks.md.

    answer-flood.py TUTORD [--classroom] [--count N | --seconds S] [--bytes B] [tutord flags...]

Starts TUTORD on a temporary socket and state directory with a one-question free-text course
(every wrong answer is recorded and the quiz asked again), opens it from one connection, and
floods answers of B bytes (default 4,080: a line of 4,090 bytes, within --max-line-bytes),
pipelined as fast as the daemon reads them, until N are answered or S seconds pass. Prints
the replies by final line, the time, the answers stored and the database's size (the SQLite
file and its log, after a clean stop).
"""
import argparse, collections, grp, os, shutil, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time

COURSE = """course free
title: Free
level: beginner
summary: One free-text question.

lesson one
title: One
> A beat.
question f1
ask: Say yes.
accept: yes
explain: Because yes.
hint: It is yes.
takeaway: Say yes.
"""


def database_bytes(state):
    return sum(os.path.getsize(os.path.join(state, name)) for name in os.listdir(state)
               if name.startswith("tutord.sqlite"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tutord")
    parser.add_argument("--classroom", action="store_true")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--bytes", type=int, default=4080)
    options, extra = parser.parse_known_args()

    directory = tempfile.mkdtemp(prefix="tutord-flood-")
    try:
        dialogues, state, sock = directory + "/dialogues", directory + "/state", directory + "/tutord.sock"
        os.makedirs(dialogues)
        with open(dialogues + "/free.dialogue", "w") as file:
            file.write(COURSE)
        arguments = [options.tutord, "--socket", sock, "--dialogues", dialogues, "--state-dir", state, "--log-level", "warning"]
        if options.classroom:
            arguments += ["--classroom", "--socket-group", grp.getgrgid(os.getgid()).gr_name]
        daemon = subprocess.Popen(arguments + extra)
        for _ in range(600):
            if os.path.exists(sock):
                break
            time.sleep(0.05)  # start-up only: this script is a measurement, not a test
        connection = socket.socket(socket.AF_UNIX)
        connection.connect(sock)
        reader = connection.makefile("rb")

        def reply():
            lines = []
            while True:
                line = reader.readline().decode()
                if line.startswith("OK") or line.startswith("ERR"):
                    return line.strip(), lines
                lines.append(line)

        reader.readline()  # greeting
        for line in ["start free", ""]:
            connection.sendall((line + "\n").encode())
            reply()
        deadline = time.monotonic() + options.seconds if options.seconds else None
        answer = "x" * options.bytes
        sent = [0]
        stop = threading.Event()

        def send():
            while not stop.is_set() and (deadline or sent[0] < options.count):
                if deadline and time.monotonic() >= deadline:
                    break
                connection.sendall(("answer f1 %s%d\n" % (answer[:-8], sent[0])).encode())
                sent[0] += 1
            connection.shutdown(socket.SHUT_WR)

        started = time.monotonic()
        sender = threading.Thread(target=send)
        sender.start()
        finals = collections.Counter()
        message = {}
        while True:
            try:
                final, _ = reply()
            except (UnicodeDecodeError, ConnectionError):
                break
            if not final:
                break
            code = final.split(" ")[0] if final.startswith("OK") else " ".join(final.split(" ")[:2])
            finals[code] += 1
            message.setdefault(code, final)
            if deadline is None and sum(finals.values()) == options.count:
                break
            if deadline and not sender.is_alive() and sum(finals.values()) == sent[0]:
                break
        elapsed = time.monotonic() - started
        stop.set()
        sender.join()
        connection.close()
        daemon.send_signal(signal.SIGTERM)
        daemon.wait()
        after = database_bytes(state)
        database = sqlite3.connect(state + "/tutord.sqlite")
        stored, text = database.execute("SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(given AS BLOB))), 0) FROM answer").fetchone()
        print("sent %d answers of %d bytes in %.1f s" % (sent[0], options.bytes, elapsed))
        for code, count in finals.most_common():
            print("  %6d  %s" % (count, message[code][:160]))
        print("answers stored: %d (%d bytes of text)" % (stored, text))
        files = ", ".join("%s %d" % (name, os.path.getsize(os.path.join(state, name)))
                          for name in sorted(os.listdir(state)) if name.startswith("tutord.sqlite"))
        print("database after a clean stop: %d bytes (%s; the course opened and nothing else: about 60 KB)" % (after, files))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
