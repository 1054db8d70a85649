import ArgumentParser
import Foundation
import HuddleApp
import HuddleCore

/// `huddle`: the command line. With no verb it starts the TUI.
struct Huddle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle",
        abstract: "A serverless team workspace for the terminal.",
        discussion: """
        With no verb, huddle starts the full-screen workspace. Options every verb takes:
          --home DIR          keep everything (config, data, downloads) under DIR
          --nick NAME         use NAME as your nickname for this run
          --port N            listen on port N (default 47474)
          --peer HOST:PORT    also dial that peer (repeatable)
          --interface NAME    discover peers on that interface (repeatable)
          --no-discovery      no LAN discovery
        'huddle help VERB' shows a verb's own options.
        """,
        subcommands: [TUICommand.self, DaemonCommand.self, IDCommand.self, PeersCommand.self, StatusCommand.self,
                      TrustCommand.self, SayCommand.self, DirectMessageCommand.self, LogCommand.self,
                      ReplyCommand.self, ReactCommand.self, EditCommand.self, DeleteCommand.self, ShowCommand.self, SearchCommand.self, HereCommand.self, AwayCommand.self, DoNotDisturbCommand.self, NotifyCommand.self, NoteCommand.self, SendCommand.self, TransfersCommand.self, AcceptCommand.self,
                      RejectCommand.self, CancelCommand.self, ResumeCommand.self,
                      WorkspaceCommand.self, InviteCommand.self, InvitesCommand.self, JoinCommand.self, DeclineCommand.self],
        defaultSubcommand: TUICommand.self
    )
}

/// Options every verb takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Keep everything (config, data, downloads) under DIR.", valueName: "DIR"))
    var home: String?

    @Option(name: .long, help: ArgumentHelp("Use NAME as your nickname for this run.", valueName: "NAME"))
    var nick: String?

    @Option(name: .long, help: ArgumentHelp("Listen for sessions on port N (default 47474, else any free port).", valueName: "N"))
    var port: Int?

    @Option(name: .customLong("peer"), help: ArgumentHelp("Also dial the peer at HOST:PORT (repeatable).", valueName: "HOST:PORT"))
    var peers: [PeerAddress] = []

    @Option(name: .customLong("interface"), help: ArgumentHelp("Discover peers on interface NAME only (repeatable).", valueName: "NAME"))
    var interfaces: [String] = []

    @Flag(name: .customLong("no-discovery"), help: "Do not use multicast DNS: dial --peer, configured and known peers only.")
    var noDiscovery = false

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535") }
    }

    /// The network options from the command line over the config file.
    func network(_ config: Config) -> NetworkOptions {
        NetworkOptions(port: port ?? config.port ?? NetworkOptions.defaultPort, portIsExplicit: port != nil || config.port != nil,
                       staticPeers: peers + config.peers,
                       interfaces: interfaces, discovery: !noDiscovery)
    }

    /// A client for the running peer of this home. When none runs and the config file is
    /// broken (the likely reason none runs), says what is wrong with it, with its line, and
    /// ends with exit code 2 rather than 3.
    func controlClient() throws -> ControlClient {
        let environment = ProcessInfo.processInfo.environment
        let folders = Folders.resolve(home: home, environment: environment)
        if !FileManager.default.fileExists(atPath: folders.controlSocket) {
            do {
                _ = try Config.load(path: folders.configFile, environment: environment)
            } catch {
                printError("huddle: \(error)")
                throw ExitCode(2)
            }
        }
        return ControlClient(path: folders.controlSocket)
    }

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

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

extension ControlClient {
    /// Sends a request and returns what `answer` takes from the response; on failure (or an
    /// answer of another kind) prints why and ends with the exit code the README gives (3 when
    /// no peer runs, 1 otherwise).
    func request<T>(_ request: ControlRequest, timeout: Int = 10, _ answer: (ControlResponse) -> T?) throws -> T {
        do {
            let response = try send(request, timeout: timeout)
            if case let .failure(reason) = response {
                printError("huddle: \(reason)")
                throw ExitCode(1)
            }
            guard let value = answer(response) else {
                printError("huddle: the running huddle answered something else than asked")
                throw ExitCode(1)
            }
            return value
        } catch let error as ControlError {
            printError("huddle: \(error)")
            if case .noRunningPeer = error { throw ExitCode(3) }
            throw ExitCode(1)
        }
    }
}
