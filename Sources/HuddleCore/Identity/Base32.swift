/// RFC 4648 base32 (upper-case alphabet, no padding), as used for peer IDs.
public enum Base32 {
    /// The 32 symbols, in value order.
    public static let alphabet: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    /// Encodes `bytes` without padding: every 5 bits become one symbol.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        return out
    }

    /// Decodes unpadded base32, ignoring case; `nil` for any symbol outside the alphabet.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for scalar in text.unicodeScalars {
            guard let value = value(of: scalar) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    /// The value of one symbol (either case), or `nil`.
    static func value(of scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x41...0x5A: UInt8(scalar.value - 0x41)
        case 0x61...0x7A: UInt8(scalar.value - 0x61)
        case 0x32...0x37: UInt8(scalar.value - 0x32 + 26)
        default: nil
        }
    }
}
