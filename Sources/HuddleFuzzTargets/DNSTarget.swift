import HuddleCore
import HuddleNet
import NIOCore

/// An mDNS packet from anyone on the link: decoded, its questions checked against the cache
/// and its records taken into it, as the browser does. Oracle: what decodes encodes to a
/// packet that decodes again, and encoding is stable.
enum DNSTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        outcome.count {
            let message = try DNSMessage(decoding: bytes)
            checkRoundTrip(message)
            var cache = MDNSCache(capacity: 64)
            var random = SplitMix64(seed: 1)
            let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
            for record in message.answers + message.additionals {
                _ = cache.insert(record, interfaceIndex: 1, now: now, random: &random)
            }
            for question in message.questions {
                cache.observeQuery(question, knownAnswers: message.answers, interfaceIndex: 1, now: now, random: &random)
            }
        }
        return outcome
    }

    static func checkRoundTrip(_ message: DNSMessage) {
        let encoded = message.encoded()
        // The encoder does not compress into unknown record types, so a packet near the cap
        // may grow past it; such a re-encoding is rightly refused and not compared.
        guard encoded.count <= DNSLimits.maxPacketBytes else { return }
        guard let second = try? DNSMessage(decoding: encoded) else { preconditionFailure("a re-encoded packet does not decode") }
        let reencoded = second.encoded()
        let third = try? DNSMessage(decoding: reencoded)
        precondition(third == second && (reencoded == encoded || third?.encoded() == reencoded), "DNS encoding is not stable")
    }
}
