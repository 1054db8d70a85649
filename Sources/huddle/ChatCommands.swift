import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle say CHANNEL TEXT`: post to a channel.
struct SayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "say", abstract: "Post to a channel, e.g. '#general'.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The channel, e.g. '#general' (created if new).") var channel: String
    @Argument(help: "The message.") var text: String
    @Flag(help: "Print the stored message as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request("say", [channel, text]).lines ?? []
        try printSent(lines, json: json)
    }
}

/// `huddle dm NICK TEXT`: a direct message.
struct DirectMessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dm", abstract: "Send a direct message; only the two of you ever hold it.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The peer's nickname or ID.") var nick: String
    @Argument(help: "The message.") var text: String
    @Flag(help: "Print the stored message as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request("dm", [nick, text]).lines ?? []
        try printSent(lines, json: json)
    }
}

/// `huddle log CHANNEL [-n N] [--json]`: channel history.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show a channel's history (or @NICK's direct messages), oldest first.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The channel, e.g. '#general', or @NICK.") var channel: String
    @Option(name: .short, help: "Only the last N messages.") var n: Int?
    @Flag(help: "One JSON object per message per line.") var json = false

    func validate() throws {
        if let n, n < 0 { throw ValidationError("-n must be 0 or more") }
    }

    func run() throws {
        var arguments = [channel]
        if let n { arguments.append(String(n)) }
        let lines = try options.controlClient().request("log", arguments).lines ?? []
        if json {
            for line in lines { print(try jsonLine(line)) }
            return
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for line in lines {
            let time = formatter.string(from: Date(timeIntervalSince1970: Double(line.time) / 1000))
            print("\(time)  \(TerminalText.sanitized(line.nickname)): \(TerminalText.sanitized(line.body))\(line.edited ? " (edited)" : "")")
        }
    }
}

/// Prints what `say` or `dm` stored: its ID, or the JSON object.
func printSent(_ lines: [ChatLine], json: Bool) throws {
    guard let line = lines.first else { throw ExitCode(1) }
    print(json ? try jsonLine(line) : "sent \(line.id) to \(line.document)")
}

/// One value as a JSON line with stable (sorted) keys.
func jsonLine(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
