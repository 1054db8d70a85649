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
            .inviteCode(.start(nameplate: 7, nonce: Array(repeating: 1, count: 16))),
            .inviteCode(.reply(nameplate: 7, nonce: Array(repeating: 2, count: 16), share: Array(repeating: 3, count: 32))),
            .inviteCode(.finish(nameplate: 999, share: Array(repeating: 3, count: 32), confirmation: Array(repeating: 4, count: 32))),
            .inviteCode(.result(nameplate: 1, outcome: .accepted(confirmation: Array(repeating: 5, count: 32),
                                                                 workspace: WorkspaceID(creator: PeerID(publicKey: [1]), nonce: WorkspaceID.randomNonce())))),
            .inviteCode(.result(nameplate: 1, outcome: .wrongCode)),
            .inviteCode(.result(nameplate: 1, outcome: .busy)),
        ]
        for message in messages {
            let bytes = try message.envelope.serializedData()
            #expect(try SyncMessage(try Huddle_V1_Envelope(serializedBytes: bytes)) == message)
        }
    }

    @Test("an invite-code step with a short nonce, a long share, a number out of range or no outcome is malformed")
    func malformedInviteCodeSteps() {
        func envelope(_ change: (inout Huddle_V1_InviteCode) -> Void) -> Huddle_V1_Envelope {
            var message = Huddle_V1_InviteCode.with { $0.step = .start; $0.nameplate = 7; $0.nonce = Data(repeating: 1, count: 16) }
            change(&message)
            return Huddle_V1_Envelope.with { $0.inviteCode = message }
        }
        #expect(throws: SyncMessageError.badInviteCode) { try SyncMessage(envelope { $0.nonce = Data([1]) }) }
        #expect(throws: SyncMessageError.badInviteCode) { try SyncMessage(envelope { $0.nameplate = 0 }) }
        #expect(throws: SyncMessageError.badInviteCode) { try SyncMessage(envelope { $0.nameplate = 1_000_000 }) }
        #expect(throws: SyncMessageError.badInviteCode) {
            try SyncMessage(envelope { $0.step = .reply; $0.share = Data(repeating: 1, count: 33) })
        }
        #expect(throws: SyncMessageError.badInviteCode) { try SyncMessage(envelope { $0.step = .result }) }
        #expect(throws: SyncMessageError.badInviteCode) {
            try SyncMessage(envelope { $0.step = .result; $0.outcome = .accepted; $0.confirmation = Data(repeating: 1, count: 32); $0.workspace = "lan" })
        }
        #expect(throws: SyncMessageError.unknownKind) { try SyncMessage(envelope { $0.step = .unspecified }) }
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
