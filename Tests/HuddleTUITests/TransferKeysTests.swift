import HuddleCore
import HuddleApp
import Testing
@testable import HuddleTUI

@Suite("Transfers in the TUI")
struct TransferKeysTests {
    func state() -> TUIState {
        TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
    }

    func offer(_ id: String, state: TransferState.Kind = .offered, direction: TransferDirection = .incoming) -> TransferInfo {
        TransferInfo(id: id, shortID: String(id.prefix(8)), direction: direction, peer: "BOBBBBB", nickname: "bob",
                     names: ["report.pdf"], files: 1, bytes: 2_100_000, bytesDone: 0, state: state, reason: nil,
                     bytesPerSecond: nil, secondsLeft: nil, paths: [])
    }

    func type(_ text: String, into state: inout TUIState) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects += reduce(&state, .key(.character(character))) }
        return effects + reduce(&state, .key(.enter))
    }

    @Test("an incoming offer rings the bell and says how to answer; /accept takes the newest offer")
    func offerAndAccept() {
        var state = state()
        let effects = reduce(&state, .transferUpdated(offer("aaaaaaaa11112222")))
        #expect(effects == [.bell])
        #expect(state.status?.text.contains("bob offers report.pdf (2.1 MB): /accept or /reject") == true)
        #expect(state.modals == [.offer(offer("aaaaaaaa11112222"))], "the offer asks in a modal")
        state.now.addTimeInterval(1) // past the moment a dialog ignores keys
        #expect(reduce(&state, .key(.escape)).isEmpty && state.modals.isEmpty, "Esc leaves the answer for later")
        _ = reduce(&state, .transferUpdated(offer("bbbbbbbb11112222")))
        state.now.addTimeInterval(1)
        #expect(reduce(&state, .key(.character("a"))) == [.peer(.transferAction(.accept, id: "bbbbbbbb11112222"))], "a in the modal accepts")
        _ = reduce(&state, .transferUpdated(offer("bbbbbbbb11112222", state: .transferring)))
        #expect(type("/accept", into: &state) == [.peer(.transferAction(.accept, id: "aaaaaaaa11112222"))], "the offer still waiting")
        #expect(type("/reject aaaa", into: &state) == [.peer(.transferAction(.reject, id: "aaaa"))])
    }

    @Test("a transfer's changes replace it in the list; an ending is reported")
    func updatesReplace() {
        var state = state()
        _ = reduce(&state, .transferUpdated(offer("cccccccc", state: .transferring, direction: .outgoing)))
        _ = reduce(&state, .transferUpdated(offer("cccccccc", state: .done, direction: .outgoing)))
        #expect(state.transfers.count == 1 && state.transfers[0].state == .done)
        #expect(state.status?.text == "bob has report.pdf (2.1 MB)")
    }

    @Test("/send takes a nickname and shell-quoted paths")
    func sendCommand() {
        var state = state()
        #expect(type("/send bob '/tmp/My File.pdf' /tmp/b", into: &state) == [.peer(.sendFiles(peer: "bob", paths: ["/tmp/My File.pdf", "/tmp/b"]))])
        #expect(type("/send bob", into: &state).isEmpty && state.status?.isError == true)
    }

    @Test("dropped files in a conversation ask to send them to that peer; y sends, n does not")
    func dropInConversation() {
        var state = state()
        _ = reduce(&state, .chatOpened(document: TestDocuments.bobDM, name: "@bob", messages: []))
        _ = reduce(&state, .filesDropped(paths: ["/tmp/report.pdf"], summary: "report.pdf (2.1 MB)"))
        #expect(state.status?.text == "Send report.pdf (2.1 MB) to bob? y / n")
        #expect(reduce(&state, .key(.character("y"))) == [.peer(.sendFiles(peer: "bob", paths: ["/tmp/report.pdf"]))])
        #expect(state.pendingDrop == nil && state.input.text.isEmpty, "the answer is not typed into the input line")
        _ = reduce(&state, .filesDropped(paths: ["/tmp/x"], summary: "x (1 B)"))
        #expect(reduce(&state, .key(.character("n"))).isEmpty && state.pendingDrop == nil)
    }

    @Test("dropped files in a channel go to the peer picked in the peers pane, and ask which one if none is")
    func dropInChannel() {
        var state = state()
        _ = reduce(&state, .filesDropped(paths: ["/tmp/x"], summary: "x (1 B)"))
        #expect(state.status?.text.contains("to whom?") == true)
        #expect(reduce(&state, .key(.character("y"))).isEmpty, "no peer yet: nothing is sent")
        #expect(reduce(&state, .key(.character("n"))).isEmpty && state.modals.isEmpty, "n drops the question")
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "AAAAAAA", nickname: "ann", online: true, trust: .known),
                                          PeerRow(shortID: "BBBBBBB", nickname: "bob", online: true, trust: .known)]))
        state.pendingDrop = nil
        for _ in 0..<3 { _ = reduce(&state, .key(.tab)) } // chat → channels → notes → peers
        #expect(state.focus == .peers)
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .filesDropped(paths: ["/tmp/x"], summary: "x (1 B)"))
        #expect(reduce(&state, .key(.character("y"))) == [.peer(.sendFiles(peer: "bob", paths: ["/tmp/x"]))])
    }

    @Test("a drop in a channel with no peer picked asks whom, by number; n puts what was dropped into the input line")
    func dropAsksWhom() {
        var state = state()
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "AAAAAAA", nickname: "ann", online: true, trust: .known),
                                          PeerRow(shortID: "BBBBBBB", nickname: "bob", online: true, trust: .known)]))
        _ = reduce(&state, .filesDropped(paths: ["/tmp/x"], summary: "x (1 B)", pasted: "/tmp/x"))
        #expect(dropTarget(state) == nil, "the first peer is not taken without being picked")
        let screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("1 ann") && screen.contains("2 bob"), "\(screen)")
        #expect(reduce(&state, .key(.character("2"))) == [.peer(.sendFiles(peer: "bob", paths: ["/tmp/x"]))])
        _ = reduce(&state, .filesDropped(paths: ["/tmp/x"], summary: "x (1 B)", pasted: "'/tmp/x'"))
        #expect(reduce(&state, .key(.character("n"))) == [.peer(.typing(document: .general, true))], "only the typing notice: nothing is sent")
        #expect(state.input.text == "'/tmp/x'", "the dropped text is not lost")
    }

    @Test("a paste of paths naming a missing file is pasted as text and the missing path named")
    func missingFileNamed() {
        var state = state()
        _ = reduce(&state, .pastedMissingFiles(pasted: "/tmp/a /tmp/gone.pdf", missing: ["/tmp/gone.pdf"]))
        #expect(state.input.text == "/tmp/a /tmp/gone.pdf")
        #expect(state.status?.isError == true && state.status?.text.contains("/tmp/gone.pdf") == true)
        #expect(DroppedPaths.missing(in: "/etc/hostname '/nope/x y'", exists: { $0 == "/etc/hostname" }) == ["/nope/x y"])
        #expect(DroppedPaths.missing(in: "hello /nope", exists: { _ in false }) == nil, "a sentence is just text")
        #expect(DroppedPaths.missing(in: "/etc/hostname", exists: { _ in true }) == nil, "nothing missing")
    }

    @Test("keys typed as an offer opens, and a paste into it, answer nothing; after 700 ms they do")
    func dialogIgnoresKeysAtFirst() {
        var state = state()
        _ = reduce(&state, .transferUpdated(offer("aaaaaaaa11112222")))
        #expect(reduce(&state, .key(.enter)).isEmpty && reduce(&state, .key(.character("a"))).isEmpty)
        state.now.addTimeInterval(0.69)
        #expect(reduce(&state, .key(.character("a"))).isEmpty && state.modals.count == 1, "still typing: the a was meant for the input")
        state.now.addTimeInterval(0.02)
        #expect(reduce(&state, .key(.paste("a\n"))).isEmpty && state.modals.count == 1, "a paste answers no dialog")
        #expect(reduce(&state, .key(.character("a"))) == [.peer(.transferAction(.accept, id: "aaaaaaaa11112222"))])
    }

    @Test("a second offer arriving does not move the transfers selection off the transfer it was on")
    func selectionStaysOnItsTransfer() {
        var state = state()
        _ = reduce(&state, .transferUpdated(offer("aaaaaaaa11112222", state: .transferring)))
        _ = reduce(&state, .transferUpdated(offer("bbbbbbbb11112222", state: .transferring)))
        state.transferSelection = 1 // aaaa…
        _ = reduce(&state, .transferUpdated(offer("cccccccc11112222")))
        #expect(state.transfers[state.transferSelection].id == "aaaaaaaa11112222")
    }
}
