import Foundation
import HuddleCore
import HuddleStore

extension SyncEngine {
    /// Replaces the text of this peer's own message `id` in the chat `documentID`: signed,
    /// stored, then sent. Returns the message as it reads now.
    mutating func editMessage(_ id: MessageID, text: String, in documentID: DocumentID,
                              writable: (PeerID) -> Bool) throws(PeerError) -> (ChatMessage, SyncStep) {
        try Self.checkMessageText(text)
        let wallTime = clock().millisecondsSince1970
        let run = try signLocal(in: documentID) { log throws(ChatError) in try log.edit(id, body: text, wallTime: wallTime) }
        var step = try store([run], in: documentID, writable: writable)
        guard let edited = replicas[documentID]?.chat?.message(id) else { throw .noSuchMessage(id.description) }
        step.events.append(.chat(documentID, .edited(edited)))
        return (edited, step)
    }

    /// Deletes this peer's own message `id` in the chat `documentID`: signed, stored, then sent.
    mutating func deleteMessage(_ id: MessageID, in documentID: DocumentID, writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        let run = try signLocal(in: documentID) { log throws(ChatError) in try log.delete(id) }
        var step = try store([run], in: documentID, writable: writable)
        step.events.append(.chat(documentID, .deleted(id)))
        return step
    }

    /// Posts `text` in the chat `documentID` as an answer to `target`: signed, stored, then
    /// sent. Returns the reply.
    mutating func reply(to target: MessageID, text: String, in documentID: DocumentID,
                        writable: (PeerID) -> Bool) throws(PeerError) -> (ChatMessage, SyncStep) {
        try Self.checkMessageText(text)
        let wallTime = clock().millisecondsSince1970
        let run = try signLocal(in: documentID) { log throws(ChatError) in try log.reply(to: target, body: text, wallTime: wallTime) }
        var step = try store([run], in: documentID, writable: writable)
        guard let reply = replicas[documentID]?.chat?.message(MessageID(replica: replicaID, seq: run.startSeq)) else {
            throw .noSuchMessage(target.description)
        }
        step.events.append(.chat(documentID, .posted(reply)))
        return (reply, step)
    }

    /// Adds (or takes back) this peer's reaction `emoji` to `target` in the chat `documentID`.
    mutating func react(to target: MessageID, emoji: String, add: Bool, in documentID: DocumentID,
                        writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        let run = try signLocal(in: documentID) { log throws(ChatError) in try log.react(to: target, emoji: emoji, add: add) }
        var step = try store([run], in: documentID, writable: writable)
        step.events.append(.chat(documentID, .reacted(target)))
        return step
    }

    /// Refuses a message text that is empty or longer than a message holds.
    static func checkMessageText(_ text: String) throws(PeerError) {
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= DecodeLimits.maxMessageBytes else {
            throw .tooLong(bytes: text.utf8.count, limit: DecodeLimits.maxMessageBytes)
        }
    }

    /// Makes one local chat operation with `make` and signs it as the next link of this
    /// peer's chain; on any failure the document is reloaded as stored.
    private mutating func signLocal(in documentID: DocumentID,
                                    _ make: (inout ChatLog) throws(ChatError) -> ChatChange) throws(PeerError) -> StoredRun {
        guard replicas[documentID]?.chat != nil else { throw .noSuchDocument(documentID.description) }
        do {
            let change = try make(&replicas[documentID]!.chat!)
            return try replicas[documentID]!.sign(change.encoded, startSeq: change.startSeq, endSeq: change.endSeq, by: identity)
        } catch {
            _ = reload(documentID)
            throw PeerError(error)
        }
    }
}
