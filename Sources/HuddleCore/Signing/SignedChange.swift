import Crypto

/// A change as it travels between peers: its canonical bytes, signed by its author, chained to
/// the author's previous change in the same document, with the author's public key so that any
/// peer, including one that only relays it, can check it without having met the author.
///
/// The signature covers the change's ``ChainLink``, which binds the document, the author's
/// previous change and the change bytes: a change cannot be replayed into another document or
/// another place in the chain, and a relay can alter nothing.
public struct SignedChange: Equatable, Sendable {
    /// The document, e.g. `lan/#general`.
    public let document: String
    /// The change's canonical bytes (`Change.encoded` or `ChatChange.encoded`).
    public let change: [UInt8]
    /// The author's raw Ed25519 public key (32 bytes).
    public let authorKey: [UInt8]
    /// The Ed25519 signature of the change's link (64 bytes).
    public let signature: [UInt8]

    /// Signs `change` (whose author must be `identity`) for `document`, following the author's
    /// change whose link is `previous`. Returns the signed change; its link is ``link(after:)``.
    public init(signing change: [UInt8], in document: String, after previous: ChainLink,
                by identity: DeviceIdentity) throws(SignatureError) {
        let link = ChainLink.following(previous, document: document, change: change)
        guard let signature = try? identity.privateKey.signature(for: link.bytes) else { throw .signingFailed }
        self.document = document
        self.change = change
        authorKey = identity.publicKey
        self.signature = Array(signature)
    }

    /// A signed change as received; check it with ``verify(author:after:)`` before using it.
    public init(document: String, change: [UInt8], authorKey: [UInt8], signature: [UInt8]) {
        self.document = document
        self.change = change
        self.authorKey = authorKey
        self.signature = signature
    }

    /// The peer ID of the key that signed.
    public var signer: PeerID { PeerID(publicKey: authorKey) }

    /// The change's link when it follows `previous`.
    public func link(after previous: ChainLink) -> ChainLink {
        ChainLink.following(previous, document: document, change: change)
    }

    /// Checks that the signature is valid for this change following `previous`, and that it
    /// was made by `author`: the replica the change itself names, which must be the signer's
    /// peer ID. Returns the change's link; throws what is wrong.
    @discardableResult
    public func verify(author: ReplicaID, after previous: ChainLink) throws(SignatureError) -> ChainLink {
        let key = try Self.signingKey(authorKey, of: author)
        let link = link(after: previous)
        guard signature.count == 64, key.isValidSignature(signature, for: link.bytes) else { throw .badSignature }
        return link
    }

    /// The public key in `raw`, checked to belong to `author`.
    static func signingKey(_ raw: [UInt8], of author: ReplicaID) throws(SignatureError) -> Curve25519.Signing.PublicKey {
        guard raw.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { throw .malformed }
        guard ReplicaID(bytes: PeerID(publicKey: raw).bytes) == author else { throw .wrongAuthor }
        return key
    }
}

/// Why a signed change is refused. A refused change is dropped, logged and counted.
public enum SignatureError: Error, Equatable, Sendable {
    /// The key or signature has the wrong size or is not a valid key.
    case malformed
    /// The change names another author than the key that signed it.
    case wrongAuthor
    /// The signature does not match the bytes: they were altered, forged, or do not follow
    /// the author's previous change.
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
