// Pseudo-terminals for benchmarks and tests that run huddle as a user would.
#ifndef HUDDLE_PSEUDO_TERMINAL_H
#define HUDDLE_PSEUDO_TERMINAL_H

#include <stddef.h>

/// Opens a pseudo-terminal of `rows` x `columns`. Returns the master fd (or -1) and writes the
/// slave's path into `name` (`length` bytes).
int huddle_open_pty(int rows, int columns, char *name, size_t length);

/// The posix_spawn flag that starts the child in a new session.
short huddle_spawn_setsid_flag(void);

#endif
