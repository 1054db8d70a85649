import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle search WORDS`: messages and notes that match, newest first.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find messages and notes: words, \"a phrase\", prefix*, -left-out, from:NICK, in:#chan|@nick|note.")

    @OptionGroup var options: CommonOptions
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("What to find, e.g. deploy from:bob in:#dev -staging.", valueName: "WORDS"))
    var words: [String]
    @Option(help: ArgumentHelp("Only this workspace (lan or a private one's name).", valueName: "W")) var workspace: String?
    @Option(name: .customLong("in"), help: ArgumentHelp("Only this channel, conversation or note: '#dev', @NICK, NOTE.", valueName: "PLACE"))
    var place: String?
    @Option(name: [.customShort("n"), .long], help: "At most this many results (1 to 500).") var limit = 50
    @Flag(help: "Print one JSON object per result.") var json = false

    func run() throws {
        let results = try options.controlClient().request(
            .search(words: words.joined(separator: " "), workspace: workspace, place: place, limit: limit), \.searchResults)
        if json {
            for result in results { print(try jsonLine(result)) }
            return
        }
        if results.isEmpty { print("nothing found") }
        let bold = isatty(STDOUT_FILENO) == 1
        for result in results {
            let place = TerminalText.sanitized(result.place)
            let heading = switch result.kind {
            case .message: "\(place)  \(TerminalText.sanitized(result.nickname))  \(localTime(result.time))  \(result.id ?? "")"
            case .note: "\(place)  line \(result.line ?? 1)"
            }
            print(heading)
            print("  " + result.excerpt.map { part in
                let text = TerminalText.sanitized(part.text)
                return part.isMatch && bold ? "\u{1b}[1m\(text)\u{1b}[22m" : text
            }.joined())
        }
    }
}
