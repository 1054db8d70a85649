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
        case .chat(_, .reacted), .noteChanged, .caretsChanged, .documentsChanged, .rosterChanged, .namesLearned, .notice, .delivered:
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
            let place = SearchPlace(document)
            for id in ids {
                if let message = log.message(id) {
                    batch.entries.append(SearchEntries.message(message, in: place, now: now))
                } else {
                    batch.removed.append((document.description, SearchEntries.item(id)))
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
            let place = SearchPlace(document)
            if let log = replica.chat {
                for message in log.messages { batch.entries.append(SearchEntries.message(message, in: place, now: now)) }
                spent += log.postCount
            } else if let note = replica.note {
                batch.entries += SearchEntries.note(note.text, in: place, now: now)
                spent += note.count / SearchEntries.stretchBytes + 1
            }
            batch.versions[replica.key] = Self.marker(replica.version)
        }
        return batch
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
