import Crypto

/// Numbers that two people compare aloud to be sure no one sits between their devices.
///
/// Like Signal's safety numbers: each key has a 20-digit ``fingerprint`` (four groups of
/// five, from 1,024 rounds of SHA-256 so that finding a key with a chosen fingerprint is
/// costly); the ``safetyCode(between:and:)`` of two peers is both fingerprints, lower first,
/// so it is the same on both screens.
public enum SafetyCode {
    /// Rounds of SHA-256 over the key; slows a search for a key with a chosen fingerprint.
    static let rounds = 1024

    /// The 20-digit fingerprint of one raw Ed25519 public key, as four groups of five digits.
    public static func fingerprint(of publicKey: [UInt8]) -> String {
        var digest = Array("huddle-fingerprint-v1".utf8) + publicKey
        for _ in 0..<rounds {
            digest = Array(SHA256.hash(data: digest + publicKey))
        }
        // Each group: five bytes read as a big-endian number, modulo 100,000 (as Signal does).
        return (0..<4).map { group in
            let value = digest[group * 5..<group * 5 + 5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let digits = String(value % 100_000)
            return String(repeating: "0", count: 5 - digits.count) + digits
        }.joined(separator: " ")
    }

    /// The 40-digit code for a pair of peers: both fingerprints, the lower one first.
    public static func safetyCode(between a: [UInt8], and b: [UInt8]) -> String {
        safetyCode(ofFingerprints: fingerprint(of: a), fingerprint(of: b))
    }

    /// The code for a pair whose fingerprints are already known.
    public static func safetyCode(ofFingerprints a: String, _ b: String) -> String {
        [a, b].sorted().joined(separator: " ")
    }
}
