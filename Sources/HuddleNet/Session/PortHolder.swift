#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Who listens on a TCP port, from /proc (Linux): to say, when a port asked for is taken,
/// which program has it.
public enum PortHolder {
    /// "PID 1234 (nginx)" for the process listening on `port`, or nil when it cannot be told
    /// (another user's process, or not Linux).
    public static func describe(port: Int) -> String? {
        guard let inode = listeningInode(port: port) else { return nil }
        let target = "socket:[\(inode)]"
        guard let processes = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for pid in processes where pid.allSatisfy(\.isNumber) {
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { continue }
            for fd in fds where (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) == target {
                let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                return "PID \(pid) (\(name))"
            }
        }
        return nil
    }

    /// The socket inode listening on `port`, from /proc/net/tcp6 and /proc/net/tcp.
    static func listeningInode(port: Int) -> String? {
        let hexPort = String(format: "%04X", port)
        for table in ["/proc/net/tcp6", "/proc/net/tcp"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                guard fields.count > 9, fields[1].hasSuffix(":" + hexPort), fields[3] == "0A" else { continue }
                return String(fields[9])
            }
        }
        return nil
    }
}
