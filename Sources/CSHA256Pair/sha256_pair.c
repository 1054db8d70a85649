// SHA-256 (FIPS 180-4) of two equal-length messages, interleaved, with the SHA-NI
// instructions. The round structure follows Intel's published SHA extensions guide: the
// state lives in two registers (ABEF and CDGH), SHA256RNDS2 does two rounds, SHA256MSG1 and
// SHA256MSG2 extend the message schedule four words at a time.
#include "sha256_pair.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define TARGET __attribute__((target("sha,sse4.1,ssse3")))

static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/// The running state of one message: ABEF and CDGH as SHA256RNDS2 wants them.
typedef struct {
    __m128i abef;
    __m128i cdgh;
} pair_state;

TARGET static pair_state load_initial_state(void) {
    __m128i abcd = _mm_loadu_si128((const __m128i *)&initial_state[0]);
    __m128i efgh = _mm_loadu_si128((const __m128i *)&initial_state[4]);
    __m128i cdab = _mm_shuffle_epi32(abcd, 0xB1);
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
    pair_state state = {
        .abef = _mm_alignr_epi8(cdab, hgfe, 8),
        .cdgh = _mm_blend_epi16(hgfe, cdab, 0xF0),
    };
    return state;
}

TARGET static void store_digest(pair_state state, uint8_t digest[32]) {
    __m128i feba = _mm_shuffle_epi32(state.abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(state.cdgh, 0xB1);
    __m128i dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    __m128i hgfe = _mm_alignr_epi8(dchg, feba, 8);
    // Words are stored big-endian: reverse the bytes of each 32-bit lane.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    _mm_storeu_si128((__m128i *)&digest[0], _mm_shuffle_epi8(dcba, byte_swap));
    _mm_storeu_si128((__m128i *)&digest[16], _mm_shuffle_epi8(hgfe, byte_swap));
}

/// An empty instruction that uses both chains' values at this point, so the compiler cannot
/// schedule one message's rounds all before the other's (clang does, which costs a fifth).
TARGET static inline void keep_interleaved(__m128i *first, __m128i *second) {
    __asm__("" : "+x"(*first), "+x"(*second));
}

/// One 64-byte block of each message. Written as one loop over the 16 groups of four rounds
/// with both messages in its body, so the compiler interleaves the two dependency chains.
TARGET static void compress_pair(pair_state *first, pair_state *second,
                                 const uint8_t *first_block, const uint8_t *second_block) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i w1[4], w2[4];
    pair_state saved1 = *first, saved2 = *second;
    __m128i abef1 = first->abef, cdgh1 = first->cdgh;
    __m128i abef2 = second->abef, cdgh2 = second->cdgh;

#pragma GCC unroll 16
    for (int group = 0; group < 16; group++) {
        const int now = group & 3, next = (group + 1) & 3, previous = (group + 3) & 3;
        if (group < 4) {
            w1[now] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(first_block + 16 * group)), byte_swap);
            w2[now] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(second_block + 16 * group)), byte_swap);
        }
        const __m128i k = _mm_load_si128((const __m128i *)&round_constants[4 * group]);
        __m128i message1 = _mm_add_epi32(w1[now], k);
        __m128i message2 = _mm_add_epi32(w2[now], k);
        cdgh1 = _mm_sha256rnds2_epu32(cdgh1, abef1, message1);
        cdgh2 = _mm_sha256rnds2_epu32(cdgh2, abef2, message2);
        keep_interleaved(&cdgh1, &cdgh2);
        if (group >= 3 && group < 15) {
            // W[t] for the next group: w[next] already holds W[t-16] + sigma0(W[t-15]).
            w1[next] = _mm_sha256msg2_epu32(
                _mm_add_epi32(w1[next], _mm_alignr_epi8(w1[now], w1[previous], 4)), w1[now]);
            w2[next] = _mm_sha256msg2_epu32(
                _mm_add_epi32(w2[next], _mm_alignr_epi8(w2[now], w2[previous], 4)), w2[now]);
        }
        abef1 = _mm_sha256rnds2_epu32(abef1, cdgh1, _mm_shuffle_epi32(message1, 0x0E));
        abef2 = _mm_sha256rnds2_epu32(abef2, cdgh2, _mm_shuffle_epi32(message2, 0x0E));
        keep_interleaved(&abef1, &abef2);
        if (group >= 1 && group < 13) {
            w1[previous] = _mm_sha256msg1_epu32(w1[previous], w1[now]);
            w2[previous] = _mm_sha256msg1_epu32(w2[previous], w2[now]);
        }
    }
    first->abef = _mm_add_epi32(abef1, saved1.abef);
    first->cdgh = _mm_add_epi32(cdgh1, saved1.cdgh);
    second->abef = _mm_add_epi32(abef2, saved2.abef);
    second->cdgh = _mm_add_epi32(cdgh2, saved2.cdgh);
}

int huddle_sha256_pair_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_SSE4_1) || !(ecx & bit_SSSE3)) {
        return 0;
    }
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 29)) ? 1 : 0;  // CPUID.(EAX=7,ECX=0):EBX bit 29 = SHA
}

TARGET void huddle_sha256_pair(const uint8_t *first, const uint8_t *second, size_t length,
                               uint8_t first_digest[32], uint8_t second_digest[32]) {
    pair_state state1 = load_initial_state(), state2 = load_initial_state();
    size_t offset = 0;
    for (; offset + 64 <= length; offset += 64) {
        compress_pair(&state1, &state2, first + offset, second + offset);
    }
    // The tail: the remaining bytes, 0x80, zeros and the length in bits, in one or two blocks.
    uint8_t tail1[128] = {0}, tail2[128] = {0};
    const size_t remaining = length - offset;
    memcpy(tail1, first + offset, remaining);
    memcpy(tail2, second + offset, remaining);
    tail1[remaining] = 0x80;
    tail2[remaining] = 0x80;
    const size_t tail_length = remaining + 9 <= 64 ? 64 : 128;
    const uint64_t bits = (uint64_t)length * 8;
    for (int byte = 0; byte < 8; byte++) {
        tail1[tail_length - 1 - byte] = (uint8_t)(bits >> (8 * byte));
        tail2[tail_length - 1 - byte] = (uint8_t)(bits >> (8 * byte));
    }
    for (size_t block = 0; block < tail_length; block += 64) {
        compress_pair(&state1, &state2, tail1 + block, tail2 + block);
    }
    store_digest(state1, first_digest);
    store_digest(state2, second_digest);
}

#else

int huddle_sha256_pair_available(void) { return 0; }

void huddle_sha256_pair(const uint8_t *first, const uint8_t *second, size_t length,
                        uint8_t first_digest[32], uint8_t second_digest[32]) {
    (void)first; (void)second; (void)length;
    memset(first_digest, 0, 32);
    memset(second_digest, 0, 32);
}

#endif
