import ArgumentParser
import Dispatch
import Foundation
import Glibc
import HuddleApp
import HuddleTUI

/// `huddle send NICK PATH... [--wait]`: offer files and folders.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Offer files or folders to a peer, encrypted; with --wait, show progress until it ends.",
        discussion: "Goes through the running huddle of this home; with none running, starts a short-lived peer for the transfer.")

    @OptionGroup var options: CommonOptions
    @Argument(help: "The peer's nickname or ID.") var nick: String
    @Argument(help: "Files and folders to send.") var paths: [String]
    @Flag(help: "Wait until the transfer ends, showing progress (Ctrl-C cancels it).") var wait = false
    @Flag(help: "Print the transfer as JSON (one object per line while waiting).") var json = false

    func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = paths.map { $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0) }
        for path in absolute where !FileManager.default.fileExists(atPath: path) {
            printError("huddle: \(path) does not exist")
            throw ExitCode(2)
        }
        let client = try options.controlClient()
        do {
            let response = try client.send(.send(peer: nick, paths: absolute))
            guard case let .transfers(transfers) = response, let info = transfers.first else {
                printError("huddle: \(response.failure ?? "the offer failed")")
                throw ExitCode(1)
            }
            try report(info)
            guard wait else { return }
            try follow(info, client: client)
        } catch ControlError.noRunningPeer {
            try await sendWithOwnPeer(absolute)
        }
    }

    /// No huddle runs for this home: start one for this transfer, wait for the peer, send,
    /// wait for the end.
    func sendWithOwnPeer(_ absolute: [String]) async throws {
        let running = try await RunningPeer.start(options)
        defer { Task { await running.stop() } }
        if !json { printError("huddle: no huddle was running for this home; started one for this transfer") }
        var info: TransferInfo?
        let deadline = Date().addingTimeInterval(15)
        var lastError: Error?
        while info == nil, Date() < deadline {
            do { info = try await running.peer.send(to: nick, paths: absolute) } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        guard let info else {
            printError("huddle: \(lastError.map { "\($0)" } ?? "\(nick) did not come online")")
            await running.stop()
            throw ExitCode(1)
        }
        try report(info)
        let client = try options.controlClient()
        let outcome: Result<Void, Error> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do {
                    try follow(info, client: client)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        await running.stop()
        try outcome.get()
    }

    func report(_ info: TransferInfo) throws {
        if json {
            print(try jsonLine(info))
        } else if !wait {
            print("offered \(describe(info)) to \(TerminalText.sanitized(info.nickname.isEmpty ? nick : info.nickname)): transfer \(info.shortID)")
        }
    }

    /// Follows the transfer until it ends; Ctrl-C cancels it. Exits 1 unless it is done.
    func follow(_ info: TransferInfo, client: ControlClient) throws {
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        let interrupted = InterruptFlag()
        let latest = LatestTransfer(info)
        let json = self.json
        interrupt.setEventHandler {
            interrupted.set()
            _ = try? client.send(.cancel(id: info.id))
            if json {
                // The JSON stream ends with the transfer's final state, as when it ends by itself.
                var final = latest.value
                if !final.isFinal {
                    final.state = .cancelled
                    final.reason = "interrupted (Ctrl-C)"
                }
                print((try? jsonLine(final)) ?? "")
                fflush(nil)
            }
            printError("\nhuddle: cancelled")
            Glibc.exit(130)
        }
        interrupt.resume()
        let terminal = isatty(STDOUT_FILENO) == 1 && !json
        var lastPrinted = Date.distantPast
        try client.stream(.watchTransfer(id: info.id)) { response in
            guard let current = response.transfers?.first else { return false }
            latest.value = current
            if json {
                print((try? jsonLine(current)) ?? "")
            } else if terminal {
                print("\r\u{1B}[K" + progressLine(current), terminator: "")
            } else if current.isFinal || Date().timeIntervalSince(lastPrinted) >= 1 {
                print(progressLine(current))
                lastPrinted = Date()
            }
            fflush(nil)
            return !current.isFinal
        }
        if terminal { print("") }
        if interrupted.isSet {
            // Ctrl-C: the handler cancels and exits 130; wait for it rather than racing it.
            Thread.sleep(forTimeInterval: 10)
        }
        let last = latest.value
        guard last.state == .done else {
            printError("huddle: transfer \(last.shortID) \(last.state.rawValue)\(last.reason.map { ": \(TerminalText.sanitized($0))" } ?? "")")
            throw ExitCode(1)
        }
    }

    func describe(_ info: TransferInfo) -> String {
        let names = info.names.prefix(3).map { TerminalText.sanitized($0) }.joined(separator: ", ")
        return "\(names)\(info.files > 1 ? " (\(info.files) files)" : ""), \(ByteCount.format(info.bytes))"
    }
}

/// The latest state of a followed transfer, for the Ctrl-C handler (another thread).
final class LatestTransfer: @unchecked Sendable {
    private let lock = NSLock()
    private var info: TransferInfo
    init(_ info: TransferInfo) { self.info = info }
    var value: TransferInfo {
        get { lock.withLock { info } }
        set { lock.withLock { info = newValue } }
    }
}

/// Set once Ctrl-C was pressed (from the signal handler's queue).
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// One line of progress: `report.pdf  [#####.....]  52%  2.1 MB/s  ETA 3 s  transferring`.
func progressLine(_ info: TransferInfo) -> String {
    let fraction = info.bytes == 0 ? (info.state == .done ? 1 : 0) : Double(info.bytesDone) / Double(info.bytes)
    let filled = Int((fraction * 20).rounded(.down))
    let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "]"
    var line = "\(TerminalText.sanitized(info.names.first ?? "?"))  \(bar) \(String(format: "%3d", Int(fraction * 100)))%"
    if let rate = info.bytesPerSecond, info.state == .transferring { line += "  \(ByteCount.format(UInt64(rate)))/s" }
    if let left = info.secondsLeft, info.state == .transferring { line += "  ETA \(Int(left.rounded(.up))) s" }
    return line + "  " + info.state.rawValue
}

/// `huddle transfers [--json]`.
struct TransfersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfers", abstract: "List offers and transfers with their IDs and states.")
    @OptionGroup var options: CommonOptions
    @Flag(help: "One JSON object per transfer per line.") var json = false

    func run() throws {
        let list = try options.controlClient().request(.transfers, \.transfers)
        if json {
            for info in list { print(try jsonLine(info)) }
            return
        }
        guard !list.isEmpty else {
            print("no transfers")
            return
        }
        for info in list {
            let arrow = info.direction == .outgoing ? "→" : "←"
            print("\(info.shortID)  \(arrow) \(TerminalText.sanitized(info.nickname).padded(to: 12))  \(progressLine(info))")
        }
    }
}

/// `huddle accept ID [--to DIR]`, `huddle reject ID`, `huddle cancel ID`.
struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept an offer into the downloads folder (or --to DIR).")
    @OptionGroup var options: CommonOptions
    @Argument(help: "The transfer ID (or its first characters).") var id: String
    @Option(help: ArgumentHelp("Receive into DIR.", valueName: "DIR")) var to: String?

    func run() throws {
        let folder = to.map { $0.hasPrefix("/") ? $0 : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent($0) }
        print(try options.controlClient().request(.accept(id: id, folder: folder), \.done))
    }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Decline an offer.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "The transfer ID (or its first characters).") var id: String

    func run() throws { print(try options.controlClient().request(.reject(id: id), \.done)) }
}

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a transfer, either way; both sides remove partial files.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "The transfer ID (or its first characters).") var id: String

    func run() throws { print(try options.controlClient().request(.cancel(id: id), \.done)) }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume an interrupted transfer now (it also resumes by itself when the peers meet again).")
    @OptionGroup var options: CommonOptions
    @Argument(help: "The transfer ID (or its first characters).") var id: String

    func run() throws { print(try options.controlClient().request(.resume(id: id), \.done)) }
}
