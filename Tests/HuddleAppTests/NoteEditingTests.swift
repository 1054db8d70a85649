import Foundation
import HuddleCore
import Testing
@testable import HuddleApp

@Suite("Editing a note with a teammate", .serialized)
struct NoteEditingTests {
    @Test("remote edits arrive between local keystrokes: the caret stays on its character and both converge")
    func concurrentEditing() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        try await bob.peer.appendToNote("plan", text: "shared line\n")
        #expect(try await eventually { (try? await ann.peer.noteText("plan")) == "shared line\n" })
        let view = try await ann.peer.openNote("plan")
        #expect(view.caret == 12, "the caret starts at the end")
        try await ann.peer.noteInput(view.document, .moveCaret(6)) // "shared| line"
        for (index, character) in "-ann-".enumerated() {
            try await ann.peer.noteInput(view.document, .type(String(character)))
            // bob edits before ann's caret and after it between her keystrokes
            try await bob.peer.editNote("plan", replacing: 0..<0, with: "\(index)")
            try await bob.peer.appendToNote("plan", text: "b\(index)")
            let expectedPrefix = (0...index).map(String.init).reversed().joined() // bob's digits, newest first
            #expect(try await eventually {
                (try? await ann.peer.noteText("plan"))?.hasPrefix(expectedPrefix) == true
            })
        }
        let final = try await ann.peer.noteText("plan")
        #expect(final.hasPrefix("43210shared-ann- line\n"), "\(final)")
        #expect(try await eventually { (try? await bob.peer.noteText("plan")) == final }, "both hold the same text")
        let caret = try #require(await ann.peer.caret(in: view.document))
        let prefix = String(String.UnicodeScalarView(Array(final.unicodeScalars)[..<caret]))
        #expect(prefix == "43210shared-ann-", "ann's caret is right after what she typed, whatever bob did")
        await ann.stop()
        await bob.stop()
    }

    @Test("backspace and delete act around the caret; a missing note is not opened unless asked")
    func deleteAroundCaret() async throws {
        let ann = try await TestPeer.start("ann")
        await #expect(throws: PeerError.self) { try await ann.peer.openNote("nothing") }
        let view = try await ann.peer.openNote("scratch", create: true)
        try await ann.peer.noteInput(view.document, .type("abcd"))
        try await ann.peer.noteInput(view.document, .moveCaret(2))
        try await ann.peer.noteInput(view.document, .deleteBackward)
        try await ann.peer.noteInput(view.document, .deleteForward)
        #expect(try await ann.peer.noteText("scratch") == "ad")
        #expect(await ann.peer.caret(in: view.document) == 1)
        await ann.stop()
    }
}
