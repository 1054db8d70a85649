import Crypto

/// This device's long-term Ed25519 key pair, from which its ``PeerID`` follows.
public struct DeviceIdentity: Sendable {
    /// The signing key. Never leaves the device.
    public let privateKey: Curve25519.Signing.PrivateKey

    /// Makes a fresh identity from the system's secure random source.
    public init() {
        privateKey = Curve25519.Signing.PrivateKey()
    }

    /// Restores an identity from its 32-byte raw private key.
    public init(rawPrivateKey: [UInt8]) throws(IdentityError) {
        guard rawPrivateKey.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: rawPrivateKey)
        else { throw .malformedKey }
        privateKey = key
    }

    /// The raw 32-byte public key, as certificates and fingerprints carry it.
    public var publicKey: [UInt8] { Array(privateKey.publicKey.rawRepresentation) }

    /// The raw 32-byte private key, for storage.
    public var rawPrivateKey: [UInt8] { Array(privateKey.rawRepresentation) }

    /// This device's peer ID.
    public var peerID: PeerID { PeerID(publicKey: publicKey) }

    /// This device's 20-digit fingerprint (see ``SafetyCode``).
    public var fingerprint: String { SafetyCode.fingerprint(of: publicKey) }
}

/// Why an identity key could not be used.
public enum IdentityError: Error, Equatable, Sendable {
    /// The key bytes are not a valid Ed25519 private key.
    case malformedKey
}
