/// Interns tokens as small integers so that word n-grams can be packed into fixed-size keys.
///
/// Tokens are compared as code-point arrays, not `String`s, because Swift's string equality is canonical
/// equivalence and Python's is not: "é" and "e\u{301}" are different tokens to sacreBLEU.
struct TokenVocabulary {
    private var identifiersByToken: [ArraySlice<UInt32>: UInt32] = [:]

    mutating func identifiers(for tokens: [ArraySlice<UInt32>]) -> [UInt32] {
        tokens.map { token in
            if let identifier = identifiersByToken[token] { return identifier }
            let identifier = UInt32(identifiersByToken.count)
            identifiersByToken[token] = identifier
            return identifier
        }
    }
}

/// Word n-grams of orders 1…4 as BLEU counts them (sacreBLEU's `extract_all_word_ngrams`), packed into
/// ``NGramKey``s: two token identifiers, each stored plus one, in each 64-bit half.
enum WordNGram {
    static let maximumOrder = 4

    /// Calls `body` with every n-gram occurrence of orders 1…`maximumOrder` and its order.
    ///
    /// Each start position extends one key through the orders, so every n-gram is built in constant time.
    @inline(__always)
    static func forEach(in tokens: [UInt32], maximumOrder: Int, _ body: (NGramKey, Int) -> Void) {
        precondition(maximumOrder >= 1 && maximumOrder <= Self.maximumOrder, "word n-grams are limited to order 4")
        for start in tokens.indices {
            var key = NGramKey()
            for offset in 0..<min(maximumOrder, tokens.count - start) {
                let stored = UInt64(tokens[start + offset]) + 1
                if offset < 2 {
                    key.high = key.high << 32 | stored
                } else {
                    key.low = key.low << 32 | stored
                }
                body(key, offset + 1)
            }
        }
    }
}
