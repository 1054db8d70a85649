import Foundation

/// Whether `body` mentions `nickname`: `@nick` or the nickname as a whole word, any case.
func mentions(_ body: String, nickname: String) -> Bool {
    guard !nickname.isEmpty else { return false }
    let lowered = body.lowercased(), nick = nickname.lowercased()
    var searchStart = lowered.startIndex
    while let range = lowered.range(of: nick, range: searchStart..<lowered.endIndex) {
        let before = range.lowerBound == lowered.startIndex ? nil : lowered[lowered.index(before: range.lowerBound)]
        let after = range.upperBound == lowered.endIndex ? nil : lowered[range.upperBound]
        let isWordStart = before.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
        let isWordEnd = after.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
        if isWordStart && isWordEnd { return true }
        searchStart = range.upperBound
    }
    return false
}

/// Whether `body` mentions you: your `nickname` (see ``mentions(_:nickname:)``) or one of your
/// `keywords`, each as a whole word in any case.
func mentions(_ body: String, nickname: String, keywords: [String]) -> Bool {
    mentions(body, nickname: nickname) || keywords.contains { mentions(body, nickname: $0) }
}
