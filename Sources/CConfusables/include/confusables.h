#ifndef HUDDLE_CONFUSABLES_H
#define HUDDLE_CONFUSABLES_H

#include <stdint.h>

/// Writes the Unicode TR39 skeleton of `text` (UTF-8, `length` bytes) into `out` (UTF-8,
/// `capacity` bytes, not NUL-terminated), using ICU's spoof checker: two strings that look
/// alike have the same skeleton. Returns the skeleton's length in bytes (more than
/// `capacity` when `out` is too small: call again with that much), or -1 on an ICU error.
int32_t huddle_confusable_skeleton(const char *text, int32_t length, char *out, int32_t capacity);

#endif
