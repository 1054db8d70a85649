/// Drop to send: decides whether a bracketed paste is files dropped on the terminal.
///
/// Terminals paste a dropped file as its path, quoted or escaped the way a shell would read it
/// (`'/home/a/My File.pdf'`, `/home/a/My\ File.pdf`, `"/tmp/x y"`) or as a `file://` URI with
/// percent-encoding; several files come separated by spaces or newlines. The paste counts as
/// dropped files only if every word is an absolute path that exists; anything else (a
/// sentence, a path that does not exist, a relative path) is text and is pasted as text.
public enum DroppedPaths {
    /// The most paths one paste may drop.
    public static let maxPaths = 1_000

    /// The paths in `paste`, in order, or `nil` when the paste is not only existing paths.
    /// `exists` answers for an absolute path (the caller's file system; this stays pure).
    public static func parse(_ paste: String, exists: (String) -> Bool) -> [String]? {
        guard let paths = paths(in: paste), paths.allSatisfy(exists) else { return nil }
        return paths
    }

    /// The paths in `paste` that do not exist, when every word of it is an absolute path or a
    /// `file://` URI and some are missing (a drop that names a file gone since, or a typo):
    /// nil for anything else.
    public static func missing(in paste: String, exists: (String) -> Bool) -> [String]? {
        let missing = paths(in: paste)?.filter { !exists($0) } ?? []
        return missing.isEmpty ? nil : missing
    }

    /// The paths `paste` names when every word of it is an absolute path or a local `file://`
    /// URI (at most ``maxPaths``); nil otherwise.
    static func paths(in paste: String) -> [String]? {
        guard let words = ShellWords.split(paste), !words.isEmpty, words.count <= maxPaths else { return nil }
        var paths: [String] = []
        for word in words {
            guard let path = path(of: word) else { return nil }
            paths.append(path)
        }
        return paths
    }

    /// The absolute path a word stands for: itself if it starts with `/`, the decoded path of
    /// a local `file://` URI; `nil` otherwise.
    static func path(of word: ShellWords.Word) -> String? {
        let text = word.text
        if text.contains("\0") { return nil }
        if !word.quoted, text.lowercased().hasPrefix("file://") { return FileURI.path(of: text) }
        return text.hasPrefix("/") ? text : nil
    }
}

/// Local `file://` URIs (RFC 8089) as terminals paste them.
enum FileURI {
    /// The path of `file:///p` or `file://localhost/p`, percent-decoded; `nil` for another
    /// host, a query or fragment, bad percent-encoding, invalid UTF-8 or a decoded NUL.
    static func path(of uri: String) -> String? {
        let rest = uri.dropFirst("file://".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let host = rest[rest.startIndex..<slash].lowercased()
        guard host.isEmpty || host == "localhost" else { return nil }
        let encoded = rest[slash...]
        guard !encoded.contains("?"), !encoded.contains("#") else { return nil }
        return percentDecode(encoded)
    }

    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0), let decoded = String(validating: bytes, as: UTF8.self) else { return nil }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
