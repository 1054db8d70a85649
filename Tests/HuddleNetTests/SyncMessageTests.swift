import Foundation
import HuddleCore
import Testing
@testable import HuddleNet

@Suite("Sync messages on the wire")
struct SyncMessageTests {
    static let note = DocumentID.note(workspace: .lan, name: "plan")

    @Test("every sync message comes back from its envelope as it went in")
    func roundTrip() throws {
        let item = ItemID(replica: ReplicaID(7), seq: 3)
        let messages: [SyncMessage] = [
            .state(SyncState(documents: [DocumentState(document: Self.note, version: VersionVector([ReplicaID(1): 4, ReplicaID(2): 9]))],
                             complete: true)),
            .changes(ChangeBatch(document: Self.note, runs: [[1, 2, 3], []])),
            .presence(CaretPresence(document: Self.note, caret: Anchor(item: item, side: .after),
                                    selectionStart: Anchor(item: nil, side: .before))),
            .presence(CaretPresence(document: Self.note, caret: Anchor(item: nil, side: .before), selectionStart: nil)),
            .presence(CaretPresence(document: Self.note, caret: nil, selectionStart: nil)),
        ]
        for message in messages {
            let bytes = try message.envelope.serializedData()
            #expect(try SyncMessage(try Huddle_V1_Envelope(serializedBytes: bytes)) == message)
        }
    }

    @Test("a change batch for a document that cannot exist is malformed, not created")
    func batchForImpossibleDocument() {
        var envelope = Huddle_V1_Envelope()
        envelope.changes = Huddle_V1_ChangeBatch.with { $0.document = "lan/../../etc/passwd" }
        #expect(throws: SyncMessageError.self) { try SyncMessage(envelope) }
    }

    @Test("a caret on a replica ID that is not 32 bytes is malformed")
    func caretOnMalformedReplica() {
        var envelope = Huddle_V1_Envelope()
        envelope.presence = Huddle_V1_Presence.with {
            $0.document = Self.note.description
            $0.open = true
            $0.hasItem_p = true
            $0.itemReplica = Data([1, 2, 3])
        }
        #expect(throws: SyncMessageError.badReplica) { try SyncMessage(envelope) }
    }

    @Test("sync state entries that name no valid document or replica are left out")
    func stateEntriesFiltered() throws {
        var envelope = Huddle_V1_Envelope()
        envelope.syncState = Huddle_V1_SyncState.with {
            $0.documents = [.with { $0.document = "nonsense" },
                            .with { $0.document = Self.note.description; $0.version = [.with { $0.replica = Data([1]); $0.seq = 5 }] }]
        }
        #expect(try SyncMessage(envelope) == .state(SyncState(documents: [DocumentState(document: Self.note, version: VersionVector())],
                                                             complete: false)))
    }
}
