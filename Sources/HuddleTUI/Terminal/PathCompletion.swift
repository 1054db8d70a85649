import Foundation

/// The files and folders that can complete a path being typed (for `/send`): `~` is the home
/// folder, relative paths start in the current folder, folders end in `/`, and spaces and
/// quotes are escaped as `/send` reads them. At most 200, sorted; hidden ones only when the
/// typed name starts with a dot.
enum PathCompletion {
    static func candidates(for word: String) -> [String] {
        let typed = word.replacingOccurrences(of: "\\ ", with: " ")
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let namePrefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var folder = folderPart.isEmpty ? "." : folderPart
        if folder.hasPrefix("~") { folder = NSHomeDirectory() + folder.dropFirst() }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted().prefix(200).map { name in
                var isFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
                let escaped = (folderPart + name).replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: " ", with: "\\ ").replacingOccurrences(of: "'", with: "\\'").replacingOccurrences(of: "\"", with: "\\\"")
                return escaped + (isFolder.boolValue ? "/" : " ")
            }
    }
}
