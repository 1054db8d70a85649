import Foundation
import HuddleCore
import HuddleTesting
import Testing
@testable import HuddleApp

/// Note names follow the channels' rule: case and the encoding of accents do not tell two apart.
@Suite("Note names", .stopsPeers)
struct NoteNameTests {
    @Test("Plan, plan and PLAN name one note, spelled plan; a composed and a decomposed é are one name")
    func caseAndNormalisationFold() throws {
        var link = try EngineLink(engines: 1, seed: 1)
        defer { link.remove() }
        let engine = link.engines[0]
        let plan = DocumentID.note(workspace: .lan, name: "plan")
        for spelling in ["Plan", "plan", "PLAN", "pLaN"] { #expect(try engine.note(named: spelling, in: .lan) == plan) }
        let composed = try engine.note(named: "Caf\u{E9}", in: .lan)
        #expect(try engine.note(named: "CAFE\u{301}", in: .lan).description == composed.description)
        #expect(Array(composed.description.utf8).suffix(2) == [0xC3, 0xA9], "stored as NFC: \(composed)")
    }

    @Test("a note held as 'Plan' from before the rule is found by any spelling, and no second note is made")
    func noteSpelledBeforeTheRuleIsFound() throws {
        var link = try EngineLink(engines: 1, seed: 2)
        defer { link.remove() }
        let legacy = DocumentID.note(workspace: .lan, name: "Plan")
        try link.local(0) { try $0.create(legacy) }
        for spelling in ["Plan", "plan", "PLAN"] { #expect(try link.engines[0].note(named: spelling, in: .lan) == legacy) }
        #expect(try link.engines[0].note(named: "Plan", in: .team(WorkspaceID(creator: DeviceIdentity().peerID, nonce: WorkspaceID.randomNonce()))) != legacy, "another workspace's note is its own")
        let exact = DocumentID.note(workspace: .lan, name: "PLAN")
        try link.local(0) { try $0.create(exact) }
        #expect(try link.engines[0].note(named: "PLAN", in: .lan) == exact, "of two old spellings, the exact one")
        #expect(try link.engines[0].note(named: "plan", in: .lan) == exact, "otherwise the first by ID")
    }

    @Test("teammates who write to Plan and to plan write to one note, listed once")
    func teammatesShareOneNote() async throws {
        let ann = try await TestPeer.start("ann")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(ann.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        try await ann.peer.appendToNote("Plan", text: "ann's line\n")
        #expect(try await eventually { (try? await bob.peer.noteText("PLAN")) == "ann's line\n" })
        try await bob.peer.appendToNote("plan", text: "bob's line\n")
        #expect(try await eventually { (try? await ann.peer.noteText("plan")) == "ann's line\nbob's line\n" })
        let notes = try await ann.peer.documentList().filter { $0.kind == .note }
        #expect(notes.map(\.name) == ["plan"])
        let view = try await bob.peer.openNote("PLAN")
        #expect(view.name == "plan" && view.document == notes[0].document)
    }
}
