/// Character n-grams of orders 1…6 as chrF counts them, packed into ``NGramKey``s.
///
/// A code point needs at most 21 bits; stored plus one (0x110000 still fits), three fit in each 64-bit half.
enum CharacterNGram {
    static let maximumOrder = 6

    /// Extends `key`, an n-gram of order `offset`, by one code point to order `offset + 1`.
    @inline(__always)
    static func extend(_ key: inout NGramKey, with codePoint: UInt32, atOffset offset: Int) {
        if offset < 3 {
            key.high = key.high << 21 | UInt64(codePoint + 1)
        } else {
            key.low = key.low << 21 | UInt64(codePoint + 1)
        }
    }

    /// Clipped matches per order, Σ min(hypothesis count, reference count) over n-grams, as sacreBLEU's
    /// `_get_match_statistics` computes them.
    ///
    /// Rather than counting the hypothesis too, each hypothesis n-gram consumes one remaining reference occurrence:
    /// the number consumed is the same sum of minima, and only the reference's table is built.
    static func matches(
        hypothesis: PythonText.CodePoints, reference: PythonText.CodePoints, maximumOrder: Int, table: inout NGramCountTable
    ) -> [Int] {
        // Each start position extends one key through the orders, so every n-gram is built in constant time.
        table = table.cleared(forAtMost: reference.count * maximumOrder)
        for start in reference.indices {
            var key = NGramKey()
            for offset in 0..<min(maximumOrder, reference.count - start) {
                extend(&key, with: reference[start + offset], atOffset: offset)
                table.increment(key)
            }
        }
        var matches = Array(repeating: 0, count: maximumOrder)
        for start in hypothesis.indices {
            var key = NGramKey()
            orders: for offset in 0..<min(maximumOrder, hypothesis.count - start) {
                extend(&key, with: hypothesis[start + offset], atOffset: offset)
                switch table.consume(key) {
                case .consumed: matches[offset] += 1
                case .exhausted: continue
                // If the reference lacks this n-gram it lacks every longer one with the same prefix, too.
                case .absent: break orders
                }
            }
        }
        return matches
    }
}
