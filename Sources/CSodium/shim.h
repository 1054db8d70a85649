// libsodium (Debian's libsodium-dev): ristretto255 for the invite-code key exchange.
#ifndef HUDDLE_SODIUM_SHIM_H
#define HUDDLE_SODIUM_SHIM_H

#include <sodium.h>

#endif
