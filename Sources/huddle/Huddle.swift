import ArgumentParser
import Foundation
import HuddleApp

/// `huddle`: the command line. With no verb it starts the TUI.
struct Huddle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle",
        abstract: "A serverless team workspace for the terminal.",
        subcommands: [TUICommand.self, IDCommand.self],
        defaultSubcommand: TUICommand.self
    )
}

/// Options every verb takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Keep everything (config, data, downloads) under DIR.", valueName: "DIR"))
    var home: String?

    @Option(name: .long, help: ArgumentHelp("Use NAME as your nickname for this run.", valueName: "NAME"))
    var nick: String?

    /// Loads the profile, or ends the process with the right code and a clear message.
    func profile() throws -> LocalProfile {
        do {
            return try LocalProfile.load(home: home, nickname: nick, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("huddle: \(error)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }
}
