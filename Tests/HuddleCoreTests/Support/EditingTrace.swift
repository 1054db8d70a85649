import Foundation

/// One editing trace from `Benchmarks/editing-traces` (josephg/editing-traces format).
struct EditingTrace {
    struct Patch {
        var position: Int
        var deleteCount: Int
        var text: String
    }
    struct Txn {
        var parents: [Int]
        var agent: Int
        var patches: [Patch]
    }
    var name: String
    var isConcurrent: Bool
    var startContent: String
    var endContent: String
    var numAgents: Int
    var txns: [Txn]

    /// The folder of the traces, found from this file's path.
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/editing-traces")
    }

    /// Loads `name` (a path relative to the traces folder), decompressing with `gzip -dc`.
    static func load(_ name: String) throws -> EditingTrace {
        let url = folder.appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let txns = json["txns"] as? [[String: Any]] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let concurrent = (json["kind"] as? String) == "concurrent"
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
        return EditingTrace(name: name, isConcurrent: concurrent,
                            startContent: json["startContent"] as? String ?? "",
                            endContent: json["endContent"] as? String ?? "",
                            numAgents: (json["numAgents"] as? NSNumber)?.intValue ?? 1, txns: out)
    }
}
