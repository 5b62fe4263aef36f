import Foundation

extension DataCheckReport {
    /// The report as Markdown (also what `tern check-data` prints): the corpus, a table of counts per class, then
    /// each class found with up to `examples` findings.
    public func markdown(examples: Int = 10) -> String {
        var text = "# Data check: \(sourcePath) / \(targetPath)\n\n"
        text += overview.map { "- \($0)\n" }.joined() + "\n"
        text += "| defect | pairs | first lines |\n|---|---:|---|\n"
        for defect in DefectClass.allCases {
            let found = findings(of: defect)
            text += "| \(defect.rawValue) | \(found.count) | \(found.prefix(5).map(\.lineRange).joined(separator: ", ")) |\n"
        }
        for defect in classesFound {
            let found = findings(of: defect)
            text += "\n## \(defect.rawValue): \(found.count) \(defect.summary)\n\n"
            for finding in found.prefix(examples) { text += "- line \(finding.lineRange): \(finding.detail)\n" }
            if found.count > examples { text += "- … and \(found.count - examples) more\n" }
        }
        return text
    }

    /// The facts above the table, shared by the Markdown and HTML forms.
    var overview: [String] {
        let scripts = dominantScripts.map { $0.isEmpty ? "none" : $0.map(\.description).joined(separator: ", ") }
        var lines = ["lines: \(sourceLines.formatted()) source, \(targetLines.formatted()) target; \(pairs.formatted()) pairs"]
        lines.append("flagged: \(flagged.count.formatted()) pairs; clean: \(cleanPairs.formatted()) pairs")
        lines.append("scripts mostly used: source \(scripts[0]); target \(scripts[1])")
        lines.append(String(format: "thresholds: length ratio ≥ %g (OpusFilter, words), max length %d words, runs of %d+, script share %g; profile from the first %d pairs",
                            settings.maxLengthRatio, settings.maxLength, settings.minimumRun, settings.scriptShare, settings.profilePairs))
        lines.append(String(format: "checked in %.2f s", seconds))
        return lines
    }
}

extension Finding {
    /// "12", or "12–15" for a block.
    public var lineRange: String { line == lastLine ? "\(line)" : "\(line)–\(lastLine)" }
}

extension Int {
    /// Thousands separated by commas, whatever the locale: reports read the same everywhere.
    func formatted() -> String {
        let digits = String(Swift.abs(self))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
