import Foundation
import GRDB
import HuddleCore

/// Which peers this device knows and how much it trusts their keys.
///
/// First contact is trust on first use (like SSH's `accept-new`). A peer that answers where a
/// known peer was expected, with another key, is refused and recorded as a ``KeyChange``
/// until the user verifies the new key or blocks it.
public struct TrustStore: Sendable {
    let database: HuddleDatabase

    /// The trust store in `database`.
    public init(database: HuddleDatabase) {
        self.database = database
    }

    /// Every known peer, most recently seen first.
    public func peers() throws(StoreError) -> [KnownPeer] {
        try read { db in try KnownPeer.order(Column("lastSeen").desc).fetchAll(db) }
    }

    /// The peer with `id`, if known.
    public func peer(_ id: PeerID) throws(StoreError) -> KnownPeer? {
        try read { db in try KnownPeer.fetchOne(db, key: id.description) }
    }

    /// Records a session with the peer holding `publicKey`: a new peer becomes `known`; a
    /// known one gets its nickname, address and last-seen time updated.
    @discardableResult
    public func recordSession(publicKey: [UInt8], nickname: String, address: String?, at now: Date) throws(StoreError) -> KnownPeer {
        let id = PeerID(publicKey: publicKey).description
        return try write { db in
            var peer = try KnownPeer.fetchOne(db, key: id) ?? KnownPeer(
                id: id, publicKey: Data(publicKey), nickname: nickname, nicknamesSeen: "[]",
                firstSeen: now.timeIntervalSince1970, lastSeen: now.timeIntervalSince1970, addresses: "[]", trust: .known)
            peer.nickname = nickname
            peer.lastSeen = now.timeIntervalSince1970
            var nicknames = peer.nicknameList
            if !nicknames.contains(nickname) { nicknames.append(nickname) }
            peer.nicknamesSeen = Self.json(Array(nicknames.suffix(Self.nicknamesKept)))
            if let address {
                peer.addresses = Self.json(Array(([address] + peer.addressList.filter { $0 != address }).prefix(8)))
            }
            try peer.save(db)
            return peer
        }
    }

    /// How many of a peer's latest nicknames are kept.
    static let nicknamesKept = 16

    /// Forgets the peers that were never verified (nor blocked) and were last seen before
    /// `cutoff`: they are no longer listed or dialed. Returns how many.
    @discardableResult
    public func forgetUnverified(lastSeenBefore cutoff: Date) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM peer WHERE trust = ? AND lastSeen < ?",
                           arguments: [TrustLevel.known.rawValue, cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// The trust level of the key `publicKey`, or `nil` for a key never seen.
    public func trust(of publicKey: [UInt8]) throws(StoreError) -> TrustLevel? {
        try peer(PeerID(publicKey: publicKey))?.trust
    }

    /// Sets a peer's trust level (the user verified or blocked it). Verifying a key that
    /// replaced a known one resolves the change.
    public func setTrust(_ level: TrustLevel, for id: PeerID) throws(StoreError) {
        try write { db in
            guard var peer = try KnownPeer.fetchOne(db, key: id.description) else {
                // A key seen only in a key change becomes a peer once the user decides on it.
                guard let change = try KeyChange.filter(Column("newID") == id.description).fetchOne(db) else {
                    throw StoreError.unknownPeer(id.short)
                }
                let now = Date().timeIntervalSince1970
                var created = KnownPeer(id: change.newID, publicKey: change.newPublicKey, nickname: change.nickname,
                                        nicknamesSeen: Self.json([change.nickname]), firstSeen: now, lastSeen: now,
                                        addresses: Self.json(change.address.map { [$0] } ?? []), trust: level)
                try created.save(db)
                try db.execute(sql: "UPDATE keyChange SET resolved = 1 WHERE newID = ?", arguments: [id.description])
                return
            }
            peer.trust = level
            try peer.save(db)
            try db.execute(sql: "UPDATE keyChange SET resolved = 1 WHERE newID = ?", arguments: [id.description])
        }
    }

    /// Records that `expected` was dialed but the key `publicKey` answered; returns whether
    /// this is news (not already waiting for the user).
    @discardableResult
    public func recordKeyChange(expected: PeerID, publicKey: [UInt8], address: String?, at now: Date) throws(StoreError) -> Bool {
        try write { db in
            let nickname = try KnownPeer.fetchOne(db, key: expected.description)?.nickname ?? expected.short
            let newID = PeerID(publicKey: publicKey).description
            let open = try KeyChange.filter(Column("oldID") == expected.description && Column("newID") == newID
                && Column("resolved") == false).fetchCount(db)
            guard open == 0 else { return false }
            var change = KeyChange(id: nil, oldID: expected.description, newID: newID, newPublicKey: Data(publicKey),
                                   nickname: nickname, address: address, seenAt: now.timeIntervalSince1970, resolved: false)
            try change.insert(db)
            return true
        }
    }

    /// Key changes the user has not decided on, newest first.
    public func unresolvedKeyChanges() throws(StoreError) -> [KeyChange] {
        try read { db in try KeyChange.filter(Column("resolved") == false).order(Column("seenAt").desc).fetchAll(db) }
    }

    static func json(_ strings: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(strings), as: UTF8.self)) ?? "[]"
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try database.read(body) }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try database.write(body) }
}
