import Testing
@testable import HuddleTUI

@Suite("The cache of wrapped lines")
struct WrapCacheTests {
    @Test("a flood of maximum-length messages (64 KiB each) keeps the cache within its byte budget")
    func floodOfLongMessagesStaysInBudget() {
        let cache = WrapCache(maxEntries: 1024, maxBytes: 8 << 20)
        for index in 0..<120 {
            let text = String(repeating: "word\(index % 10) ", count: (64 << 10) / 6)
            let lines = cache.lines(text, width: 80, widths: .assumed) { WordWrap.wrap(text, width: 80, widths: .assumed) }
            #expect(!lines.isEmpty)
            #expect(cache.bytes <= cache.maxBytes, "after \(index + 1) messages: \(cache.bytes) bytes")
        }
    }

    @Test("a text too large for the budget on its own is wrapped, not kept")
    func oversizedTextNotKept() {
        let cache = WrapCache(maxEntries: 16, maxBytes: 4096)
        let text = String(repeating: "x", count: 10_000)
        _ = cache.lines(text, width: 40, widths: .assumed) { WordWrap.wrap(text, width: 40, widths: .assumed) }
        #expect(cache.bytes == 0)
    }

    @Test("a text seen before is served from the cache, the same lines")
    func hitServesTheSameLines() {
        let cache = WrapCache()
        var wraps = 0
        for _ in 0..<3 {
            _ = cache.lines("中文字 café 👍🏽 end", width: 10, widths: .graphemeClusters) {
                wraps += 1
                return WordWrap.wrap("中文字 café 👍🏽 end", width: 10, widths: .graphemeClusters)
            }
        }
        #expect(wraps == 1)
        #expect(cache.lines("中文字 café 👍🏽 end", width: 10, widths: .graphemeClusters) { [] }
                == WordWrap.wrap("中文字 café 👍🏽 end", width: 10, widths: .graphemeClusters))
    }
}
