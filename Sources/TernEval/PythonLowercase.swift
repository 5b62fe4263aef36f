extension PythonText {
    static let capitalSigma: UInt32 = 0x03A3
    static let smallSigma: UInt32 = 0x03C3
    static let finalSigma: UInt32 = 0x03C2

    /// Python's `str.lower()`: each code point's full lowercase mapping (so `İ` becomes `i` plus a combining dot),
    /// and the one context-dependent rule Python applies, Final_Sigma.
    ///
    /// Swift's `lowercased()` maps code point by code point and writes `Σ` always as `σ`; Python writes `ς` at the end
    /// of a word (`ΟΔΟΣ` → `οδος`), so a Greek word would be a different token to TER without this rule.
    static func lowercased(_ text: CodePoints) -> CodePoints {
        var output = CodePoints()
        output.reserveCapacity(text.count)
        for (index, codePoint) in text.enumerated() {
            if codePoint < 0x80 {
                output.append(codePoint >= 0x41 && codePoint <= 0x5A ? codePoint + 0x20 : codePoint)
            } else if codePoint == capitalSigma {
                output.append(isFinalSigma(in: text, at: index) ? finalSigma : smallSigma)
            } else if let scalar = Unicode.Scalar(codePoint) {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars.map { $0.value })
            } else {
                output.append(codePoint)
            }
        }
        return output
    }

    /// Unicode's Final_Sigma condition as CPython tests it: a cased letter before the sigma (case-ignorable code
    /// points such as `'` or `.` skipped), and no cased letter after it (skipping the same).
    static func isFinalSigma(in text: CodePoints, at index: Int) -> Bool {
        func properties(_ codePoint: UInt32) -> Unicode.Scalar.Properties? { Unicode.Scalar(codePoint)?.properties }
        var before = index - 1
        while before >= 0, properties(text[before])?.isCaseIgnorable == true { before -= 1 }
        guard before >= 0, properties(text[before])?.isCased == true else { return false }
        var after = index + 1
        while after < text.count, properties(text[after])?.isCaseIgnorable == true { after += 1 }
        return after == text.count || properties(text[after])?.isCased != true
    }
}
