import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// Who is who: the trust store, the nicknames peers go by, and looking a peer up by name.
struct PeerDirectory: Sendable {
    /// Known peers, their keys, trust and addresses.
    let trust: TrustStore
    /// This peer and its nickname.
    let me: PeerID
    let myNickname: String
    /// Nicknames of authors, until the peer list changes.
    private var memo: [PeerID: String] = [:]

    init(trust: TrustStore, me: PeerID, nickname: String) {
        self.trust = trust
        self.me = me
        myNickname = nickname
    }

    /// The nickname of `peer`: its session's, the trust store's, or its short ID.
    mutating func nickname(of peer: PeerID, sessions: [SessionPeer]) -> String {
        if peer == me { return myNickname }
        if let known = memo[peer] { return known }
        var name = sessions.first(where: { $0.id == peer })?.nickname
        if name == nil {
            do { name = try trust.peer(peer)?.nickname } catch { name = nil } // unreadable store: the short ID will do
        }
        let result = name ?? peer.short
        memo[peer] = result
        return result
    }

    /// Forgets remembered nicknames (a peer may have changed its own).
    mutating func forgetNicknames() { memo = [:] }

    /// The peer called `name`: a peer ID, a connected peer's nickname or ID start, or a known peer.
    func resolve(_ name: String, sessions: [SessionPeer]) throws(PeerError) -> PeerID {
        if let id = PeerID(parsing: name) { return id }
        let online = sessions.filter { $0.nickname == name || (name.count >= 4 && $0.id.description.hasPrefix(name.uppercased())) }
        if Set(online.map(\.id)).count == 1, let only = online.first { return only.id }
        do { return try trust.resolve(name) } catch { throw .store(StorageError(error)) }
    }

    /// The peers to redial from earlier sessions, as the dial planner takes them.
    func remembered() throws(StoreError) -> [DialPlanner.Remembered] {
        try trust.peers().compactMap { known in
            known.peerID.map { DialPlanner.Remembered(id: $0, addresses: known.addressList.compactMap(PeerAddress.init(parsing:)),
                                                      blocked: known.trust == .blocked, verified: known.trust == .verified) }
        }
    }
}
