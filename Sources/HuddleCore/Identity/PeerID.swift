import Crypto

/// A peer's identity: the SHA-256 of its Ed25519 public key.
///
/// Shown like a Syncthing device ID: 52 base32 symbols split into four blocks of 13, each
/// followed by a Luhn mod 32 check symbol, then grouped by seven:
/// `MFZWI3D-BONSGYC-...` (8 groups). The check symbols catch a mistyped ID.
public struct PeerID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The ID of the peer whose raw Ed25519 public key is `publicKey`.
    public init(publicKey: some Sequence<UInt8>) {
        bytes = Array(SHA256.hash(data: Array(publicKey)))
    }

    /// Wraps 32 digest bytes; `nil` for any other length.
    public init?(digest: [UInt8]) {
        guard digest.count == 32 else { return nil }
        bytes = digest
    }

    /// Hashes the digest in one go: the synthesized hash combines its 32 bytes one at a time,
    /// and peer IDs key the dictionaries that every mDNS packet and dial plan touch.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Parses the grouped form (dashes and case optional); `nil` if malformed or a check fails.
    public init?(parsing text: String) {
        let symbols = text.filter { $0 != "-" && $0 != " " }.uppercased()
        guard symbols.count == 56 else { return nil }
        var data = ""
        for block in symbols.chunked(into: 14) {
            let body = String(block.prefix(13))
            guard let check = block.last, Luhn32.checkSymbol(for: body) == check else { return nil }
            data += body
        }
        guard let decoded = Base32.decode(data), decoded.count == 32 else { return nil }
        bytes = decoded
    }

    /// The full grouped form, e.g. `MFZWI3D-BONSGYC-...`.
    public var description: String {
        let data = Base32.encode(bytes)
        let checked = data.chunked(into: 13).map { $0 + String(Luhn32.checkSymbol(for: $0)) }.joined()
        return checked.chunked(into: 7).joined(separator: "-")
    }

    /// The first group of the grouped form: enough to tell peers apart on screen.
    public var short: String { String(description.prefix(7)) }

    public static func < (lhs: PeerID, rhs: PeerID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// The Luhn mod N algorithm over the base32 alphabet, as Syncthing uses for device IDs.
enum Luhn32 {
    static func checkSymbol(for text: some StringProtocol) -> Character {
        var factor = 1
        var sum = 0
        for scalar in text.unicodeScalars {
            let code = Int(Base32.value(of: scalar) ?? 0)
            var addend = factor * code
            factor = factor == 2 ? 1 : 2
            addend = addend / 32 + addend % 32
            sum += addend
        }
        let remainder = sum % 32
        return Base32.alphabet[(32 - remainder) % 32]
    }
}

extension StringProtocol {
    /// Consecutive pieces of `size` characters (the last may be shorter).
    func chunked(into size: Int) -> [String] {
        var pieces: [String] = []
        var index = startIndex
        while index < endIndex {
            let end = self.index(index, offsetBy: size, limitedBy: endIndex) ?? endIndex
            pieces.append(String(self[index..<end]))
            index = end
        }
        return pieces
    }
}
