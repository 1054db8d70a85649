// Linux file-system calls that Swift's Glibc module does not expose.
#ifndef HUDDLE_FILE_SYSTEM_H
#define HUDDLE_FILE_SYSTEM_H

#include <stdint.h>

/// Renames `from` to `to` unless `to` exists (renameat2 with RENAME_NOREPLACE). Returns 0,
/// or -1 with errno set: EEXIST when `to` is taken, ENOSYS or EINVAL when the kernel or file
/// system cannot rename without replacing.
int huddle_rename_noreplace(const char *from, const char *to);

/// Starts writing back the dirty pages of `length` bytes at `offset` without waiting for them
/// (sync_file_range with SYNC_FILE_RANGE_WRITE), so a later fsync has less to wait for.
/// Returns 0, or -1 with errno set. Durability still needs fsync.
int huddle_start_writeback(int fd, int64_t offset, int64_t length);

/// Writes back everything dirty in the file system holding `fd` and waits for it (syncfs):
/// one journal commit and one cache flush for any number of files. Returns 0, or -1 with
/// errno set (ENOSYS where there is no syncfs).
int huddle_sync_file_system(int fd);

#endif
