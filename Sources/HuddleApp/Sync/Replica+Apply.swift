import HuddleCore
import HuddleStore

/// What changes made visible in a document, for the UI.
struct Visible: Sendable {
    var chat: [ChatEvent] = []
    var patches: [TextPatch] = []
}

/// Why a change could not be applied to a document.
enum ApplyFailure: Error, Sendable, CustomStringConvertible {
    case chat(ChatError)
    case text(TextError)
    case wrongKind

    var description: String {
        switch self {
        case let .chat(error): "\(error)"
        case let .text(error): "\(error)"
        case .wrongKind: "a change of the wrong kind for this document"
        }
    }
}

extension Replica {
    /// Applies a change (remote, or loaded from the store) and adds what became visible to
    /// `visible`. A change this document already holds does nothing.
    mutating func apply(_ change: AnyChange, into visible: inout Visible) throws(ApplyFailure) {
        switch change {
        case let .chat(chatChange):
            guard chat != nil else { throw .wrongKind }
            do { visible.chat += try chat!.apply(chatChange) } catch { throw .chat(error) }
        case let .text(textChange):
            guard note != nil else { throw .wrongKind }
            do { visible.patches += try note!.apply(textChange) } catch { throw .text(error) }
        }
    }

    /// Loads a document: its snapshot, then the runs stored after it, in order. Changes from
    /// the store were checked when they arrived, so signatures are not checked again.
    static func load(_ id: DocumentID, me: ReplicaID, from store: DocumentStore) throws -> Replica {
        var replica = Replica(id: id, me: me)
        var after: Int64 = 0
        if let snapshot = try store.snapshot(of: id.description) {
            if id.isChat {
                replica.chat = try ChatLog(decoding: snapshot.bytes, replica: me)
            } else {
                replica.note = try TextDocument(decoding: snapshot.bytes, replica: me)
            }
            after = snapshot.throughRun
        }
        replica.lastRunID = after
        var ignored = Visible()
        for stored in try store.runs(of: id.description, after: after) {
            let run = try ChangeRun(decoding: stored.run)
            for entry in run.entries {
                // A stored change that no longer applies (it cannot happen unless the file was
                // edited) is skipped rather than making the whole document unreadable.
                try? replica.apply(AnyChange(decoding: entry.change, for: id), into: &ignored)
            }
            replica.lastRunID = stored.id
            replica.runsSinceSnapshot += 1
        }
        replica.heads = try store.heads(of: id.description)
        return replica
    }
}
