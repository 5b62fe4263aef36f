import Foundation

extension TranslationDetails {
    /// The analysis as text for people, one line per entry, printed by `tern evaluate --details` after the scores.
    ///
    /// Percentages and scores have two decimals, the length ratio three, as BLEU's line has.
    public var formattedLines: [String] {
        var lines = ["Details: \(segments) segments"]
        if let buckets {
            lines.append("By source length (words)  lines   BLEU  chrF2")
            for bucket in buckets {
                lines.append("  " + bucket.label.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + Self.rightAligned(String(bucket.segments), 7)
                    + Self.rightAligned(String(format: "%.2f", bucket.bleu), 7)
                    + Self.rightAligned(String(format: "%.2f", bucket.chrF), 7))
            }
        } else {
            lines.append("By source length: no source given (--src)")
        }
        lines.append("Worst \(worst.count) by sentence chrF2:")
        for sentence in worst {
            lines.append("  line \(sentence.line): chrF2 = \(String(format: "%.2f", sentence.chrF))")
            if let source = sentence.source { lines.append("    source:     \(source)") }
            lines.append("    reference:  \(sentence.reference)")
            lines.append("    hypothesis: \(sentence.hypothesis)")
        }
        lines.append("Most often missed: \(Self.list(missed))")
        lines.append("Most often inserted: \(Self.list(inserted))")
        if let copies {
            lines.append("Copies of the source: \(Self.share(copies, of: segments)) hypotheses")
        }
        lines.append("\(Self.unknownToken): \(Self.share(unknownTokens, of: hypothesisWords)) hypothesis words")
        lines.append("Length ratio: \(String(format: "%.3f", lengthRatio)) "
            + "(\(hypothesisWords) hypothesis words / \(referenceWords) reference words)")
        lines.append("Repeating a word \(Self.repetitionOrder)-gram \(Self.repetitionCount)+ times: "
            + "\(Self.share(repetitions, of: segments)) hypotheses")
        return lines
    }

    /// `3 of 40 (7.50%)`
    static func share(_ part: Int, of whole: Int) -> String {
        let percent = whole > 0 ? 100 * Double(part) / Double(whole) : 0
        return "\(part) of \(whole) (\(String(format: "%.2f", percent))%)"
    }

    /// `cat ×3, the ×2`, or `none`.
    static func list(_ counts: [WordCount]) -> String {
        counts.isEmpty ? "none" : counts.map { "\($0.word) ×\($0.count)" }.joined(separator: ", ")
    }

    static func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
