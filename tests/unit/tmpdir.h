/*
 * tmpdir.h - helpers shared by the unit tests that touch the file system:
 * a fresh private directory under /tmp, its removal, and reading a whole
 * file. Header-only so each test stays one executable from one .c file.
 */
#ifndef PACE_TEST_TMPDIR_H
#define PACE_TEST_TMPDIR_H

#include "core/util.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Returns a new directory /tmp/pace-test-XXXXXX; the caller frees the path
 * and removes the tree with tmpdir_remove. Aborts when /tmp is unusable. */
static inline char *tmpdir_make(void)
{
    char *dir = xstrdup("/tmp/pace-test-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        abort();
    }
    return dir;
}

static inline int tmpdir_remove_one(const char *path, const struct stat *st, int type,
                                    struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

/* Removes dir and everything below it, then frees the path. */
static inline void tmpdir_remove(char *dir)
{
    if (dir == NULL)
        return;
    nftw(dir, tmpdir_remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

/* Reads the whole file at path into b (appending). Returns false when the
 * file does not exist. */
static inline bool file_read_all(const char *path, struct buf *b)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char chunk[8192];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        buf_add(b, chunk, (size_t)n);
    close(fd);
    return true;
}

/* Writes len bytes of data to path with the given mode (replacing it). */
static inline bool file_write_all(const char *path, const void *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return false;
    bool ok = write(fd, data, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    return ok;
}

#endif
