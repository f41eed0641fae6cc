/* A VFS that gathers the appends to SQLite's write-ahead logs into one write: see
   log_writes.h for the contract. It is a shim in the manner of SQLite's own vfstrace.c: each
   file of ours holds the default VFS's file right after it and passes every call on. */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "log_writes.h"

/* Under 128 KiB: the unix VFS writes at most 0x1ffff bytes per call (seekAndWriteFd masks the
   length with it) and reports a write that made no progress as a full disk. 120 KiB hold 117
   frames of 1 KiB pages; a bigger commit goes out in pieces. */
#define GATHER_CAPACITY (120 * 1024)
/* A frame's header: its page number, then the database size after a commit (0 otherwise). */
#define FRAME_HEADER_SIZE 24

typedef struct LogFile {
    sqlite3_file base;
    sqlite3_file *real;        /* the default VFS's file, in the memory right after this one */
    int isLog;                 /* opened as a write-ahead log: its appends are gathered */
    int commitFramePending;    /* the last write was a commit frame's header: its page is next */
    unsigned char *gathered;   /* allocated at the first append */
    int length;
    sqlite3_int64 start;       /* where in the file gathered[0] goes */
} LogFile;

static sqlite3_vfs *root;
static sqlite3_vfs shim;

#define REAL(file) (((LogFile *)(file))->real)

/* Sends what is gathered to the kernel; the bytes are dropped either way (after a failed
   write SQLite abandons the transaction whose frames they were). */
static int flush(LogFile *f) {
    if (f->length == 0) return SQLITE_OK;
    int rc = f->real->pMethods->xWrite(f->real, f->gathered, f->length, f->start);
    f->length = 0;
    return rc;
}

static int logClose(sqlite3_file *file) {
    LogFile *f = (LogFile *)file;
    int flushed = flush(f);
    int rc = f->real->pMethods->xClose(f->real);
    free(f->gathered);
    f->gathered = NULL;
    return flushed != SQLITE_OK ? flushed : rc;
}

static int logRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    LogFile *f = (LogFile *)file;
    int rc = flush(f);
    if (rc != SQLITE_OK) return rc;
    return f->real->pMethods->xRead(f->real, data, amount, offset);
}

static int logWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    LogFile *f = (LogFile *)file;
    if (!f->isLog) return f->real->pMethods->xWrite(f->real, data, amount, offset);
    int rc = SQLITE_OK;
    int appends = f->length > 0 && offset == f->start + f->length && f->length + amount <= GATHER_CAPACITY;
    if (!appends) rc = flush(f);
    if (rc != SQLITE_OK) return rc;
    if (f->gathered == NULL && amount <= GATHER_CAPACITY) f->gathered = malloc(GATHER_CAPACITY);
    if (f->gathered == NULL || amount > GATHER_CAPACITY) {
        rc = f->real->pMethods->xWrite(f->real, data, amount, offset);
    } else {
        if (f->length == 0) f->start = offset;
        memcpy(f->gathered + f->length, data, (size_t)amount);
        f->length += amount;
    }
    if (rc != SQLITE_OK) return rc;
    if (f->commitFramePending) {
        /* The commit frame is complete: out before SQLite makes it visible (or syncs it). */
        f->commitFramePending = 0;
        return flush(f);
    }
    if (amount == FRAME_HEADER_SIZE) {
        const unsigned char *header = data;
        f->commitFramePending = (header[4] | header[5] | header[6] | header[7]) != 0;
    }
    return SQLITE_OK;
}

static int logTruncate(sqlite3_file *file, sqlite3_int64 size) {
    int rc = flush((LogFile *)file);
    return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xTruncate(REAL(file), size);
}

static int logSync(sqlite3_file *file, int flags) {
    int rc = flush((LogFile *)file);
    return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xSync(REAL(file), flags);
}

static int logFileSize(sqlite3_file *file, sqlite3_int64 *size) {
    int rc = flush((LogFile *)file);
    return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xFileSize(REAL(file), size);
}

static int logFileControl(sqlite3_file *file, int op, void *argument) {
    int rc = flush((LogFile *)file);
    if (rc != SQLITE_OK) return rc;
    rc = REAL(file)->pMethods->xFileControl(REAL(file), op, argument);
    if (op == SQLITE_FCNTL_VFSNAME && rc == SQLITE_OK) {
        /* Names the stack, shim first, as SQLite's own shims do: "tutord-log-writes/unix". */
        char **name = argument;
        char *below = *name;
        *name = sqlite3_mprintf("%s/%s", TUTORD_LOG_WRITES_VFS, below != NULL ? below : "?");
        sqlite3_free(below);
        if (*name == NULL) return SQLITE_NOMEM;
    }
    return rc;
}

/* The rest only pass the call on. */
static int logLock(sqlite3_file *file, int level) { return REAL(file)->pMethods->xLock(REAL(file), level); }
static int logUnlock(sqlite3_file *file, int level) { return REAL(file)->pMethods->xUnlock(REAL(file), level); }
static int logCheckReservedLock(sqlite3_file *file, int *out) {
    return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}
