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
    /// Trust of authors, and who has a nickname that looks like another peer's, until the
    /// peer list or a trust changes.
    private var trustMemo: [PeerID: PeerTrust] = [:]
    private var lookAlikes: (sessions: Set<PeerID>, found: Set<PeerID>)?

    init(trust: TrustStore, me: PeerID, nickname: String) {
        self.trust = trust
        self.me = me
        myNickname = nickname
    }

    /// The nickname of `peer`: its session's, its name card's (signed by its key, passed on
    /// with its changes), the trust store's, or its short ID.
    mutating func nickname(of peer: PeerID, sessions: [SessionPeer], cards: NameBook) -> String {
        if peer == me { return myNickname }
        if let known = memo[peer] { return known }
        var name = sessions.first(where: { $0.id == peer })?.nickname ?? cards[peer]?.nickname
        if name == nil {
            do { name = try trust.peer(peer)?.nickname } catch { name = nil } // unreadable store: the short ID will do
        }
        let result = name ?? peer.short
        memo[peer] = result
        return result
    }

    /// Forgets remembered nicknames and trust (a peer may have changed its own name, the
    /// user a trust).
    mutating func forgetNicknames() {
        memo = [:]
        trustMemo = [:]
        lookAlikes = nil
    }

    /// How far this peer trusts `peer` (`new` when never met; itself counts as verified).
    mutating func trust(of peer: PeerID) -> PeerTrust {
        if peer == me { return .verified }
        if let known = trustMemo[peer] { return known }
        let level = ((try? trust.peer(peer)) ?? nil).map { PeerTrust($0.trust) } ?? .new
        trustMemo[peer] = level
        return level
    }

    /// Whether another peer (online, known, seen through others by its name card, or this one)
    /// goes by a nickname that looks like `peer`'s (the same, or the same TR39 skeleton): then
    /// its short ID is shown beside it.
    mutating func hasLookAlike(_ peer: PeerID, sessions: [SessionPeer], cards: NameBook) -> Bool {
        let online = Set(sessions.map(\.id))
        if let lookAlikes, lookAlikes.sessions == online { return lookAlikes.found.contains(peer) }
        var names: [PeerID: String] = [me: myNickname]
        for known in (try? trust.peers()) ?? [] { if let id = known.peerID { names[id] = known.nickname } }
        for (id, card) in cards.cards where id != me { names[id] = card.nickname }
        for session in sessions { names[session.id] = session.nickname }
        var owners: [String: [PeerID]] = [:]
        for (id, name) in names { owners[Confusables.skeleton(name), default: []].append(id) }
        let found = Set(owners.values.filter { $0.count > 1 }.joined())
        lookAlikes = (online, found)
        return found.contains(peer)
    }

    /// The peer called `name`, in this order: a full peer ID; the one peer (online, known, or
    /// seen through others by its name card) whose nickname is exactly `name`; the one peer
    /// whose short ID (the ID's first group) is `name`; the one verified peer whose nickname
    /// looks like `name`. Several peers with the nickname (a teammate and a new key that claims
    /// its name), or only look-alikes that are not verified, are refused with the candidates
    /// listed: a name never quietly picks an impostor.
    func resolve(_ name: String, sessions: [SessionPeer], cards: NameBook) throws(PeerError) -> PeerID {
        if let id = PeerID(parsing: name) { return id }
        var names: [PeerID: String] = [:]
        var verified: Set<PeerID> = []
        var pendingKeys: [PeerID] = []
        do {
            for known in try trust.peers() {
                guard let id = known.peerID else { continue }
                names[id] = known.nickname
                if known.trust == .verified { verified.insert(id) }
            }
            pendingKeys = try trust.unresolvedKeyChanges().compactMap { PeerID(parsing: $0.newID) }
        } catch { throw .store(StorageError(error)) }
        // Teammates seen only through others, by their signed cards.
        for (id, card) in cards.cards where names[id] == nil && id != me { names[id] = card.nickname }
        for session in sessions { names[session.id] = session.nickname }
        func described(_ ids: [PeerID]) -> [String] {
            ids.sorted().map { "\($0.short) \(names[$0] ?? "?")\(verified.contains($0) ? " (verified)" : "")" }
        }
        let exact = names.filter { $0.value == name }.map(\.key)
        // Your own nickname (or short ID) is you, unless a teammate goes by it too.
        if exact.isEmpty, name == myNickname || name.uppercased() == me.short { throw .toSelf }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw .ambiguousPeer(name, candidates: described(exact)) }
        let byShort = Set((Array(names.keys) + pendingKeys).filter { $0.short == name.uppercased() })
        if byShort.count == 1, let only = byShort.first { return only }
        let skeleton = Confusables.skeleton(name)
        let alike = names.filter { Confusables.skeleton($0.value) == skeleton }.map(\.key)
        if alike.count == 1, verified.contains(alike[0]) { return alike[0] }
        if !alike.isEmpty { throw .lookAlike(name, candidates: described(alike)) }
        throw .unknownPeer(name)
    }

    /// The peers to redial from earlier sessions, as the dial planner takes them.
    func remembered() throws(StoreError) -> [DialPlanner.Remembered] {
        try trust.peers().compactMap { known in
            known.peerID.map { DialPlanner.Remembered(id: $0, addresses: known.addressList.compactMap(PeerAddress.init(parsing:)),
                                                      blocked: known.trust == .blocked, verified: known.trust == .verified) }
        }
    }
}
