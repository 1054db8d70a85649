/// Names one offer (and the transfer it becomes) on both sides: 16 random bytes chosen by
/// the sender, shown as 32 lowercase hex digits; users may type any unique prefix.
public struct OfferID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// Wraps 16 bytes; `nil` for any other length (a malformed ID from a peer).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses 32 hex digits (either case); `nil` otherwise.
    public init?(parsing text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let high = FileURI.hexValue(digits[index]), let low = FileURI.hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// A fresh ID from `generator` (the system generator in production, seeded in tests).
    public static func random(using generator: inout some RandomNumberGenerator) -> OfferID {
        OfferID(unchecked: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// 32 lowercase hex digits.
    public var description: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The first 8 hex digits, for lists.
    public var short: String { String(description.prefix(8)) }

    public static func < (lhs: OfferID, rhs: OfferID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