static int logSectorSize(sqlite3_file *file) { return REAL(file)->pMethods->xSectorSize(REAL(file)); }
static int logDeviceCharacteristics(sqlite3_file *file) {
    return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}
static int logShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out) {
    return REAL(file)->pMethods->xShmMap(REAL(file), region, size, extend, out);
}
static int logShmLock(sqlite3_file *file, int offset, int n, int flags) {
    return REAL(file)->pMethods->xShmLock(REAL(file), offset, n, flags);
}
static void logShmBarrier(sqlite3_file *file) { REAL(file)->pMethods->xShmBarrier(REAL(file)); }
static int logShmUnmap(sqlite3_file *file, int deleteFlag) {
    return REAL(file)->pMethods->xShmUnmap(REAL(file), deleteFlag);
}
static int logFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    return REAL(file)->pMethods->xFetch(REAL(file), offset, amount, out);
}
static int logUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *pointer) {
    return REAL(file)->pMethods->xUnfetch(REAL(file), offset, pointer);
}

/* Version 3 (shared memory, memory mapping); the default (unix) VFS's files are version 3. */
static const sqlite3_io_methods logMethods = {
    3, logClose, logRead, logWrite, logTruncate, logSync, logFileSize, logLock, logUnlock,
    logCheckReservedLock, logFileControl, logSectorSize, logDeviceCharacteristics, logShmMap,
    logShmLock, logShmBarrier, logShmUnmap, logFetch, logUnfetch,
};

static int shimOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags) {
    (void)vfs;
    LogFile *f = (LogFile *)file;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)&f[1];
    int rc = root->xOpen(root, name, f->real, flags, outFlags);
    /* SQLite calls xClose only when pMethods is set; a failed open leaves nothing to close. */
    if (f->real->pMethods == NULL) return rc;
    if (f->real->pMethods->iVersion < 3) {
        /* Not a file this shim knows how to pass on in full: hand back the default's as is. */
        f->real->pMethods->xClose(f->real);
        return SQLITE_CANTOPEN;
    }
    f->isLog = (flags & SQLITE_OPEN_WAL) != 0;
    f->base.pMethods = &logMethods;
    return rc;
}

static int shimDelete(sqlite3_vfs *vfs, const char *name, int syncDir) {
    (void)vfs;
    return root->xDelete(root, name, syncDir);
}
static int shimAccess(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    (void)vfs;
    return root->xAccess(root, name, flags, out);
}
static int shimFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return root->xFullPathname(root, name, size, out);
}
static void *shimDlOpen(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return root->xDlOpen(root, name);
}
static void shimDlError(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    root->xDlError(root, size, out);
}
static void (*shimDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return root->xDlSym(root, handle, symbol);
}
static void shimDlClose(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    root->xDlClose(root, handle);
}
static int shimRandomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return root->xRandomness(root, size, out);
}
static int shimSleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return root->xSleep(root, microseconds);
}
static int shimCurrentTime(sqlite3_vfs *vfs, double *out) {
    (void)vfs;
    return root->xCurrentTime(root, out);
}
static int shimGetLastError(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return root->xGetLastError(root, size, out);
}
static int shimCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    (void)vfs;
    return root->xCurrentTimeInt64(root, out);
}
static int shimSetSystemCall(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr call) {
    (void)vfs;
    return root->xSetSystemCall(root, name, call);
}
static sqlite3_syscall_ptr shimGetSystemCall(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return root->xGetSystemCall(root, name);
}
static const char *shimNextSystemCall(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return root->xNextSystemCall(root, name);
}

static int registered = SQLITE_ERROR;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void registerOnce(void) {
    root = sqlite3_vfs_find(NULL);
    if (root == NULL || root->iVersion < 3) return;
    shim = (sqlite3_vfs){
        .iVersion = 3,
        .szOsFile = (int)sizeof(LogFile) + root->szOsFile,
        .mxPathname = root->mxPathname,
        .zName = TUTORD_LOG_WRITES_VFS,
        .xOpen = shimOpen,
        .xDelete = shimDelete,
        .xAccess = shimAccess,
        .xFullPathname = shimFullPathname,
        .xDlOpen = shimDlOpen,
        .xDlError = shimDlError,
        .xDlSym = shimDlSym,
        .xDlClose = shimDlClose,
        .xRandomness = shimRandomness,
        .xSleep = shimSleep,
        .xCurrentTime = shimCurrentTime,
        .xGetLastError = shimGetLastError,
        .xCurrentTimeInt64 = shimCurrentTimeInt64,
        .xSetSystemCall = shimSetSystemCall,
        .xGetSystemCall = shimGetSystemCall,
        .xNextSystemCall = shimNextSystemCall,
    };
    /* Not the default: only connections that name it (the progress store's) use it. */
    registered = sqlite3_vfs_register(&shim, 0);
}

int tutord_log_writes_register(void) {
    pthread_once(&once, registerOnce);
    return registered;
}
