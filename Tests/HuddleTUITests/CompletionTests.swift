import Foundation
import HuddleApp
import Testing
@testable import HuddleTUI

@Suite("Tab completion")
struct CompletionTests {
    func state() -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "BOBBBBB", nickname: "bob", online: true, trust: .known),
                                          PeerRow(shortID: "BOOOOOO", nickname: "boris", online: false, trust: .known),
                                          PeerRow(shortID: "CARLLLL", nickname: "carl", online: true, trust: .known)]))
        _ = reduce(&state, .documentsUpdated(channels: [ChannelRow(document: .general, name: "#general"),
                                                        ChannelRow(document: TestDocuments.dev, name: "#dev")],
                                             notes: [NoteRow(name: "plan", lastEditor: nil, size: 1), NoteRow(name: "retro", lastEditor: nil, size: 1)]))
        return state
    }

    func typing(_ text: String, then keys: [Key]) -> TUIState {
        var state = state()
        for character in text { _ = reduce(&state, .key(.character(character))) }
        for key in keys { _ = reduce(&state, .key(key)) }
        return state
    }

    @Test("completes by context", arguments: [
        ("a command", "/jo", "/join "),
        ("a nickname after /msg", "/msg ca", "/msg carl "),
        ("a mention", "thanks @ca", "thanks @carl"),
        ("a channel", "see #de", "see #dev "),
        ("a note after /note", "/note re", "/note retro"),
        ("a nickname that starts a line", "ca", "carl: "),
    ])
    func completes(_ name: String, _ typed: String, _ expected: String) {
        #expect(typing(typed, then: [.tab]).input.text == expected, "\(name)")
    }

    @Test("repeated Tab cycles through the candidates, shown in the status bar; Shift-Tab goes back")
    func cycles() {
        var state = typing("/msg b", then: [.tab])
        #expect(state.input.text == "/msg bob ")
        #expect(state.status?.text == "Tab: [bob]  boris")
        _ = reduce(&state, .key(.tab))
        #expect(state.input.text == "/msg boris ")
        _ = reduce(&state, .key(.backTab))
        #expect(state.input.text == "/msg bob ")
        _ = reduce(&state, .key(.character("h")))
        _ = reduce(&state, .key(.tab))
        #expect(state.input.text == "/msg bob h", "another key ends the completion; nothing completes 'h'")
        #expect(state.focus == .channels, "with nothing to complete, Tab moves the focus")
    }

    @Test("Tab on an empty line moves the focus")
    func emptyLineMovesFocus() {
        #expect(typing("", then: [.tab]).focus == .channels)
    }

    @Test("after /send NICK, Tab asks the app for the files that fit, and completes with them")
    func paths() throws {
        var state = typing("/send bob Sou", then: [])
        #expect(reduce(&state, .key(.tab)) == [.completePath(word: "Sou")])
        _ = reduce(&state, .pathsListed(word: "Sou", candidates: ["Sources/", "Sound\\ File.wav "]))
        #expect(state.input.text == "/send bob Sources/")
        _ = reduce(&state, .key(.tab))
        #expect(state.input.text == "/send bob Sound\\ File.wav ")
    }

    @Test("file candidates: folders end in a slash, spaces are escaped, hidden files only when asked")
    func pathCandidates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-paths-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder + "/sub dir", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/report.pdf", contents: Data())
        FileManager.default.createFile(atPath: folder + "/.hidden", contents: Data())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(PathCompletion.candidates(for: folder + "/") == [folder + "/report.pdf ", folder + "/sub\\ dir/"])
        #expect(PathCompletion.candidates(for: folder + "/.") == [folder + "/.hidden "])
        #expect(PathCompletion.candidates(for: folder + "/nothing").isEmpty)
    }
}
