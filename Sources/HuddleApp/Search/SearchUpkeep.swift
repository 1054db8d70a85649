import Foundation
import HuddleCore
import HuddleStore

/// What the search index lacks of the documents in memory, and the batch that brings it up
/// to date: a value with no I/O, fed every sync event, with the time passed in.
///
/// A message posted, edited or deleted marks just that message; a note's change marks the
/// note, which is indexed again whole (in stretches of lines) when the batch is made, so a
/// burst of keystrokes costs one re-index. A document whose indexed version differs from the
/// one in memory at start (a crash before the index caught up, an older huddle, a new index)
/// is indexed again whole.
struct SearchUpkeep: Sendable {
    /// Messages to index again, per chat.
    private(set) var messages: [DocumentID: Set<MessageID>] = [:]
    /// Documents to index again whole.
    private(set) var documents: Set<DocumentID> = []
    /// Documents whose entries go (left, or no longer held).
    private(set) var forgotten: Set<String> = []

    /// A note's stretch: lines are gathered up to this many UTF-8 bytes.
    static let stretchBytes = 2048
    /// Most messages marked before a batch is due whatever the timer says.
    static let dueAfterMessages = 512

    /// Whether anything waits.
    var isEmpty: Bool { messages.isEmpty && documents.isEmpty && forgotten.isEmpty }

    /// How many messages wait (documents waiting whole count one each).
    var waiting: Int { messages.values.reduce(documents.count) { $0 + $1.count } }

    /// Marks what `event` changed.
    mutating func note(_ event: SyncEvent) {
        switch event {
        case let .chat(document, .posted(message)), let .chat(document, .edited(message)):
            mark(message.id, in: document)
        case let .chat(document, .deleted(id)):
            mark(id, in: document)
        case let .noteChanged(document, patches, _) where !patches.isEmpty:
            documents.insert(document)
        case .chat(_, .reacted), .noteChanged, .caretsChanged, .documentsChanged, .rosterChanged, .namesLearned, .notice:
            break
        }
    }

    /// Marks the documents whose index is not of the version held, and the indexed documents
    /// no longer held.
    mutating func compare(indexed: [String: [UInt8]], held: [DocumentID: Replica]) {
        var unheld = Set(indexed.keys)
        for (id, replica) in held where !id.isRoster {
            unheld.remove(replica.key)
            if indexed[replica.key] != Self.marker(replica.version) { documents.insert(id) }
        }
        forgotten.formUnion(unheld)
    }

    /// Marks `document`'s entries to go.
    mutating func forget(_ document: DocumentID) {
        messages[document] = nil
        documents.remove(document)
        forgotten.insert(document.description)
    }

    private mutating func mark(_ id: MessageID, in document: DocumentID) {
        guard !document.isRoster, !documents.contains(document) else { return }
        messages[document, default: []].insert(id)
    }

    /// The batch that brings the index up to `replicas`, at most about `budget` messages of
    /// whole documents (one document is always taken, however large), and forgets what it
    /// took. `now` bounds the times authors claim, so no message sorts above what is new.
    mutating func takeBatch(from replicas: [DocumentID: Replica], now: Int64, budget: Int = .max) -> SearchIndexBatch {
        var batch = SearchIndexBatch()
        batch.cleared = forgotten.sorted()
        forgotten = []
        for (document, ids) in messages where !documents.contains(document) {
            guard let replica = replicas[document], let log = replica.chat else { batch.cleared.append(document.description); continue }
            for id in ids {
                if let message = log.message(id) {
                    batch.entries.append(Self.entry(message, in: document, now: now))
                } else {
                    batch.removed.append((document.description, Self.item(id)))
                }
            }
            batch.versions[replica.key] = Self.marker(replica.version)
        }
        messages = [:]
        var spent = 0
        for document in documents.sorted(by: { $0.description < $1.description }) {
            guard spent < budget else { break }
            documents.remove(document)
            batch.cleared.append(document.description)
            guard let replica = replicas[document] else { continue }
            if let log = replica.chat {
                for message in log.messages { batch.entries.append(Self.entry(message, in: document, now: now)) }
                spent += log.postCount
            } else if let note = replica.note {
                batch.entries += Self.entries(ofNote: note.text, in: document, now: now)
                spent += note.count / Self.stretchBytes + 1
            }
            batch.versions[replica.key] = Self.marker(replica.version)
        }
        return batch
    }

    static func entry(_ message: ChatMessage, in document: DocumentID, now: Int64) -> SearchEntry {
        let author = Self.hex(message.author.bytes)
        return SearchEntry(document: document.description, item: Self.item(message.id), author: author,
                           time: min(message.wallTime, now), body: SearchText.indexable(message.body),
                           tags: tags(document) + [SearchTag.author(author)])
    }

    /// A note's text in stretches of whole lines (a line longer than a stretch is one), each
    /// an entry whose item is its first line's number (`L12`).
    static func entries(ofNote text: String, in document: DocumentID, now: Int64) -> [SearchEntry] {
        var entries: [SearchEntry] = []
        var stretch = "", firstLine = 1, line = 1
        func flush() {
            if stretch.contains(where: { !$0.isWhitespace }) {
                entries.append(SearchEntry(document: document.description, item: "L\(firstLine)", author: "", time: now,
                                           body: SearchText.indexable(stretch), tags: tags(document)))
            }
            stretch = ""
        }
        for lineText in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !stretch.isEmpty, stretch.utf8.count + lineText.utf8.count > stretchBytes { flush() }
            if stretch.isEmpty { firstLine = line } else { stretch += "\n" }
            stretch += lineText
            line += 1
        }
        flush()
        return entries
    }

    /// A message's item: its author's replica in hex, `@`, its seq.
    static func item(_ id: MessageID) -> String { hex(id.replica.bytes) + "@\(id.seq)" }

    /// The message an item names, or nil.
    static func messageID(item: String) -> MessageID? {
        let parts = item.split(separator: "@")
        guard parts.count == 2, parts[0].utf8.count == 64, let seq = UInt64(parts[1]) else { return nil }
        var bytes: [UInt8] = []
        var digits = parts[0].utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            guard let byte = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return ReplicaID(bytes: bytes).map { MessageID(replica: $0, seq: seq) }
    }

    /// The author filter's value for `replica`.
    static func authorTag(_ replica: ReplicaID) -> String { SearchTag.author(hex(replica.bytes)) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    static func tags(_ document: DocumentID) -> [String] {
        [SearchTag.document(document.description), SearchTag.workspace(document.storageGroup)]
    }

    /// A version's stable bytes: each replica's bytes and seq, in replica order.
    static func marker(_ version: VersionVector) -> [UInt8] {
        var bytes: [UInt8] = []
        for (replica, seq) in version.entries.sorted(by: { $0.key < $1.key }) {
            bytes += replica.bytes
            withUnsafeBytes(of: seq.bigEndian) { bytes += $0 }
        }
        return bytes
    }
}
