/// Never overwrite: picks the first free name for something arriving in a folder, the way
/// browsers do. `report.pdf` becomes `report (1).pdf`, `archive.tar.gz` becomes
/// `archive (1).tar.gz`, the folder `photos` becomes `photos (1)`.
///
/// Pure: the caller says which names are taken. Creating the file must still be exclusive
/// (`O_EXCL`, `mkdir`, a no-replace rename), since the folder can change in between.
public enum UniqueName {
    /// The most numbered variants tried before giving up.
    public static let maxAttempts = 9_999

    /// Double extensions kept together when numbering (`.tar.gz` and friends).
    static let compressedTarSuffixes: Set<String> = ["gz", "bz2", "xz", "zst", "lz", "lzma", "lz4", "z", "br"]

    /// The first of `name`, `stem (1).ext`, `stem (2).ext`, ... for which `exists` is false,
    /// or `nil` after ``maxAttempts``. A `directory` has no extension. Each candidate stays
    /// within `maxBytes` of UTF-8 by shortening the stem (never the number or extension).
    public static func resolve(_ name: String, isDirectory: Bool = false, maxBytes: Int = ReceivedPath.maxComponentBytes,
                               exists: (String) -> Bool) -> String? {
        if !exists(name) { return name }
        let (stem, ext) = isDirectory ? (name, "") : split(name)
        for number in 1...maxAttempts {
            let candidate = numbered(stem: stem, ext: ext, number: number, maxBytes: maxBytes)
            if !exists(candidate) { return candidate }
        }
        return nil
    }

    /// `stem (number)ext`, with the stem shortened at a character boundary to fit `maxBytes`.
    public static func numbered(stem: String, ext: String, number: Int, maxBytes: Int = ReceivedPath.maxComponentBytes) -> String {
        let suffix = " (\(number))" + ext
        var kept = Substring(stem)
        while kept.utf8.count + suffix.utf8.count > maxBytes, !kept.isEmpty { kept = kept.dropLast() }
        return String(kept) + suffix
    }

    /// Splits `name` into stem and extension (with its dot): `report.pdf` -> (`report`, `.pdf`),
    /// `archive.tar.gz` -> (`archive`, `.tar.gz`), `.bashrc` -> (`.bashrc`, ``),
    /// `notes v1.2` -> (`notes v1.2`, ``): an extension is 1-8 letters or digits with at least
    /// one letter, and the stem must not be empty.
    public static func split(_ name: String) -> (stem: String, ext: String) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let last = parts.last, isExtension(last), !parts.dropLast().joined(separator: ".").isEmpty else {
            return (name, "")
        }
        var extCount = 1
        if parts.count >= 3, compressedTarSuffixes.contains(last.lowercased()), parts[parts.count - 2].lowercased() == "tar",
           !parts.dropLast(2).joined(separator: ".").isEmpty {
            extCount = 2
        }
        let stem = parts.dropLast(extCount).joined(separator: ".")
        let ext = "." + parts.suffix(extCount).joined(separator: ".")
        return (stem, ext)
    }

    static func isExtension(_ text: Substring) -> Bool {
        (1...8).contains(text.count)
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            && text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}
