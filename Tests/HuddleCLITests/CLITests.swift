import Foundation
import Testing

/// The real `huddle` binary, run as a user runs it.
enum HuddleBinary {
    /// `huddle`, built beside this test bundle.
    static var path: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = (executable as NSString).deletingLastPathComponent
        // The test runner may live inside the .xctest bundle folder.
        while !FileManager.default.isExecutableFile(atPath: folder + "/huddle"), folder.count > 1 {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return folder + "/huddle"
    }

    /// Runs huddle with `arguments`; returns exit code, stdout and stderr.
    /// `input`, if given, is its standard input.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }
}

@Suite("The huddle command line")
struct CLITests {
    let home = NSTemporaryDirectory() + "huddle-cli-\(UUID().uuidString)"

    @Test("huddle id prints the nickname, a stable peer ID and the fingerprint")
    func idIsStable() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let first = try HuddleBinary.run(["id", "--home", home, "--nick", "ada"])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("nickname     ada"))
        let second = try HuddleBinary.run(["id", "--home", home])
        let idLine = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("peer ID") } }
        #expect(idLine(first.out) != nil && idLine(first.out) == idLine(second.out))
        #expect(first.out.contains("fingerprint"))
    }

    @Test("a bad config file exits 2 naming the file, line and key")
    func badConfigExitsTwo() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "nickname = \"ada\"\ncolour = \"blue\"\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try HuddleBinary.run(["id", "--home", home])
        #expect(result.code == 2)
        #expect(result.err.contains("\(home)/config.toml:2: colour is not a setting huddle knows"))
    }

    @Test("control verbs with a broken config file and no huddle running exit 2 with the file and line, not 3",
          arguments: [["status"], ["peers"], ["log", "#general"], ["say", "#general", "hi"], ["transfers"]])
    func controlVerbsWithBrokenConfig(_ verb: [String]) throws {
        let home = NSTemporaryDirectory() + "huddle-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "nickname = \"ada\"\nport = \"many\"\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try HuddleBinary.run(verb + ["--home", home])
        #expect(result.code == 2, "\(verb): \(result.err)")
        #expect(result.err.contains("\(home)/config.toml:2"), "\(result.err)")
        #expect(!result.err.contains("no huddle is running"))
    }

    @Test("an explicitly asked --port that is taken ends with exit 2 naming who holds it, instead of a random port")
    func takenExplicitPortExitsTwo() throws {
        let home = NSTemporaryDirectory() + "huddle-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("0.0.0.0")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let result = try HuddleBinary.run(["daemon", "--home", home, "--nick", "ada", "--port", "\(port)", "--no-discovery"])
        #expect(result.code == 2, "\(result.err)")
        #expect(result.err.contains("port \(port) is taken by PID \(getpid())"), "\(result.err)")
    }

    @Test("-n with a negative number is refused with the reason, not 'Missing value'")
    func negativeCountSaysWhy() throws {
        let result = try HuddleBinary.run(["log", "#general", "-n", "-3", "--home", home])
        #expect(result.code == 2)
        #expect(result.err.contains("-n must be 0 or more"), "\(result.err)")
        #expect(!result.err.contains("Missing value"))
    }

    @Test("the top-level --help lists the options every verb takes")
    func topLevelHelpListsOptions() throws {
        let result = try HuddleBinary.run(["--help"])
        #expect(result.code == 0)
        for option in ["--home DIR", "--nick NAME", "--port N", "--peer HOST:PORT", "--interface NAME", "--no-discovery"] {
            #expect(result.out.contains(option), "\(option) missing from:\n\(result.out)")
        }
    }

    @Test("a bad option exits 2")
    func badOptionExitsTwo() throws {
        let result = try HuddleBinary.run(["id", "--frobnicate"])
        #expect(result.code == 2)
        #expect(result.err.contains("Unknown option"))
    }

    @Test("an identity key readable by others stops huddle with exit 1 and the fix")
    func openKeyExitsOne() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        _ = try HuddleBinary.run(["id", "--home", home])
        chmod(home + "/data/identity", 0o644)
        let result = try HuddleBinary.run(["id", "--home", home])
        #expect(result.code == 1)
        #expect(result.err.contains("chmod 600"))
    }

    @Test("the workspace without a terminal exits 2 with a clear message")
    func tuiNeedsTerminal() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try HuddleBinary.run(["--home", home])
        #expect(result.code == 2)
        #expect(result.err.contains("needs a terminal"))
    }
}
