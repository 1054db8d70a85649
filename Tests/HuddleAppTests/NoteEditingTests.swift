import HuddleTesting
import Foundation
import HuddleCore
import Testing
@testable import HuddleApp

@Suite("Editing a note with a teammate", .serialized, .stopsPeers)
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
        #expect(try await eventually { (try? await ann.peer.noteText("plan"))?.hasSuffix("b4") == true }, "bob's last append arrived")
        let final = try await ann.peer.noteText("plan")
        #expect(final.hasPrefix("43210shared-ann- line\n"), "\(final)")
        let converged = try await eventually { (try? await bob.peer.noteText("plan")) == final }
        let bobText = (try? await bob.peer.noteText("plan")) ?? "-"
        #expect(converged, "both hold the same text: ann \(final.debugDescription), bob \(bobText.debugDescription)")
        let caret = try #require(await ann.peer.caret(of: .screen, in: view.document))
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
        #expect(await ann.peer.caret(of: .screen, in: view.document) == 1)
        await ann.stop()
    }

    @Test("two clients editing one note keep their own carets and undo only their own steps")
    func twoClientsKeepTheirOwnCaretsAndUndo() async throws {
        let ann = try await TestPeer.start("ann")
        let script = EditorClient("script")
        let view = try await ann.peer.openNote("shared", create: true)
        _ = try await ann.peer.openNote("shared", client: script)
        try await ann.peer.noteInput(view.document, .type("screen "))
        try await ann.peer.noteInput(view.document, .moveCaret(0), client: script)
        try await ann.peer.noteInput(view.document, .type("script "), client: script)
        #expect(try await ann.peer.noteText("shared") == "script screen ")
        #expect(await ann.peer.caret(of: .screen, in: view.document) == 14, "the screen's caret stayed after its own text")
        #expect(await ann.peer.caret(of: script, in: view.document) == 7)
        try await ann.peer.noteInput(view.document, .undo)
        #expect(try await ann.peer.noteText("shared") == "script ", "the screen's undo took back only the screen's typing")
        try await ann.peer.noteInput(view.document, .undo, client: script)
        #expect(try await ann.peer.noteText("shared") == "")
        try await ann.peer.noteInput(view.document, .redo)
        #expect(try await ann.peer.noteText("shared") == "screen ")
        await ann.peer.closeNote(view.document, client: script)
        #expect(await ann.peer.caret(of: script, in: view.document) == nil)
        #expect(await ann.peer.caret(of: .screen, in: view.document) == 7)
        await ann.stop()
    }

    @Test("teammates' carets: each peer sees where the other is in the note, moved by edits, gone when closed")
    func remoteCarets() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        let events = PeerEvents(ann.peer)
        try await bob.peer.appendToNote("plan", text: "hello world")
        #expect(try await eventually { (try? await ann.peer.noteText("plan")) == "hello world" })
        let annView = try await ann.peer.openNote("plan")
        let bobView = try await bob.peer.openNote("plan")
        try await bob.peer.noteInput(bobView.document, .moveCaret(5)) // "hello| world"
        #expect(try await eventually { await ann.peer.others(in: annView.document).map(\.offset) == [5] }, "ann sees bob's caret")
        #expect(try await eventually { await bob.peer.others(in: bobView.document).map(\.nickname) == ["ann"] }, "bob sees ann")
        try await ann.peer.noteInput(annView.document, .moveCaret(0))
        try await ann.peer.noteInput(annView.document, .type(">> "))
        #expect(try await eventually { await ann.peer.others(in: annView.document).map(\.offset) == [8] }, "bob's caret moved with the text")
        #expect(try await eventually { events.updates.contains { $0.others.contains { $0.nickname == "bob" } } },
                "updates carry the teammates' carets") // the event reader may not have caught up yet
        #expect(try await eventually { (try? await bob.peer.noteText("plan")) == ">> hello world" })
        try await bob.peer.noteInput(bobView.document, .selectFrom(3))
        try await bob.peer.noteInput(bobView.document, .moveCaret(11))
        #expect(try await eventually { await ann.peer.others(in: annView.document).first?.selection == 3..<11 }, "ann sees bob's selection (\">> |hello wo|rld\")")
        await bob.peer.closeNote(bobView.document)
        #expect(try await eventually { await ann.peer.others(in: annView.document).isEmpty }, "bob closed the note")
        await ann.stop()
        await bob.stop()
    }

    @Test("undo takes back only your own edits, whatever a teammate typed meanwhile; redo puts them back")
    func undoOwnEditsOnly() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        let view = try await ann.peer.openNote("plan", create: true)
        try await ann.peer.noteInput(view.document, .type("hello"))
        try await ann.peer.noteInput(view.document, .type(" "))
        try await ann.peer.noteInput(view.document, .type("world"))
        #expect(try await eventually { (try? await bob.peer.noteText("plan")) == "hello world" })
        // bob types inside ann's last word
        try await bob.peer.editNote("plan", replacing: 8..<8, with: "BOB")
        #expect(try await eventually { (try? await ann.peer.noteText("plan")) == "hello woBOBrld" })
        try await ann.peer.noteInput(view.document, .undo)
        #expect(try await ann.peer.noteText("plan") == "hello BOB", "ann's word went, bob's text stayed")
        try await ann.peer.noteInput(view.document, .undo)
        #expect(try await ann.peer.noteText("plan") == "BOB")
        try await ann.peer.noteInput(view.document, .redo)
        #expect(try await ann.peer.noteText("plan") == "hello BOB")
        try await ann.peer.noteInput(view.document, .moveCaret(0))
        try await ann.peer.noteInput(view.document, .deleteForward) // deletes "h"
        try await ann.peer.noteInput(view.document, .undo)
        #expect(try await ann.peer.noteText("plan") == "hello BOB", "a deleted character comes back where it was")
        try await ann.peer.noteInput(view.document, .deleteRange(0..<6)) // a cut selection
        #expect(try await ann.peer.noteText("plan") == "BOB")
        try await ann.peer.noteInput(view.document, .undo)
        #expect(try await ann.peer.noteText("plan") == "hello BOB", "a cut comes back in order")
        #expect(try await eventually { (try? await bob.peer.noteText("plan")) == "hello BOB" })
        await ann.stop()
        await bob.stop()
    }

    @Test("an edit made in $EDITOR merges with what a teammate typed meanwhile, never overwriting it")
    func externalEditMerges() async throws {
        let ann = try await TestPeer.start("ann")
        let view = try await ann.peer.openNote("plan", create: true)
        try await ann.peer.noteInput(view.document, .type("one\ntwo\nthree\n"))
        let handed = try await ann.peer.beginExternalEdit(view.document)
        #expect(handed == "one\ntwo\nthree\n")
        // Meanwhile a teammate's text arrives (here typed through the same peer's note API).
        try await ann.peer.editNote("plan", replacing: 0..<0, with: "zero\n")
        try await ann.peer.editNote("plan", replacing: 9..<9, with: "2") // at the start of the line the editor changes
        let edited = "one\nTWO\nthree\nfour\n"
        #expect(try await ann.peer.finishExternalEdit(view.document, edited: edited))
        let text = try await ann.peer.noteText("plan")
        #expect(text.hasPrefix("zero\none\n"), "the teammate's line stays: \(text.debugDescription)")
        #expect(text.contains("TWO") && text.contains("2"), "the editor's change and the teammate's character are both there: \(text.debugDescription)")
        #expect(text.contains("three\nfour"), "\(text.debugDescription)")
        await #expect(throws: PeerError.self, "a second finish has no snapshot") {
            try await ann.peer.finishExternalEdit(view.document, edited: edited)
        }
        await ann.stop()
    }

    @Test("a script appending a line while a teammate types at the end of line 1: the teammate's text stays on line 1", arguments: ["one", "one\ntwo"])
    func appendedLineLeavesConcurrentTypingInPlace(_ start: String) async throws {
        let ann = try await TestPeer.start("ann")
        let view = try await ann.peer.openNote("plan", create: true)
        try await ann.peer.noteInput(view.document, .type(start))
        _ = try await ann.peer.beginExternalEdit(view.document)
        // The teammate types " concurrent" at the end of line 1 while the editor is open.
        try await ann.peer.editNote("plan", replacing: 3..<3, with: " concurrent")
        // The script appends a line after line 1 (the note's only or first line).
        let edited = start.replacingOccurrences(of: "one", with: "one\nappended")
        #expect(try await ann.peer.finishExternalEdit(view.document, edited: edited))
        let text = try await ann.peer.noteText("plan")
        #expect(text.hasPrefix("one concurrent\nappended"), "\(text.debugDescription)")
        await ann.stop()
    }
}
