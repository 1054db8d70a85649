import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("The transfers pane and what the status bar says of transfers")
struct TransfersPaneTests {
    static func transfer(_ id: String, _ state: TransferState.Kind, name: String = "plain.txt", done: UInt64 = 0,
                         files: Int = 1, paths: [String] = [], offeredAt: Int64 = 0) -> TransferInfo {
        TransferInfo(id: id, shortID: id, direction: .incoming, peer: "BOBBBBB", nickname: "bob", names: [name], files: files,
                     bytes: 4_000, bytesDone: done, state: state, reason: nil, bytesPerSecond: nil, secondsLeft: nil, paths: paths,
                     times: TransferTimes(offeredAt: offeredAt))
    }

    static func screen(_ infos: [TransferInfo]) -> String {
        var state = TUIState(size: TerminalSize(rows: 40, columns: 120), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        for info in infos { _ = reduce(&state, .transferUpdated(info)) }
        state.modals = []
        return render(state).grid.lines.joined(separator: "\n")
    }

    @Test("a cancelled transfer shows that it was cancelled, not 0%")
    func cancelledShowsItsState() {
        let screen = Self.screen([Self.transfer("t1", .cancelled)])
        #expect(screen.contains("cancelled"))
        #expect(!screen.contains("0%"))
        let partly = Self.screen([Self.transfer("t2", .failed, done: 2_000)])
        #expect(partly.contains("failed"))
    }

    @Test("transfers are listed newest first, also when an older one is heard of after newer ones; the selection stays on its transfer")
    func listedInTimeOrder() {
        var state = TUIState(size: TerminalSize(rows: 40, columns: 120), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        for (id, at) in [("t2", 2_000), ("t3", 3_000), ("t1", 1_000), ("t4", 4_000), ("t0", 0)] {
            _ = reduce(&state, .transferUpdated(Self.transfer(id, .done, offeredAt: Int64(at))))
            if id == "t3" { state.transferSelection = 0 }
        }
        #expect(state.transfers.map(\.id) == ["t4", "t3", "t2", "t1", "t0"])
        #expect(state.transfers[state.transferSelection].id == "t3")
    }

    @Test("a long file name is shortened in the middle, keeping its extension")
    func longNameKeepsItsEnd() {
        let screen = Self.screen([Self.transfer("t1", .offered, name: "quarterly-report-final-final-v7.pdf")])
        let row = screen.split(separator: "\n").first { $0.contains("← bob") } ?? ""
        #expect(row.contains("quarter…") && row.contains("v7.pdf"), "\(row)")
        #expect(shortenedInMiddle("quarterly-report.pdf", to: 10, widths: .assumed) == "quart….pdf")
        #expect(shortenedInMiddle("short.pdf", to: 10, widths: .assumed) == "short.pdf")
        #expect(WidthModel.assumed.width(of: shortenedInMiddle("報告書の最終版ファイル.pdf", to: 12, widths: .assumed)) <= 12)
    }

    @Test("after an offer is accepted, the status bar no longer says /accept or /reject")
    func acceptedClearsTheQuestion() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .transferUpdated(Self.transfer("t1", .offered)))
        #expect(state.status?.text.contains("/accept") == true)
        _ = reduce(&state, .transferUpdated(Self.transfer("t1", .accepted)))
        #expect(state.status?.text.contains("/accept") == false)
        #expect(state.status?.text.contains("receiving") == true)
    }

    @Test("'received' says where the file went")
    func receivedSaysWhere() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .transferUpdated(Self.transfer("t1", .transferring)))
        _ = reduce(&state, .transferUpdated(Self.transfer("t1", .done, done: 4_000, paths: ["/home/ada/Downloads/plain (1).txt"])))
        #expect(state.status?.text == "received plain.txt (4.0 kB) as /home/ada/Downloads/plain (1).txt")
        _ = reduce(&state, .transferUpdated(Self.transfer("t2", .transferring, name: "photos", files: 3)))
        _ = reduce(&state, .transferUpdated(Self.transfer("t2", .done, name: "photos", done: 4_000, files: 3,
                                                          paths: ["/home/ada/Downloads/photos/a.jpg", "/home/ada/Downloads/photos/b.jpg"])))
        #expect(state.status?.text.hasSuffix(" in /home/ada/Downloads/photos") == true, "\(state.status?.text ?? "")")
    }
}
