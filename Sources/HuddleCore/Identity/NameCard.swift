import Crypto

/// A peer's nickname signed by its own key: how a teammate seen only through a relay (its
/// changes passed on by another peer) is shown by its name rather than its short ID.
///
/// Like every nickname it is only a claim, but one nobody else can make for that key, and a
/// relay cannot alter: the signature covers a context label, the Ed25519 public key, the time
/// of issue (milliseconds since 1970; the newest card of a key wins) and the nickname's UTF-8.
public struct NameCard: Hashable, Sendable {
    /// The signer's raw Ed25519 public key (32 bytes).
    public let publicKey: [UInt8]
    /// The nickname, at most ``ReceivedNickname/maxCharacters`` characters, not empty.
    public let nickname: String
    /// When it was signed, in milliseconds since 1970.
    public let issuedAt: Int64
    /// The Ed25519 signature (64 bytes) of ``signedBytes``.
    public let signature: [UInt8]

    /// Most bytes of a nickname on a card.
    public static let maxNicknameBytes = ReceivedNickname.maxCharacters * 16
    /// How far ahead of the receiver's clock a card may be dated (clocks differ a little).
    public static let maxClockSkewMilliseconds: Int64 = 10 * 60 * 1000

    /// The card of `identity` going by `nickname` (capped as received nicknames are), signed at `issuedAt`.
    public init(signing nickname: String, by identity: DeviceIdentity, at issuedAt: Int64) throws(NameCardError) {
        publicKey = identity.publicKey
        self.nickname = ReceivedNickname.capped(nickname)
        self.issuedAt = issuedAt
        guard !self.nickname.isEmpty,
              let signature = try? identity.privateKey.signature(for: Self.signedBytes(publicKey, issuedAt, self.nickname))
        else { throw .signingFailed }
        self.signature = Array(signature)
    }

    /// A card as it arrived, its shape checked (not yet its signature: see ``verified(now:)``).
    public init(publicKey: [UInt8], nickname: String, issuedAt: Int64, signature: [UInt8]) throws(NameCardError) {
        guard publicKey.count == 32 else { throw .malformedKey }
        guard signature.count == 64 else { throw .malformedSignature }
        guard !nickname.isEmpty, nickname.utf8.count <= Self.maxNicknameBytes,
              ReceivedNickname.capped(nickname) == nickname else { throw .badNickname }
        self.publicKey = publicKey
        self.nickname = nickname
        self.issuedAt = issuedAt
        self.signature = signature
    }

    /// The peer whose card it is.
    public var peer: PeerID { PeerID(publicKey: publicKey) }

    /// The card if its signature is its key's and it is not dated after `now` (plus
    /// ``maxClockSkewMilliseconds``): a card from the future would win over every later one.
    public func verified(now: Int64) throws(NameCardError) -> NameCard {
        guard issuedAt <= now &+ Self.maxClockSkewMilliseconds else { throw .fromTheFuture }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
              key.isValidSignature(signature, for: Self.signedBytes(publicKey, issuedAt, nickname))
        else { throw .forged }
        return self
    }

    /// Whether it replaces `other` (a card of the same key): it was issued later (two issued
    /// in the same millisecond: the greater signature, so every peer keeps the same one).
    public func supersedes(_ other: NameCard) -> Bool {
        issuedAt > other.issuedAt || (issuedAt == other.issuedAt && other.signature.lexicographicallyPrecedes(signature))
    }

    static func signedBytes(_ key: [UInt8], _ issuedAt: Int64, _ nickname: String) -> [UInt8] {
        var bytes = Array("huddle-name-card-v1".utf8) + [0] + key
        withUnsafeBytes(of: issuedAt.bigEndian) { bytes += $0 }
        return bytes + Array(nickname.utf8)
    }
}

/// Why a name card was refused.
public enum NameCardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key is not 32 bytes.
    case malformedKey
    /// The signature is not 64 bytes.
    case malformedSignature
    /// The nickname is empty, too long, or not as a nickname is kept.
    case badNickname
    /// The signature is not the key's.
    case forged
    /// Dated after the receiver's clock allows.
    case fromTheFuture
    /// This peer could not sign its own card.
    case signingFailed

    public var description: String {
        switch self {
        case .malformedKey: "a name card with a malformed key"
        case .malformedSignature: "a name card with a malformed signature"
        case .badNickname: "a name card with an empty or oversized nickname"
        case .forged: "a name card whose signature is not its key's"
        case .fromTheFuture: "a name card dated in the future"
        case .signingFailed: "could not sign this peer's name card"
        }
    }
}
