import Foundation
import GRDB
import HuddleCore

/// A peer this device has had a session with, as the trust store keeps it.
public struct KnownPeer: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "peer"

    /// The peer ID, in its grouped text form.
    public var id: String
    /// The raw Ed25519 public key.
    public var publicKey: Data
    /// The nickname it used last.
    public var nickname: String
    /// Every nickname it has used, as JSON.
    public var nicknamesSeen: String
    /// When it was first seen (seconds since 1970).
    public var firstSeen: Double
    /// When it was last seen.
    public var lastSeen: Double
    /// Its last addresses (`host:port`), newest first, as JSON.
    public var addresses: String
    /// The user's trust in its key.
    public var trust: TrustLevel

    /// The peer ID.
    public var peerID: PeerID? { PeerID(parsing: id) }

    /// Its last addresses, newest first.
    public var addressList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(addresses.utf8))) ?? []
    }

    /// Every nickname it has used.
    public var nicknameList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(nicknamesSeen.utf8))) ?? []
    }
}

/// A peer that answered with another key than the one this device knew for it.
public struct KeyChange: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "keyChange"

    /// Row ID.
    public var id: Int64?
    /// The ID (key) this device expected.
    public var oldID: String
    /// The ID (key) that answered instead.
    public var newID: String
    /// The new raw key.
    public var newPublicKey: Data
    /// The nickname the old key had.
    public var nickname: String
    /// Where the new key answered.
    public var address: String?
    /// When.
    public var seenAt: Double
    /// Whether the user decided (verified the new key or blocked it).
    public var resolved: Bool
}
