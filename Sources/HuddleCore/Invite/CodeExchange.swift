import CSodium
import Crypto

/// One side of the password-authenticated key exchange behind invite codes: CPace
/// (draft-irtf-cfrg-cpace) over ristretto255, with libsodium's group operations.
///
/// Both sides derive a generator from the code's words, the two session nonces and both
/// peers' Ed25519 keys (as the TLS session authenticated them), send a share, and derive the
/// same key only if they used the same words with the same two peers in the same run. Each
/// then proves it holds the key (``CodeExchangeKeys``). Someone without the words learns
/// nothing they can test offline: each run gives them one guess. Another pair of keys (a
/// relaying impostor) or a replayed share from an earlier run (other nonces) fails the proof.
public struct CodeExchange: Sendable {
    /// Which side this is: the joiner sends the first nonce and the first proof.
    public enum Role: Sendable { case joiner, inviter }

    /// Bytes of each side's nonce, of a share and of a proof.
    public static let nonceBytes = 16, shareBytes = 32, confirmationBytes = 32

    /// This side.
    public let role: Role
    /// The share to send to the other side.
    public let share: [UInt8]
    private let scalar: [UInt8]
    private let session: [UInt8]
    private let channel: [UInt8]

    /// Starts a run: `joinerNonce` and `inviterNonce` are the two fresh nonces of this run,
    /// `inviterKey` and `joinerKey` the peers' Ed25519 public keys.
    public init(role: Role, password: [UInt8], joinerNonce: [UInt8], inviterNonce: [UInt8],
                inviterKey: [UInt8], joinerKey: [UInt8]) throws(CodeExchangeError) {
        guard Self.sodiumReady else { throw .unavailable }
        guard joinerNonce.count == Self.nonceBytes, inviterNonce.count == Self.nonceBytes else { throw .badNonce }
        self.role = role
        session = joinerNonce + inviterNonce
        channel = Self.lengthPrefixed(inviterKey) + Self.lengthPrefixed(joinerKey)
        let input = Self.lengthPrefixed(Array("CPaceRistretto255".utf8)) + Self.lengthPrefixed(password)
            + Self.lengthPrefixed(channel) + Self.lengthPrefixed(session)
        let digest = Array(SHA512.hash(data: input))
        var generator = [UInt8](repeating: 0, count: Int(crypto_core_ristretto255_BYTES))
        crypto_core_ristretto255_from_hash(&generator, digest)
        var scalar = [UInt8](repeating: 0, count: Int(crypto_core_ristretto255_SCALARBYTES))
        crypto_core_ristretto255_scalar_random(&scalar)
        var share = [UInt8](repeating: 0, count: Self.shareBytes)
        guard crypto_scalarmult_ristretto255(&share, scalar, generator) == 0 else { throw .badShare }
        self.scalar = scalar
        self.share = share
    }

    /// The keys of this run, from the other side's share; refused when the share is not a
    /// valid group element or makes the identity (a share chosen to force the key).
    public func finish(theirShare: [UInt8]) throws(CodeExchangeError) -> CodeExchangeKeys {
        guard theirShare.count == Self.shareBytes, crypto_core_ristretto255_is_valid_point(theirShare) == 1 else { throw .badShare }
        var shared = [UInt8](repeating: 0, count: Self.shareBytes)
        guard crypto_scalarmult_ristretto255(&shared, scalar, theirShare) == 0 else { throw .badShare }
        let (joinerShare, inviterShare) = role == .joiner ? (share, theirShare) : (theirShare, share)
        let transcript = Self.lengthPrefixed(joinerShare) + Self.lengthPrefixed(inviterShare) + Self.lengthPrefixed(channel)
        let secret = SHA512.hash(data: Self.lengthPrefixed(Array("CPaceRistretto255_ISK".utf8)) + Self.lengthPrefixed(session)
                                     + Self.lengthPrefixed(shared) + transcript)
        return CodeExchangeKeys(key: SymmetricKey(data: Array(secret)), transcript: transcript, role: role)
    }

    /// A fresh nonce for one side of a run.
    public static func randomNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<nonceBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// libsodium, initialised once.
    private static let sodiumReady = sodium_init() >= 0

    static func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)] + bytes
    }
}

/// The key a run of ``CodeExchange`` agreed on, as the two proofs it makes.
public struct CodeExchangeKeys: Sendable {
    let key: SymmetricKey
    let transcript: [UInt8]
    let role: CodeExchange.Role

    /// The proof this side sends: that it derived the key.
    public var confirmation: [UInt8] { Self.confirmation(for: role, key: key, transcript: transcript) }

    /// Whether `proof` is the other side's proof of the same key (compared in constant time).
    public func confirms(_ proof: [UInt8]) -> Bool {
        let other: CodeExchange.Role = role == .joiner ? .inviter : .joiner
        return proof.count == CodeExchange.confirmationBytes
            && HMAC<SHA256>.isValidAuthenticationCode(proof, authenticating: Self.label(other) + transcript, using: key)
    }

    private static func confirmation(for role: CodeExchange.Role, key: SymmetricKey, transcript: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: label(role) + transcript, using: key))
    }

    private static func label(_ role: CodeExchange.Role) -> [UInt8] {
        CodeExchange.lengthPrefixed(Array((role == .joiner ? "huddle invite joiner" : "huddle invite inviter").utf8))
    }
}

/// Why a run of the invite-code exchange failed before any proof was checked.
public enum CodeExchangeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libsodium could not be initialised.
    case unavailable
    /// A nonce is not ``CodeExchange/nonceBytes`` long.
    case badNonce
    /// The other side's share is not a valid ristretto255 element, or forces the identity.
    case badShare

    public var description: String {
        switch self {
        case .unavailable: "libsodium could not be initialised"
        case .badNonce: "a nonce of the invite exchange is not \(CodeExchange.nonceBytes) bytes"
        case .badShare: "the other side's share of the invite exchange is not a valid group element"
        }
    }
}
