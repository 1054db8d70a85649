import Crypto

/// An Ed25519 public key that checks signatures of chain links.
struct Curve25519SigningKey {
    let key: Curve25519.Signing.PublicKey

    init(_ key: Curve25519.Signing.PublicKey) { self.key = key }

    /// Whether `signature` is the key's signature of `link`.
    func isValid(_ signature: [UInt8], for link: ChainLink) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: link.bytes)
    }
}
