/// Consecutive signed changes by one author to one document, in seq order: the unit that is
/// stored and sent. Each entry keeps its own signature, so any suffix of a run can be sent on
/// and checked; a receiver checks the whole run with one signature (``verify(document:author:after:)``).
public struct ChangeRun: Equatable, Sendable {
    /// One change and its author's signature of its link.
    public struct Entry: Equatable, Sendable {
        /// The change's canonical bytes.
        public let change: [UInt8]
        /// The signature (64 bytes).
        public let signature: [UInt8]

        /// An entry from its parts.
        public init(change: [UInt8], signature: [UInt8]) {
            self.change = change
            self.signature = signature
        }
    }

    /// The author's raw Ed25519 public key (32 bytes).
    public let authorKey: [UInt8]
    /// The changes, in the author's seq order.
    public var entries: [Entry]

    /// A run from its parts.
    public init(authorKey: [UInt8], entries: [Entry]) {
        self.authorKey = authorKey
        self.entries = entries
    }

    /// A run of one signed change.
    public init(_ signed: SignedChange) {
        authorKey = signed.authorKey
        entries = [Entry(change: signed.change, signature: signed.signature)]
    }

    /// The bytes of every change together.
    public var byteCount: Int { entries.reduce(0) { $0 + $1.change.count } }

    /// The outcome of checking a run: how many entries from the start are authentic, their
    /// links, and why checking stopped early, if it did.
    public struct Verification: Equatable, Sendable {
        /// Entries `0..<accepted` are authentic.
        public var accepted: Int
        /// The link of each accepted entry.
        public var links: [ChainLink]
        /// Why entry `accepted` was refused, if one was.
        public var failure: SignatureError?
    }

    /// Checks the run as the continuation of the author's chain at `previous` in `document`.
    ///
    /// Computes every link, then checks the last entry's signature: when it holds, it vouches
    /// for every entry (each link covers the one before). Otherwise each entry is checked in
    /// turn, and the authentic prefix is kept. `author` is the replica every change names;
    /// the key must be its key.
    public func verify(document: String, author: ReplicaID, after previous: ChainLink) -> Verification {
        let key: Curve25519SigningKey
        do { key = try Curve25519SigningKey(SignedChange.signingKey(authorKey, of: author)) } catch {
            return Verification(accepted: 0, links: [], failure: error)
        }
        var links: [ChainLink] = []
        links.reserveCapacity(entries.count)
        var link = previous
        for entry in entries {
            link = ChainLink.following(link, document: document, change: entry.change)
            links.append(link)
        }
        guard let last = entries.last else { return Verification(accepted: 0, links: [], failure: nil) }
        if key.isValid(last.signature, for: link) {
            return Verification(accepted: entries.count, links: links, failure: nil)
        }
        for (index, entry) in entries.enumerated() where !key.isValid(entry.signature, for: links[index]) {
            return Verification(accepted: index, links: Array(links[..<index]), failure: .badSignature)
        }
        return Verification(accepted: entries.count, links: links, failure: nil) // not reached: the last failed
    }
}
