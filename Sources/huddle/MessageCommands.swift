import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// Where a message is, for the verbs that act on one: its ID as `huddle log` lists it, and
/// the chat when the ID is in several (seqs count per chat).
struct MessageOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The message's ID, as huddle log lists it, e.g. MFZWI3D@12.", valueName: "ID")) var id: String
    @Option(name: .customLong("in"), help: ArgumentHelp("The chat holding it, e.g. '#general' or @NICK (needed when the ID is in several).", valueName: "CHAT"))
    var chat: String?
    @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?
}

/// `huddle edit ID TEXT`: replace the text of your message.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Replace the text of your message; teammates see it marked edited.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var message: MessageOptions
    @Argument(help: "The new text ('-' reads it from standard input).") var text: String
    @Flag(help: "Print the edited message as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request(
            .editMessage(id: message.id, text: textOrStandardInput(text), channel: message.chat, workspace: message.workspace), \.lines)
        guard let line = lines.first else { throw ExitCode(1) }
        print(json ? try jsonLine(line) : "edited \(line.id) in \(line.document)")
    }
}

/// `huddle reply ID TEXT`: answer a message.
struct ReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reply", abstract: "Answer a message; the answer quotes its first line.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var message: MessageOptions
    @Argument(help: "The answer ('-' reads it from standard input).") var text: String
    @Flag(help: "Print the stored answer as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request(
            .reply(id: message.id, text: textOrStandardInput(text), channel: message.chat, workspace: message.workspace), \.lines)
        try printSent(lines, json: json)
    }
}

/// `huddle react ID EMOJI [--remove]`: react to a message.
struct ReactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "react", abstract: "Add an emoji reaction to a message (or take it back).")

    @OptionGroup var options: CommonOptions
    @OptionGroup var message: MessageOptions
    @Argument(help: "The emoji, e.g. 👍.") var emoji: String
    @Flag(help: "Take your reaction back.") var remove = false
    @Flag(help: "Print the message with its reactions as one JSON object.") var json = false

    func run() throws {
        let lines = try options.controlClient().request(
            .react(id: message.id, emoji: emoji, remove: remove, channel: message.chat, workspace: message.workspace), \.lines)
        guard let line = lines.first else { throw ExitCode(1) }
        print(json ? try jsonLine(line) : "\(line.id): \(reactionSummary(line.reactions))")
    }
}

/// `👍 2  ❤️ 1`, or `no reactions`.
func reactionSummary(_ reactions: [ChatLine.Reaction]) -> String {
    reactions.isEmpty ? "no reactions" : reactions.map { "\(TerminalText.sanitized($0.emoji)) \($0.count)" }.joined(separator: "  ")
}

/// `huddle delete ID`: delete your message.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete your message; teammates see \"message deleted\" in its place.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var message: MessageOptions

    func run() throws {
        print(try options.controlClient().request(.deleteMessage(id: message.id, channel: message.chat, workspace: message.workspace), \.done))
    }
}

/// `huddle show ID`: a message with every text it had.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a message with the earlier texts of an edited one.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var message: MessageOptions
    @Flag(help: "Print the message and its texts as one JSON object.") var json = false

    func run() throws {
        let shown = try options.controlClient().request(
            .messageRevisions(id: message.id, channel: message.chat, workspace: message.workspace), \.revisions)
        if json {
            print(try jsonLine(shown))
            return
        }
        let line = shown.message
        print("\(line.id) by \(TerminalText.sanitized(line.shownName)) in \(line.document)\(line.deleted ? ": deleted" : "")")
        for (index, revision) in shown.revisions.enumerated() {
            let label = index == 0 ? "posted" : index == shown.revisions.count - 1 ? "now" : "edit \(index)"
            print("\(localTime(revision.time))  \(label): \(TerminalText.sanitized(revision.body))")
        }
        for text in line.delivery.map(deliveryLines) ?? [] { print(text) }
    }
}

/// `text`, or all of standard input when it is `-` (its lines kept, the line ends at its end dropped).
func textOrStandardInput(_ text: String) -> String {
    guard text == "-" else { return text }
    var read = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    while read.last?.isNewline == true { read.removeLast() }
    return read
}

/// `2026-11-22 09:14` for a time in milliseconds since 1970, in local time.
func localTime(_ milliseconds: Int64) -> String {
    var seconds = time_t(milliseconds / 1000)
    var parts = tm()
    localtime_r(&seconds, &parts)
    return String(format: "%04d-%02d-%02d %02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min)
}
