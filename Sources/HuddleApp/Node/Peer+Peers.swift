import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

extension Peer {
    /// Every peer this one knows of, online first, then by nickname.
    public func peers() throws(PeerError) -> [PeerStatus] {
        let online = Dictionary(sessions.connectedPeers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [PeerID: PeerStatus] = [:]
        let knownPeers: [KnownPeer]
        do { knownPeers = try directory.trust.peers() } catch { throw .store(StorageError(error)) }
        let mine = fingerprint(of: Data(profile.identity.publicKey))
        for known in knownPeers {
            guard let id = known.peerID else { continue }
            rows[id] = PeerStatus(id: known.id, shortID: id.short, nickname: known.nickname, online: false,
                                  trust: PeerTrust(known.trust), addresses: known.addressList, port: nil,
                                  discovered: false, lastSeen: Int64(known.lastSeen * 1000))
            let theirs = fingerprint(of: known.publicKey)
            rows[id]?.fingerprint = theirs
            rows[id]?.safetyCode = SafetyCode.safetyCode(ofFingerprints: theirs, mine)
        }
        for (id, entry) in dialing.planner.discovered {
            let peer = entry.peer
            var row = rows[id] ?? PeerStatus(id: id.description, shortID: id.short, nickname: peer.nickname, online: false,
                                             trust: .new, addresses: [], port: nil, discovered: true, lastSeen: nil)
            row.discovered = true
            row.port = Int(peer.port)
            let seen = peer.addresses.compactMap { PeerAddress(host: $0, port: Int(peer.port)) }
            row.addresses = seen.map(\.description) + row.addresses.filter { address in
                !seen.contains { address.hasPrefix($0.isIPv6 ? "[\($0.hostWithZone)]" : $0.host) }
            }
            rows[id] = row
        }
        for (id, session) in online {
            var row = rows[id] ?? PeerStatus(id: id.description, shortID: id.short, nickname: session.nickname, online: true,
                                             trust: .known, addresses: [session.address], port: session.listenPort,
                                             discovered: false, lastSeen: Date().millisecondsSince1970)
            row.online = true
            row.nickname = session.nickname
            row.port = session.listenPort
            row.presence = presences.book.presence(of: id)
            rows[id] = row
        }
        let sessions = sessions.connectedPeers
        for id in rows.keys { rows[id]?.nameCollides = directory.hasLookAlike(id, sessions: sessions, cards: sync.names) }
        // A key that answered at a known peer's address is not known itself until you decide.
        let waiting: [KeyChange]
        do { waiting = try directory.trust.unresolvedKeyChanges() } catch { throw .store(StorageError(error)) }
        for change in waiting {
            guard let id = PeerID(parsing: change.newID), let row = rows[id], row.trust == .known else { continue }
            rows[id]?.trust = .new
            rows[id]?.keyChangeOf = PeerID(parsing: change.oldID)?.short ?? String(change.oldID.prefix(7))
        }
        // A nickname in a workspace is the member's: another key that claims it is suspect.
        let members = sync.workspaceMembers
        let memberNames = Dictionary(members.map { (Confusables.skeleton(nickname(of: $0)), $0) }, uniquingKeysWith: { first, _ in first })
        for (id, row) in rows where !members.contains(id) && row.trust != .verified {
            if let member = memberNames[Confusables.skeleton(row.nickname)], member != id { rows[id]?.claimsNameOf = member.short }
        }
        return rows.values.sorted { ($0.online ? 0 : 1, $0.nickname, $0.id) < ($1.online ? 0 : 1, $1.nickname, $1.id) }
    }

    /// The fingerprint of a public key, worked out once.
    func fingerprint(of publicKey: Data) -> String {
        if let known = fingerprints[publicKey] { return known }
        if fingerprints.count >= 4096 { fingerprints.removeAll() }
        let fingerprint = SafetyCode.fingerprint(of: Array(publicKey))
        fingerprints[publicKey] = fingerprint
        return fingerprint
    }

    /// This peer's own status.
    public func status() throws(PeerError) -> NodeStatus {
        let counters = discovery.service?.counters
        let keyChanges: Int, quarantined: Int
        do {
            keyChanges = try directory.trust.unresolvedKeyChanges().count
            quarantined = try sync.store.quarantinedCount()
        } catch { throw .store(StorageError(error)) }
        return NodeStatus(id: id.description, shortID: id.short, nickname: profile.config.nickname, port: running.port,
                          sessions: sessions.connectedPeers.count, workspaces: workspaces().map(\.name), discovery: discovery.service != nil,
                          keyChanges: keyChanges, staleHints: discovery.staleHints.count,
                          mdnsPacketsSent: counters?.packetsSent, mdnsPacketsReceived: counters?.packetsReceived,
                          mdnsPacketsDropped: counters?.packetsDropped, mdnsRateLimited: counters?.rateLimited,
                          mdnsStrangersNotListed: counters?.strangersNotListed, mdnsConflicts: counters?.conflicts,
                          mdnsSendErrors: counters?.sendErrors, mdnsCacheEntries: counters?.cacheEntries,
                          mdnsOpenLinks: counters?.openLinks, documents: sync.replicas.count,
                          changesReceived: sync.book.received, changesRefused: sync.book.refused,
                          foreignWorkspaceBytes: sync.book.foreignBytes, quarantined: quarantined,
                          forks: sync.currentForks.map { fork in
                              ForkStatus(document: fork.document.description,
                                         author: PeerID(digest: fork.author.bytes)?.description ?? "\(fork.author)",
                                         isSelf: fork.author == sync.replicaID, seq: fork.seq,
                                         reportedBy: fork.reportedBy.description, compared: fork.compared)
                          }, presence: presences.book.mine)
    }

    /// Marks the peer `name` (nickname or ID) verified or blocked; a blocked peer's session ends.
    public func setTrust(_ action: TrustAction, for name: String) throws(PeerError) -> PeerID {
        let id = try resolvePeer(name)
        do { try applyTrust(action, for: id) } catch { throw .store(StorageError(error)) }
        return id
    }

    func applyTrust(_ action: TrustAction, for id: PeerID) throws(StoreError) {
        // A peer whose session came up a moment ago may not be in the store yet: add it.
        if let session = sessions.connectedPeers.first(where: { $0.id == id }), try directory.trust.peer(id) == nil {
            try directory.trust.recordSession(publicKey: session.publicKey, nickname: session.nickname, address: nil, at: Date())
        }
        try directory.trust.setTrust(action.level, for: id)
        directory.forgetNicknames()
        try refreshRemembered()
        if action == .block { sessions.block(id) }
        wakeDialer()
        bus.yield(.peersChanged)
    }

    /// Starts LAN discovery, if this peer has it. Without it static and known peers still
    /// work, so a failure is a notice unless the user chose interfaces.
    func startDiscovery() async throws {
        guard let service = discovery.make?(running.port) else { return }
        service.setKnownPeers(dialing.planner.known)
        do {
            try await service.start()
            discovery.service = service
            let found = service.events
            running.tasks.append(Task { [weak self] in
                for await event in found { await self?.handle(event) }
            })
        } catch where !discovery.interfacesChosen {
            bus.yield(.notice("LAN discovery is off: \(error)"))
        }
    }
}
