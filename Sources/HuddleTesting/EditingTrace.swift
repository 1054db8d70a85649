import Foundation

/// An editing trace in the josephg/editing-traces format, sequential or concurrent: what the
/// CRDT tests replay and `huddle-bench crdt` measures.
public struct EditingTrace: Sendable {
    /// One edit: delete `deleteCount` scalars at `position`, then insert `text` there.
    public struct Patch: Sendable {
        public var position: Int
        public var deleteCount: Int
        public var text: String
    }

    /// A transaction: patches one agent made on top of the versions `parents` name.
    public struct Txn: Sendable {
        public var parents: [Int]
        public var agent: Int
        public var patches: [Patch]
    }

    /// The file's name.
    public var name: String
    /// Whether the trace has real concurrency (`kind: "concurrent"`).
    public var isConcurrent: Bool
    /// The text before the first patch.
    public var startContent: String
    /// The text every replica must end with.
    public var endContent: String
    /// How many agents edit (at least 1).
    public var numAgents: Int
    /// The transactions in order.
    public var txns: [Txn]

    /// The number of patches.
    public var editCount: Int { txns.reduce(0) { $0 + $1.patches.count } }

    /// Reads a `.json` file, or a `.json.gz` file through `gzip -dc`.
    public static func load(path: String) throws -> EditingTrace {
        let data: Data
        if path.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw EditingTraceError(path: path, problem: "gzip could not read it") }
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let txns = json["txns"] as? [[String: Any]] else {
            throw EditingTraceError(path: path, problem: "is not an editing trace")
        }
        var out: [Txn] = []
        out.reserveCapacity(txns.count)
        for (i, t) in txns.enumerated() {
            let patches = (t["patches"] as? [[Any]] ?? []).map { p in
                Patch(position: (p[0] as? NSNumber)?.intValue ?? 0,
                      deleteCount: (p[1] as? NSNumber)?.intValue ?? 0,
                      text: p[2] as? String ?? "")
            }
            let parents = (t["parents"] as? [NSNumber])?.map(\.intValue) ?? (i == 0 ? [] : [i - 1])
            out.append(Txn(parents: parents, agent: (t["agent"] as? NSNumber)?.intValue ?? 0, patches: patches))
        }
        return EditingTrace(name: URL(fileURLWithPath: path).lastPathComponent,
                            isConcurrent: (json["kind"] as? String) == "concurrent",
                            startContent: json["startContent"] as? String ?? "",
                            endContent: json["endContent"] as? String ?? "",
                            numAgents: max(1, (json["numAgents"] as? NSNumber)?.intValue ?? 1), txns: out)
    }
}

/// A trace file that cannot be read.
public struct EditingTraceError: Error, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "\(path) \(problem)" }
}
