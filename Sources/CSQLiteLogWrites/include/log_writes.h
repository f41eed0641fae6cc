#ifndef TUTORD_LOG_WRITES_H
#define TUTORD_LOG_WRITES_H

/* The name the VFS is registered under: a connection uses it only when it names it (the URI
   parameter `vfs=tutord-log-writes`). SQLITE_FCNTL_VFSNAME on a file of a connection that uses
   it answers "tutord-log-writes/" followed by the name of the VFS below (unix). */
#define TUTORD_LOG_WRITES_VFS "tutord-log-writes"

/* Registers, once per process, an SQLite VFS that wraps the default one under its own name,
   TUTORD_LOG_WRITES_VFS, and never becomes the default: every file passes through to the
   default VFS unchanged except write-ahead logs, whose appends are gathered in memory and
   written with one call. SQLite writes each frame of the log with two calls (its 24-byte
   header, then the page), about five per answer in tutord.

   What is gathered reaches the kernel before any sync of the log, before any read, truncation,
   size query, file control or close of it, before a write that is not an append, and right after
   the page of a commit frame (a frame whose header holds a database size), so a commit's frames
   are written before SQLite publishes them to other connections, whatever the synchronous level.
   A write that fails when the gathered bytes go out is reported by the call that sent them.

   Returns SQLITE_OK, or SQLite's error if the default VFS cannot be wrapped. */
int tutord_log_writes_register(void);

#endif
