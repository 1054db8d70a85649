import Crypto

/// A change as it travels between peers: its canonical bytes, signed by its author, bound to
/// the document it belongs to, with the author's public key so that any peer, including one
/// that only relays it, can check it without having met the author.
///
/// The signature covers `"huddle-change-v1" | document length | document | change bytes`,
/// so a change cannot be replayed into another document and a relay can alter nothing.
public struct SignedChange: Equatable, Sendable {
    /// The document, e.g. `lan/#general`.
    public let document: String
    /// The change's canonical bytes (`Change.encoded` or `ChatChange.encoded`).
    public let change: [UInt8]
    /// The author's raw Ed25519 public key (32 bytes).
    public let authorKey: [UInt8]
    /// The Ed25519 signature (64 bytes).
    public let signature: [UInt8]

    /// Signs `change` (whose author must be `identity`) for `document`.
    public init(signing change: [UInt8], in document: String, by identity: DeviceIdentity) throws(SignatureError) {
        guard let signature = try? identity.privateKey.signature(for: Self.signedBytes(document: document, change: change)) else {
            throw .signingFailed
        }
        self.document = document
        self.change = change
        authorKey = identity.publicKey
        self.signature = Array(signature)
    }

    /// A signed change as received; check it with ``verify(author:)`` before using it.
    public init(document: String, change: [UInt8], authorKey: [UInt8], signature: [UInt8]) {
        self.document = document
        self.change = change
        self.authorKey = authorKey
        self.signature = signature
    }

    /// The peer ID of the key that signed.
    public var signer: PeerID { PeerID(publicKey: authorKey) }

    /// Checks that the signature is valid and was made by `author`: the replica the change
    /// itself names, which must be the signer's peer ID. Throws what is wrong.
    public func verify(author: ReplicaID) throws(SignatureError) {
        guard authorKey.count == 32, signature.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: authorKey)
        else { throw .malformed }
        guard ReplicaID(bytes: signer.bytes) == author else { throw .wrongAuthor }
        guard key.isValidSignature(signature, for: Self.signedBytes(document: document, change: change)) else {
            throw .badSignature
        }
    }

    /// What the signature covers.
    static func signedBytes(document: String, change: [UInt8]) -> [UInt8] {
        let name = Array(document.utf8)
        var bytes = Array("huddle-change-v1".utf8)
        bytes.reserveCapacity(bytes.count + 4 + name.count + change.count)
        let length = UInt32(clamping: name.count)
        bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        return bytes + name + change
    }
}

/// Why a signed change is refused. A refused change is dropped, logged and counted.
public enum SignatureError: Error, Equatable, Sendable {
    /// The key or signature has the wrong size or is not a valid key.
    case malformed
    /// The change names another author than the key that signed it.
    case wrongAuthor
    /// The signature does not match the bytes: they were altered, or it was forged.
    case badSignature
    /// The signing key could not sign.
    case signingFailed
}

extension PeerID {
    /// The replica ID of this peer's copies of documents.
    public var replicaID: ReplicaID {
        ReplicaID(bytes: bytes)! // a peer ID is always 32 bytes
    }
}
