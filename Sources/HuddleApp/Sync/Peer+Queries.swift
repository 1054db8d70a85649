import Foundation
import HuddleCore
import HuddleStore

extension Peer {
    /// Every channel, direct conversation and note, with unread counts: channels first
    /// (`#general` at the top), then direct conversations, then notes, each by name.
    public func documentList() -> [DocumentSummary] {
        let records = Dictionary(((try? documents.documents()) ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return replicas.values.map { replica in
            let key = replica.key
            let record = records[key]
            let kind: String, name: String
            switch replica.id {
            case .channel: (kind, name) = ("channel", replica.id.displayName(for: id))
            case .note: (kind, name) = ("note", replica.id.displayName(for: id))
            case .direct: (kind, name) = ("direct", replica.id.otherPeer(than: id).map { "@" + nickname(of: $0) } ?? key)
            }
            let marker = readMarkers[key] ?? 0
            let unread = replica.chat?.messages.reduce(0) { $0 + ($1.lamport > marker && $1.author != me ? 1 : 0) } ?? 0
            return DocumentSummary(document: key, kind: kind, name: name, unread: unread,
                                   lastEditor: record?.lastAuthor.flatMap(PeerID.init(parsing:)).map(nickname(of:)),
                                   lastEditAt: record?.lastEditAt,
                                   size: replica.chat?.messages.count ?? replica.note?.count ?? 0)
        }.sorted { a, b in
            func rank(_ s: DocumentSummary) -> Int { s.document == Self.generalChannel ? 0 : ["channel": 1, "direct": 2, "note": 3][s.kind] ?? 4 }
            return (rank(a), a.name) < (rank(b), b.name)
        }
    }

    /// The messages of a chat document (`#name` or an ID), oldest first; the last `limit` if given.
    public func messages(in channel: String, limit: Int? = nil) throws(PeerError) -> [ChatLine] {
        let key = try chatKey(channel)
        guard let log = replicas[key]?.chat else { throw .noSuchDocument(channel) }
        let all = log.messages
        let shown = limit.map { all.suffix(max(0, $0)) } ?? all[...]
        return shown.map { line(for: $0, in: key) }
    }

    /// The text of the note `name`.
    public func noteText(_ name: String) throws(PeerError) -> String {
        let key: String
        do { key = try DocumentID.note(name).description } catch { throw .badName(error) }
        guard let note = replicas[key]?.note else { throw .noSuchDocument(name) }
        return note.text
    }

    /// Sync counters: changes accepted from peers and refused since start.
    public func syncCounters() -> (received: Int, refused: Int) { (book.received, book.refused) }
}
