// Two SHA-256 digests computed at once with the x86 SHA extensions.
#ifndef HUDDLE_SHA256_PAIR_H
#define HUDDLE_SHA256_PAIR_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions (and SSE4.1) that `huddle_sha256_pair` needs, else 0.
int huddle_sha256_pair_available(void);

/// Writes SHA-256(`first`) to `first_digest` and SHA-256(`second`) to `second_digest`, for two
/// messages of the same `length`. The two hashes run interleaved on one core: one SHA-256 is a
/// chain of dependent rounds that leaves the SHA unit idle most cycles, and the second chain
/// fills those cycles. Call only when `huddle_sha256_pair_available()` returned 1.
void huddle_sha256_pair(const uint8_t *first, const uint8_t *second, size_t length,
                        uint8_t first_digest[32], uint8_t second_digest[32]);

#endif
