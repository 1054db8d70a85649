import Foundation
import HuddleCore
import HuddleNet

extension Peer {
    /// This peer's presence as teammates see it.
    public var presence: Presence { presences.book.mine }

    /// Sets this peer's presence and tells every peer in session. Set by hand, it is saved to
    /// the config (the next start begins with it); `automatic` is the away the workspace sets
    /// after `away_after_minutes` without a key, which the next key takes back (never saved).
    public func setPresence(_ presence: Presence, automatic: Bool = false) throws(PeerError) {
        if !automatic {
            do {
                let file = ConfigFile(path: profile.folders.configFile)
                try file.set("presence", to: presence.availability.rawValue)
                try file.set("presence_text", to: presence.text)
            } catch {
                throw .refused("could not save your presence to \(profile.folders.configFile): \(error)")
            }
        }
        presences.book.isAutomaticallyAway = automatic && presence.availability == .away
        guard presences.book.mine != presence else { return }
        presences.book.mine = presence
        for peer in sessions.connectedPeers where peer.capabilities.contains("sync.v1") {
            sessions.send(.status(presence), to: peer.id)
        }
        bus.yield(.peersChanged)
    }

    /// Whether the present away was set by the workspace after idle time (the next key ends it).
    public var isAutomaticallyAway: Bool { presences.book.isAutomaticallyAway }

    /// Tells the teammates who may see the chat `document` that you type in it (or stopped):
    /// at most once every 3 s while typing; a stop only after a start. Never stored or relayed.
    public func typing(in document: DocumentID, _ isTyping: Bool) {
        guard document.isChat, !document.isRoster, sync.isOpenHere(document),
              presences.book.shouldSend(typing: isTyping, in: document, at: Date().millisecondsSince1970) else { return }
        for peer in sessions.connectedPeers where peer.capabilities.contains("sync.v1") && sync.sends(document, to: peer.id) {
            sessions.send(.typing(document: document, typing: isTyping), to: peer.id)
        }
    }

    /// The nicknames typing in the chat `document` now.
    public func typers(in document: DocumentID) -> [String] {
        presences.book.typers(in: document, at: Date().millisecondsSince1970).map(nickname(of:))
    }

    /// A session came up: it hears this peer's presence.
    func sendPresence(to peer: PeerID) {
        sessions.send(.status(presences.book.mine), to: peer)
    }

    /// A session ended: its peer's presence goes, and its typing with it.
    func presenceEnded(for peer: PeerID) {
        if let document = presences.book.sessionEnded(peer) { publishTypers(in: document) }
    }

    /// `peer` said what its presence is.
    func receiveStatus(_ presence: Presence, from peer: PeerID) {
        if presences.book.set(presence, of: peer) { bus.yield(.peersChanged) }
    }

    /// `peer` types (or stopped) in `document`: taken only from a peer that may write there,
    /// about a chat held here; a repeated notice changes nothing and costs a lookup.
    func receiveTyping(in document: DocumentID, _ isTyping: Bool, from peer: PeerID) {
        guard sync.replicas[document] != nil, sync.isOpenHere(document), sync.takes(document, from: peer) else { return }
        for changed in presences.book.typing(peer, in: document, isTyping, at: Date().millisecondsSince1970) {
            publishTypers(in: changed)
        }
        scheduleTypingExpiry()
    }

    /// `author` posted in `document`: it no longer types there.
    func postedWhileTyping(_ author: PeerID, in document: DocumentID) {
        if presences.book.posted(author, in: document, at: Date().millisecondsSince1970) { publishTypers(in: document) }
    }

    private func publishTypers(in document: DocumentID) {
        bus.yield(.typing(document: document, nicknames: typers(in: document)))
    }

    /// Wakes when the next typing notice runs out, so "bob is typing…" goes without a word from bob.
    private func scheduleTypingExpiry() {
        guard presences.expiry == nil else { return }
        guard let next = presences.book.nextExpiry else { return }
        presences.expiry = Task { [weak self] in
            let wait = max(0, next - Date().millisecondsSince1970)
            try? await Task.sleep(for: .milliseconds(wait))
            await self?.expireTyping()
        }
    }

    private func expireTyping() {
        presences.expiry = nil
        let (changed, _) = presences.book.expire(at: Date().millisecondsSince1970)
        for document in Set(changed) { publishTypers(in: document) }
        scheduleTypingExpiry()
    }
}

/// The peer's presence book and the timer that runs typing notices out.
struct PresenceHost: Sendable {
    var book = PresenceBook()
    var expiry: Task<Void, Never>?
}
