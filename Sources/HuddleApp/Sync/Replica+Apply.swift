import Foundation
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
    ///
    /// One bad row never makes the document (or the peer) unreadable: a snapshot that does
    /// not decode is moved aside and the document is rebuilt from all its runs; a run that
    /// does not decode is moved aside; a stored change that no longer applies (refused by a
    /// rule added since it was stored) is skipped. `problems` says what happened, for the log.
    static func load(_ id: DocumentID, me: ReplicaID, from store: DocumentStore,
                     at now: Date = Date()) throws(StoreError) -> (replica: Replica, problems: [String]) {
        var replica = Replica(id: id, me: me)
        var problems: [String] = []
        var after: Int64 = 0
        if let snapshot = try store.snapshot(of: id.description) {
            do {
                if id.isChat {
                    replica.chat = try ChatLog(decoding: snapshot.bytes, replica: me)
                } else {
                    replica.note = try TextDocument(decoding: snapshot.bytes, replica: me)
                }
                after = snapshot.throughRun
            } catch {
                try store.quarantineSnapshot(of: id.description, reason: "\(error)", at: now)
                problems.append("the snapshot of \(id) does not load (\(error)): moved aside, rebuilt from its changes")
                replica = Replica(id: id, me: me)
            }
        }
        replica.lastRunID = after
        var ignored = Visible()
        var skipped = 0
        for stored in try store.runs(of: id.description, after: after) {
            let run: ChangeRun
            do { run = try ChangeRun(decoding: stored.run) } catch {
                try store.quarantineRun(stored.id, of: id.description, reason: "\(error)", at: now)
                problems.append("a stored run of \(id) does not decode (\(error)): moved aside")
                continue
            }
            for entry in run.entries {
                do { try replica.apply(AnyChange(decoding: entry.change, for: id), into: &ignored) } catch { skipped += 1 }
            }
            replica.lastRunID = stored.id
            replica.runsSinceSnapshot += 1
        }
        if skipped > 0 { problems.append("\(skipped) stored change(s) of \(id) no longer apply: skipped") }
        replica.heads = try store.heads(of: id.description)
        return (replica, problems)
    }
}
