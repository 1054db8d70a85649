import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle note list | cat NAME | append NAME TEXT`.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "List, print or append to shared notes.",
        subcommands: [List.self, Cat.self, Append.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the notes, with who edited last.")
        @OptionGroup var options: CommonOptions
        @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?
        @Flag(help: "One JSON object per note per line.") var json = false

        func run() throws {
            let notes = try options.controlClient().request(.noteList(workspace: workspace), \.documents)
            if json {
                for note in notes { print(try jsonLine(note)) }
                return
            }
            guard !notes.isEmpty else {
                print("no notes yet: huddle note append NAME TEXT starts one")
                return
            }
            let width = max(4, notes.map { WidthModel.assumed.width(of: TerminalText.sanitized($0.name)) }.max() ?? 4)
            print("NAME".padded(to: width) + "  CHARS  LAST EDITED BY")
            for note in notes {
                let size = String(note.size)
                print(TerminalText.sanitized(note.name).padded(to: width) + "  " + String(repeating: " ", count: max(0, 5 - size.count)) + size
                      + "  " + TerminalText.sanitized(note.lastEditor ?? "-"))
            }
        }
    }

    struct Cat: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a note's text.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The note.") var name: String
        @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?

        func run() throws {
            let text = try options.controlClient().request(.noteCat(name: name, workspace: workspace), \.text)
            // On a terminal, what teammates wrote is shown without escape sequences; piped, as it is.
            let shown = isatty(STDOUT_FILENO) == 1
                ? text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.sanitized($0) }.joined(separator: "\n")
                : text
            print(shown, terminator: shown.hasSuffix("\n") || shown.isEmpty ? "" : "\n")
        }
    }

    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Append text to a note (created if new); with no TEXT, read standard input.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The note.") var name: String
        @Argument(help: "The text to append (a newline is not added).") var text: String?
        @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?

        func run() throws {
            let body = text ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            guard !body.isEmpty else {
                printError("huddle: nothing to append")
                throw ExitCode(2)
            }
            print(try options.controlClient().request(.noteAppend(name: name, text: body, workspace: workspace), \.done))
        }
    }
}
