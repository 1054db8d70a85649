import Foundation
import HuddleCore
import HuddleNet

extension Peer {
    /// A session event: sessions feed the dial planner, the directory and the sync engine.
    func handle(_ event: SessionEvent) {
        switch event {
        case let .established(peer):
            let address = PeerAddress(parsing: peer.address).flatMap { $0.with(port: peer.listenPort) }
            do {
                try directory.trust.recordSession(publicKey: peer.publicKey, nickname: peer.nickname,
                                                  address: address?.description, at: Date())
                try refreshRemembered()
            } catch {
                bus.yield(.notice("could not record \(peer.id.short): \(error)"))
            }
            dialing.planner.established(peer.id, listeningAt: address)
            directory.forgetNicknames()
            bus.yield(.notice("session with \(peer.nickname) (\(peer.id.short)) at \(peer.address)"))
            bus.yield(.peersChanged)
            if peer.capabilities.contains("sync.v1") {
                perform(sync.sessionStarted(with: peer.id))
                sendPresence(to: peer.id)
            }
            askForCode(peer.id)
            resumeTransfers(to: peer)
        case let .closed(id, reason, deliberate):
            perform(sync.sessionEnded(with: id))
            presenceEnded(for: id)
            dialing.planner.closed(id, at: Date())
            // Gone without a word (silent, broken)? Then its announcement is checked, and it is
            // unlisted in seconds if nothing answers. A deliberate end says nothing of that.
            if !deliberate { discovery.service?.reconfirm(id) }
            wakeDialer()
            bus.yield(.notice("session with \(id.short) ended: \(reason)"))
            bus.yield(.peersChanged)
        case let .refused(address, reason, incompatible, nothingAnswered):
            // Nothing answered there: the announcement may be stale, so it is checked (and the
            // peer leaves the overlay's view). A peer that answered and then failed (a slow
            // handshake) is there.
            let failed = dialing.planner.dialFailed(address, nothingAnswered: nothingAnswered)
            if nothingAnswered { for peer in failed { discovery.service?.reconfirm(peer) } }
            wakeDialer()
            // Dialing retries with back-off; say each reason once until it changes.
            guard dialing.planner.isNewRefusal(reason, for: address) else { return }
            if incompatible { bus.yield(.incompatible("\(address): \(reason)")) }
            bus.yield(.notice("no session with \(address): \(reason)"))
        case let .message(peer, .inviteCode(message)):
            receiveInviteCode(message, from: peer)
            sessions.consumed(from: peer)
        case let .message(peer, .status(presence)):
            receiveStatus(presence, from: peer)
            sessions.consumed(from: peer)
        case let .message(peer, .typing(document, isTyping)):
            receiveTyping(in: document, isTyping, from: peer)
            sessions.consumed(from: peer)
        case let .message(peer, message):
            perform(sync.receive(message, from: peer, writable: isWritable))
            completeCodeJoinIfReady()
            sessions.consumed(from: peer)
        case let .malformed(peer, error):
            perform(sync.refuse(error, from: peer))
            sessions.consumed(from: peer)
        case let .writable(peer):
            perform(sync.drained(peer))
        }
    }

    /// A discovery event: the dial planner learns of it, and the peer list changes.
    func handle(_ event: DiscoveryEvent) {
        switch event {
        case let .found(peer):
            guard peer.id != id else { return }
            dialing.planner.found(peer, at: Date())
        case let .lost(peerID):
            dialing.planner.lost(peerID)
        }
        wakeDialer()
        bus.yield(.peersChanged)
    }

    /// Carries out what the sync engine decided: messages out in order, events to the bus,
    /// a catch-up sender for each peer that needs one.
    func perform(_ step: SyncStep) {
        for (peer, message) in step.outgoing { sessions.send(message, to: peer) }
        for event in step.events { publish(event) }
        for peer in step.catchUp {
            Task { [weak self] in await self?.runCatchUp(peer) }
        }
    }

    /// Sends `peer` what it lacks, one frame at a time, each once the network took the one
    /// before, so memory stays bounded and other sessions are not held up.
    func runCatchUp(_ peer: PeerID) async {
        while true {
            let (message, events) = sync.nextCatchUp(for: peer)
            for event in events { publish(event) }
            guard let message else { return }
            guard await sessions.sendAwaitingWrite(message, to: peer) else {
                sync.catchUpStopped(for: peer)
                return
            }
        }
    }

    /// Whether the session with `peer` takes live changes now.
    nonisolated func isWritable(_ peer: PeerID) -> Bool { sessions.isWritable(peer) }

    /// Turns a sync event into this peer's public events (with nicknames).
    func publish(_ event: SyncEvent) {
        noteForSearch(event)
        switch event {
        case let .chat(document, .posted(message)):
            if let author = PeerID(digest: message.author.bytes) { postedWhileTyping(author, in: document) }
            bus.yield(.chat(line(for: message, in: document)))
        case let .chat(document, .edited(message)):
            bus.yield(.chatUpdated(line(for: message, in: document)))
        case let .chat(document, .reacted(messageID)), let .chat(document, .deleted(messageID)):
            if let message = sync.replicas[document]?.chat?.posted(messageID) {
                bus.yield(.chatUpdated(line(for: message, in: document)))
            }
        case let .noteChanged(document, patches, author):
            noteChanged(document, patches: patches, editor: PeerID(digest: author.bytes).map(nickname(of:)) ?? "?")
        case let .caretsChanged(document, peer):
            if editors.isOpen(document) { noteChanged(document, patches: [], editor: nickname(of: peer)) }
        case .documentsChanged:
            bus.yield(.documentsChanged)
        case .rosterChanged:
            dialing.planner.members = sync.workspaceMembers
            tellDiscoveryWhoIsKnown()
            wakeDialer()
            bus.yield(.peersChanged)
        case let .namesLearned(peers):
            directory.forgetNicknames()
            bus.yield(.namesLearned(Dictionary(peers.map { ($0.short, nickname(of: $0)) }, uniquingKeysWith: { a, _ in a })))
            bus.yield(.documentsChanged) // the notes pane's "last edited by"
        case let .delivered(document, seqs):
            // The newest of this peer's messages the stretch covers show where they arrived now.
            guard let log = sync.replicas[document]?.chat else { return }
            var shown = 0
            for seq in seqs.reversed().prefix(200) where shown < 50 {
                guard let message = log.posted(MessageID(replica: me, seq: seq)) else { continue }
                bus.yield(.chatUpdated(line(for: message, in: document)))
                shown += 1
            }
        case let .notice(text):
            bus.yield(.notice(text))
        }
    }
}
