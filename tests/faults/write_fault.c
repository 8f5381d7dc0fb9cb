/* An LD_PRELOAD shim that makes file writes fail, for testing `entitle batch`.
 *
 *   ENTITLE_FAULT        enospc | eio | short | fsync | close | rename
 *   ENTITLE_FAULT_MATCH  only files whose path contains this text (default ".tmp": the
 *                        batch's temporary outputs, never stdout or stderr)
 *   ENTITLE_FAULT_AFTER  bytes that may be written to a matching file before write fails
 *                        (default 0); for `short`, the largest write ever accepted
 *
 * enospc / eio: write() fails with ENOSPC / EIO once AFTER bytes are written. short: every
 * write() writes at most AFTER (default 7) bytes, which is legal and must be retried, not
 * fail. fsync / close: fsync() or close() of a matching file fails with EIO. rename:
 * rename() onto a path containing MATCH (set MATCH to the output name) fails with EIO.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *fault(void) { return getenv("ENTITLE_FAULT"); }

static int is(const char *name) {
  const char *f = fault();
  return f != NULL && strcmp(f, name) == 0;
}

static const char *match(void) {
  const char *m = getenv("ENTITLE_FAULT_MATCH");
  return m != NULL ? m : ".tmp";
}

static long after(long fallback) {
  const char *a = getenv("ENTITLE_FAULT_AFTER");
  return a != NULL ? atol(a) : fallback;
}

static int fd_matches(int fd) {
  char link[64], target[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = '\0';
  return strstr(target, match()) != NULL;
}

static long written; /* bytes written to matching files so far */

ssize_t write(int fd, const void *buf, size_t count) {
  static ssize_t (*real)(int, const void *, size_t);
  if (real == NULL) real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  if (fault() == NULL || fd <= 2 || !fd_matches(fd)) return real(fd, buf, count);
  if (is("short")) {
    const long most = after(7);
    if ((long)count > most) count = (size_t)most;
  } else if (is("enospc") || is("eio")) {
    const long room = after(0) - written;
    if (room <= 0) {
      errno = is("enospc") ? ENOSPC : EIO;
      return -1;
    }
    if ((long)count > room) count = (size_t)room; /* a partial write, then the error */
  }
  const ssize_t n = real(fd, buf, count);
  if (n > 0) written += n;
  return n;
}

int fsync(int fd) {
  static int (*real)(int);
  if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  if (is("fsync") && fd_matches(fd)) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

int close(int fd) {
  static int (*real)(int);
  if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "close");
  if (is("close") && fd > 2 && fd_matches(fd)) {
    real(fd); /* the descriptor is gone either way, as with a real close() error */
    errno = EIO;
    return -1;
  }
  return real(fd);
}

int rename(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  if (real == NULL) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  if (is("rename") && strstr(to, match()) != NULL) {
    errno = EIO;
    return -1;
  }
  return real(from, to);
}
