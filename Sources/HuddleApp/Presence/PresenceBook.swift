import HuddleCore

/// Who is here, away or not to be disturbed, and who is typing where: this peer's own
/// presence and what peers in session said of theirs. A value with the time passed in
/// (milliseconds), never stored; bounded by the sessions (one presence and one typing notice
/// per peer), and a peer's entries go when its session ends.
struct PresenceBook: Sendable {
    /// This peer's presence as teammates see it.
    var mine = Presence.here
    /// Whether `mine` is away because nothing was pressed for a while (not set by hand).
    var isAutomaticallyAway = false
    /// What peers in session said.
    private(set) var theirs: [PeerID: Presence] = [:]
    /// Where each peer types, and until when that counts.
    private var typing: [PeerID: (document: DocumentID, until: Int64)] = [:]
    /// When this peer last said it types in a chat (nil: it said it stopped, or never said).
    private var sentTyping: [DocumentID: Int64] = [:]

    /// What `peer` said of its presence (nil: nothing, or no session).
    func presence(of peer: PeerID) -> Presence? { theirs[peer] }

    /// Records `peer`'s presence; returns whether it changed.
    mutating func set(_ presence: Presence, of peer: PeerID) -> Bool {
        guard theirs[peer] != presence else { return false }
        theirs[peer] = presence
        return true
    }

    /// Forgets `peer` (its session ended); returns the chat it was typing in, if any.
    mutating func sessionEnded(_ peer: PeerID) -> DocumentID? {
        theirs[peer] = nil
        return typing.removeValue(forKey: peer)?.document
    }

    /// Records that `peer` types (or stopped) in `document` at `now`; returns the chats whose
    /// list of typers changed (a repeated notice changes nothing).
    mutating func typing(_ peer: PeerID, in document: DocumentID, _ isTyping: Bool, at now: Int64) -> [DocumentID] {
        let before = typing[peer].flatMap { $0.until > now ? $0.document : nil }
        if isTyping {
            typing[peer] = (document, now + Typing.lastsMilliseconds)
        } else if typing[peer]?.document == document {
            typing[peer] = nil
        }
        let after = typing[peer].map(\.document)
        return before == after ? [] : [before, after].compactMap { $0 }
    }

    /// That `peer` posted in `document`: it stopped typing there. Returns whether that changed who types.
    mutating func posted(_ peer: PeerID, in document: DocumentID, at now: Int64) -> Bool {
        !typing(peer, in: document, false, at: now).isEmpty
    }

    /// The peers typing in `document` at `now`, in ID order.
    func typers(in document: DocumentID, at now: Int64) -> [PeerID] {
        typing.filter { $0.value.document == document && $0.value.until > now }.keys.sorted()
    }

    /// When the next typing notice runs out.
    var nextExpiry: Int64? { typing.values.map(\.until).min() }

    /// Drops notices that ran out by `now`; returns the chats whose typers changed, and when
    /// the next one runs out.
    mutating func expire(at now: Int64) -> (changed: [DocumentID], next: Int64?) {
        var changed: [DocumentID] = []
        for (peer, entry) in typing where entry.until <= now {
            typing[peer] = nil
            changed.append(entry.document)
        }
        return (changed, typing.values.map(\.until).min())
    }

    /// Whether this peer should tell teammates it types (or stopped) in `document` at `now`:
    /// a start, then a repeat every ``Typing/repeatMilliseconds``; a stop only after a start.
    mutating func shouldSend(typing isTyping: Bool, in document: DocumentID, at now: Int64) -> Bool {
        if isTyping {
            if let last = sentTyping[document], now - last < Typing.repeatMilliseconds { return false }
            sentTyping = [document: now] // typing in one chat at a time
            return true
        }
        return sentTyping.removeValue(forKey: document) != nil
    }
}
