import Foundation
import ArgumentParser

/// An editing trace (josephg/editing-traces format), sequential or concurrent.
struct TraceFile {
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
    var isConcurrent: Bool
    var startContent: String
    var endContent: String
    var numAgents: Int
    var txns: [Txn]

    var editCount: Int { txns.reduce(0) { $0 + $1.patches.count } }

    /// Reads a `.json` file, or a `.json.gz` file through `gzip -dc`.
    static func load(path: String) throws -> TraceFile {
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
            guard process.terminationStatus == 0 else { throw ValidationError("gzip failed on \(path)") }
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let txns = json["txns"] as? [[String: Any]] else {
            throw ValidationError("\(path) is not an editing trace")
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
        return TraceFile(isConcurrent: (json["kind"] as? String) == "concurrent",
                         startContent: json["startContent"] as? String ?? "",
                         endContent: json["endContent"] as? String ?? "",
                         numAgents: max(1, (json["numAgents"] as? NSNumber)?.intValue ?? 1), txns: out)
    }
}
