import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle say CHANNEL TEXT`: post to a channel.
struct SayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "say", abstract: "Post to a channel, e.g. '#general'.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The channel, e.g. '#general' (created if new).") var channel: String
    @Argument(help: "The message ('-' reads it from standard input, lines and all).") var text: String
    @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?
    @Flag(help: "Print the stored message as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request(.say(channel: channel, text: textOrStandardInput(text), workspace: workspace), \.lines)
        try printSent(lines, json: json)
    }
}

/// `huddle dm NICK TEXT`: a direct message.
struct DirectMessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dm", abstract: "Send a direct message; only the two of you ever hold it.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The peer's nickname or ID.") var nick: String
    @Argument(help: "The message ('-' reads it from standard input, lines and all).") var text: String
    @Flag(help: "Print the stored message as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request(.directMessage(peer: nick, text: textOrStandardInput(text)), \.lines)
        try printSent(lines, json: json)
    }
}

/// `huddle log CHANNEL [-n N] [--json]`: channel history.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show a channel's history (or @NICK's direct messages), oldest first.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The channel, e.g. '#general', or @NICK.") var channel: String
    // Unconditional: `-n -3` is a value to refuse with a reason, not a missing one.
    @Option(name: .short, parsing: .unconditional, help: "Only the last N messages.") var n: Int?
    @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?
    @Flag(help: "One JSON object per message per line.") var json = false
    @Flag(name: .shortAndLong, help: "Keep printing new messages as they arrive, until interrupted.") var follow = false
    @Option(help: ArgumentHelp("Only the thread of message ID: it and every reply under it, at any depth.", valueName: "ID"))
    var thread: String?

    func validate() throws {
        if let n, n < 0 { throw ValidationError("-n must be 0 or more") }
    }

    func run() throws {
        // A thread is picked from the whole history; -n then counts its messages.
        let log = ControlRequest.log(channel: channel, limit: thread == nil ? n : nil, workspace: workspace)
        let client = try options.controlClient()
        var members: Set<String> = thread.map { [$0] } ?? []
        func inThread(_ line: ChatLine) -> Bool {
            guard let thread else { return true }
            guard line.id == thread || line.replyTo.map(members.contains) == true else { return false }
            members.insert(line.id)
            return true
        }
        guard follow else {
            let lines = try client.request(log, \.lines).filter(inThread)
            for line in n.map({ lines.suffix($0) }) ?? lines[...] { try show(line) }
            return
        }
        // Watch first, then print the history, so nothing falls between the two. A message
        // is printed again when it changes (edited, deleted, reacted to).
        var shown: [String: ChatLine] = [:]
        func isNews(_ line: ChatLine) -> Bool {
            defer { shown[line.id] = line }
            return shown[line.id] != line
        }
        var failure: Error?
        do {
            try client.stream(.watch(channel: channel)) { response in
                do {
                    switch response {
                    case let .failure(reason):
                        throw ControlError.badResponse(reason)
                    case let .lines(lines):
                        for line in lines where inThread(line) && isNews(line) { try show(line) }
                    default:
                        // The watch began: now the history, so nothing falls between the two.
                        for line in try client.request(log, \.lines) where inThread(line) && shown[line.id] == nil && isNews(line) { try show(line) }
                    }
                    fflush(nil) // flush every stream: each line reaches a pipe at once
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            printError("huddle: \(error)")
            throw ExitCode(3)
        }
        if let failure {
            printError("huddle: \(failure)")
            throw ExitCode(1)
        }
    }

    func show(_ line: ChatLine) throws {
        if json {
            print(try jsonLine(line))
            return
        }
        let time = localTime(line.time)
        // Each line of a message of several lines on a line of its own, under the first.
        let body = line.body.split(separator: "\n", omittingEmptySubsequences: false).map(TerminalText.sanitized)
            .joined(separator: "\n" + String(repeating: " ", count: 20))
        let text = line.deleted ? "(message deleted)"
            : body + (line.edited ? " (edited)" : "") + (line.delivery?.summary.map { "  " + $0 } ?? "")
        if let replyTo = line.replyTo {
            let quoted = line.quoted.map { $0.isEmpty ? "(message deleted)" : TerminalText.sanitized($0) } ?? "(not here)"
            print("                  ↳ \(replyTo) \(TerminalText.sanitized(line.quotedNickname ?? "?")): \(quoted)")
        }
        print("\(time)  \(line.id)  \(TerminalText.sanitized(line.shownName)): \(text)")
        if !line.reactions.isEmpty { print("                  \(reactionSummary(line.reactions))") }
    }
}

/// Prints what `say` or `dm` stored: its ID, or the JSON object.
func printSent(_ lines: [ChatLine], json: Bool) throws {
    guard let line = lines.first else { throw ExitCode(1) }
    print(json ? try jsonLine(line) : "sent \(line.id) to \(line.document)")
    if !json, let waiting = line.waiting { print(TerminalText.sanitized(waiting)) }
}

/// One value as a JSON line with stable (sorted) keys.
func jsonLine(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
