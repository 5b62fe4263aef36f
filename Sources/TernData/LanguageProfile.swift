/// What the first pairs of a corpus say about its two sides: the scripts each side mostly uses and its marker words
/// (frequent on that side, rare on the other: function words like "the"/"and" against "el"/"y"). Learned from a
/// sample so that the corpus is still read once.
public struct LanguageProfile: Sendable {
    /// Per side (0 source, 1 target): the ``Script/bit``s used by at least `scriptShare` of its non-empty lines.
    public var dominantScripts: [UInt32]
    /// Per side: hashes (``LineFeatures/hash(ofWord:)``) of its marker words, sorted (a binary search over at most
    /// 100 numbers beats a `Set`'s SipHash for every word of the corpus).
    public var markers: [[UInt64]]

    /// How many of the most frequent words of a side are candidates for markers.
    static let markerCandidates = 100
    /// A candidate is a marker if its relative frequency on the other side is below this fraction of its own.
    static let markerRarity = 0.1

    /// - Parameter sides: the features of the sample's lines, per side (valid lines only).
    public init(sides: [[LineFeatures]], scriptShare: Double) {
        dominantScripts = sides.map { lines in
            let nonEmpty = lines.filter { $0.words > 0 }
            var mask: UInt32 = 0
            for script in Script.allCases {
                let using = nonEmpty.reduce(0) { $0 + ($1.scripts & script.bit != 0 ? 1 : 0) }
                if !nonEmpty.isEmpty && Double(using) >= scriptShare * Double(nonEmpty.count) { mask |= script.bit }
            }
            return mask
        }
        let counts = sides.map { lines -> [UInt64: Int] in
            var counts: [UInt64: Int] = [:]
            for line in lines { for hash in line.wordHashes { counts[hash, default: 0] += 1 } }
            return counts
        }
        let totals = counts.map { Double(max(1, $0.values.reduce(0, +))) }
        markers = (0..<2).map { side in
            let other = 1 - side
            let candidates = counts[side].sorted { ($0.value, $0.key) > ($1.value, $1.key) }.prefix(Self.markerCandidates)
            return candidates.filter { hash, count in
                Double(counts[other][hash] ?? 0) / totals[other] < Self.markerRarity * Double(count) / totals[side]
            }.map(\.key).sorted()
        }
    }

    /// Whether a line of `side` reads as the other side's language: at least two of the other side's marker words,
    /// and at least twice as many as of its own.
    public func looksLikeOtherSide(_ features: LineFeatures, side: Int) -> (own: Int, other: Int)? {
        var own = 0, other = 0
        for hash in features.wordHashes {
            if Self.contains(markers[side], hash) { own += 1 } else if Self.contains(markers[1 - side], hash) { other += 1 }
        }
        return other >= 2 && other >= 2 * own ? (own, other) : nil
    }

    static func contains(_ sorted: [UInt64], _ value: UInt64) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }
}
