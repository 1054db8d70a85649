import Foundation
import HuddleCore
import HuddleStore

extension Peer {
    /// Every channel, direct conversation and note, with unread counts: channels first
    /// (`#general` at the top), then direct conversations, then notes, each by name.
    public func documentList() throws(PeerError) -> [DocumentSummary] {
        let records: [String: StoredDocument]
        let levels: [String: String]
        do {
            records = Dictionary(try sync.store.documents().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            levels = try sync.store.notificationLevels()
        } catch { throw .store(StorageError(error)) }
        return sync.replicas.values.compactMap { replica in
            let documentID = replica.id
            guard sync.isOpenHere(documentID), let kind = DocumentKind(documentID) else { return nil }
            let record = records[replica.key]
            let name = shownName(of: documentID)
            let marker = sync.readMarkers[documentID] ?? 0
            let unread = replica.chat?.messages.reduce(0) { $0 + ($1.lamport > marker && $1.author != me ? 1 : 0) } ?? 0
            return DocumentSummary(document: documentID, workspace: documentID.storageGroup, kind: kind, name: name, unread: unread,
                                   lastEditor: record?.lastAuthor.flatMap(PeerID.init(parsing:)).map(nickname(of:)),
                                   lastEditAt: record?.lastEditAt.map { Int64($0 * 1000) },
                                   size: replica.chat?.messages.count ?? replica.note?.count ?? 0,
                                   notifications: documentID.isChat
                                       ? levels[replica.key].flatMap(NotificationLevel.init(rawValue:)) ?? .default(for: documentID) : nil)
        }.sorted { a, b in
            func rank(_ s: DocumentSummary) -> Int {
                if s.document == .general { return 0 }
                switch s.kind {
                case .channel: return 1
                case .direct: return 2
                case .note: return 3
                }
            }
            return (rank(a), a.name) < (rank(b), b.name)
        }
    }

    /// The messages of a chat (`#name`, `@nick` or an ID), oldest first; the last `limit` if given.
    public func messages(in channel: String, limit: Int? = nil, workspace: String? = nil) throws(PeerError) -> [ChatLine] {
        try messages(in: try chatID(channel, workspace: workspace), limit: limit)
    }

    /// The messages of the chat `documentID`, oldest first (a deleted one in its place, with
    /// no text); the last `limit` if given.
    public func messages(in documentID: DocumentID, limit: Int? = nil) throws(PeerError) -> [ChatLine] {
        guard !documentID.isRoster, sync.isOpenHere(documentID), let log = sync.replicas[documentID]?.chat else { throw .noSuchDocument(documentID.displayName(for: id)) }
        let all = log.timeline
        let shown = limit.map { all.suffix(max(0, $0)) } ?? all[...]
        return shown.map { line(for: $0, in: documentID) }
    }

    /// The text of the note `name`.
    public func noteText(_ name: String, workspace: String? = nil) throws(PeerError) -> String {
        let documentID = try noteID(name, workspace: workspace)
        guard let note = sync.replicas[documentID]?.note else { throw .noSuchDocument(name) }
        return note.text
    }

    /// Chooses how loudly the chat `channel` (`#name`, `@nick` or an ID) asks for attention on
    /// this device: every message, mentions only, or nothing (nil: its default again). Returns
    /// the chat and its level now.
    @discardableResult
    public func setNotificationLevel(_ level: NotificationLevel?, for channel: String,
                                     workspace: String? = nil) throws(PeerError) -> (document: DocumentID, level: NotificationLevel) {
        let documentID = try chatID(channel, workspace: workspace)
        guard sync.replicas[documentID] != nil else { throw .noSuchDocument(channel) }
        try checkOpen(documentID)
        do { try sync.store.setNotificationLevel(of: documentID.description, to: level?.rawValue) } catch { throw .store(StorageError(error)) }
        bus.yield(.documentsChanged)
        return (documentID, level ?? .default(for: documentID))
    }

    /// How loudly the chat `channel` asks for attention on this device.
    public func notificationLevel(for channel: String, workspace: String? = nil) throws(PeerError) -> NotificationLevel {
        let documentID = try chatID(channel, workspace: workspace)
        guard sync.replicas[documentID] != nil else { throw .noSuchDocument(channel) }
        let chosen: String?
        do { chosen = try sync.store.notificationLevels()[documentID.description] } catch { throw .store(StorageError(error)) }
        return chosen.flatMap(NotificationLevel.init(rawValue:)) ?? .default(for: documentID)
    }

    /// Sync counters: changes accepted from peers and refused since start.
    public func syncCounters() -> (received: Int, refused: Int) { (sync.book.received, sync.book.refused) }
}
