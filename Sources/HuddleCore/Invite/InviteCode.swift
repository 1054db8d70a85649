/// A code that invites one person into a private workspace, short enough to read aloud:
/// `7-guitarist-revenge` in magic-wormhole's style (at most 25 characters). The number (the
/// nameplate, 1 to 999) says which of the inviter's codes is meant and is no secret; the two
/// words (16 bits) are the password of the key exchange (``CodeExchange``), which gives one
/// who does not know them one guess per code.
public struct InviteCode: Hashable, Sendable, CustomStringConvertible {
    /// The largest nameplate.
    public static let maxNameplate: UInt16 = 999

    /// Which of the inviter's codes this is (1 to ``maxNameplate``).
    public let nameplate: UInt16
    /// The words' indices in the PGP word list's two columns.
    public let first: UInt8, second: UInt8

    /// A code from its parts; nil when the nameplate is out of range.
    public init?(nameplate: UInt16, first: UInt8, second: UInt8) {
        guard (1...Self.maxNameplate).contains(nameplate) else { return nil }
        self.nameplate = nameplate
        self.first = first
        self.second = second
    }

    /// A fresh code with a nameplate not in `taken` (there are always free ones while fewer
    /// than ``maxNameplate`` are taken).
    public static func random(avoiding taken: Set<UInt16>, using generator: inout some RandomNumberGenerator) -> InviteCode {
        var nameplate: UInt16
        repeat { nameplate = UInt16.random(in: 1...maxNameplate, using: &generator) } while taken.contains(nameplate)
        return InviteCode(nameplate: nameplate, first: .random(in: 0...255, using: &generator),
                          second: .random(in: 0...255, using: &generator))!
    }

    /// Reads a code as a person typed it: any case, the parts joined by `-` or spaces.
    public init(parsing text: String) throws(InviteCodeError) {
        let parts = text.lowercased().split(whereSeparator: { $0 == "-" || $0 == " " }).map(String.init)
        guard parts.count == 3, let number = UInt16(parts[0]) else { throw .malformed }
        guard (1...Self.maxNameplate).contains(number) else { throw .nameplateOutOfRange }
        guard let first = PGPWords.first.firstIndex(of: parts[1]) else { throw .unknownWord(parts[1]) }
        guard let second = PGPWords.second.firstIndex(of: parts[2]) else { throw .unknownWord(parts[2]) }
        self.init(nameplate: number, first: UInt8(first), second: UInt8(second))!
    }

    /// `NUMBER-WORD-WORD`.
    public var description: String { "\(nameplate)-\(PGPWords.first[Int(first)])-\(PGPWords.second[Int(second)])" }

    /// The secret part, as the key exchange's password.
    public var password: [UInt8] { Array("\(PGPWords.first[Int(first)])-\(PGPWords.second[Int(second)])".utf8) }
}

/// Why a typed invite code is not one.
public enum InviteCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not `NUMBER-WORD-WORD`.
    case malformed
    /// The number is not between 1 and 999.
    case nameplateOutOfRange
    /// A word that is not in its place's word list (a typo, or the words swapped).
    case unknownWord(String)

    public var description: String {
        switch self {
        case .malformed: "an invite code is a number and two words, like 7-guitarist-revenge"
        case .nameplateOutOfRange: "an invite code's number is between 1 and \(InviteCode.maxNameplate)"
        case let .unknownWord(word): "\"\(String(word.prefix(32)))\" is not a word of invite codes (check the spelling and the order)"
        }
    }
}
