import Foundation
import TernText

/// Checks a parallel corpus for the defects of ``DefectClass`` in one streaming pass: memory grows with the number
/// of distinct pairs (one 64-bit hash each, for duplicates) and of findings, never with the text.
///
/// The first ``DataCheckSettings/profilePairs`` pairs are held back to learn a ``LanguageProfile`` (scripts and
/// marker words), then checked like the rest. Per pair, the checks run in this order, and the first three end the
/// pair's checks, so that each defect is reported once where it explains the rest: invalid UTF-8, an empty side, a
/// duplicate of an earlier pair (its content was checked at its first occurrence); then copy, length ratio,
/// over-long, numbers, script and language (a copy is not also reported as the wrong language).
public struct DataChecker {
    public var settings: DataCheckSettings

    public init(settings: DataCheckSettings = DataCheckSettings()) {
        self.settings = settings
    }

    /// Progress: pairs checked, bytes read and bytes in all (both files).
    public typealias Progress = (_ pairs: Int, _ bytesRead: Int, _ bytesTotal: Int) -> Void

    /// Checks the corpus `sourcePath` / `targetPath`.
    ///
    /// - Throws: ``DataCheckError/unreadableFile(path:reason:)`` or ``DataCheckError/invalidThreshold(option:reason:)``.
    public func check(sourcePath: String, targetPath: String, progress: Progress? = nil) throws -> DataCheckReport {
        try settings.validate()
        let start = Date()
        let source = try LineStream(path: sourcePath), target = try LineStream(path: targetPath)
        var inspector = PairInspector(settings: settings)
        var held: [(number: Int, source: [UInt8], target: [UInt8], sourceOffset: Int, targetOffset: Int)] = []
        var sourceLast: LineStream.Line?, targetLast: LineStream.Line?
        var pairs = 0
        func report() { progress?(pairs, source.bytesRead + target.bytesRead, source.size + target.size) }
        while true {
            sourceLast = source.next()
            targetLast = target.next()
            guard let sourceLine = sourceLast, let targetLine = targetLast else { break }
            pairs += 1
            if inspector.profile == nil {
                held.append((sourceLine.number, Array(sourceLine.bytes), Array(targetLine.bytes), sourceLine.fileOffset, targetLine.fileOffset))
                if held.count == settings.profilePairs {
                    inspector.learnProfile(from: held.map { ($0.source, $0.target) })
                    for pair in held { inspector.inspect(pair.number, pair.source[...], pair.target[...], pair.sourceOffset, pair.targetOffset) }
                    held = []
                }
            } else {
                inspector.inspect(sourceLine.number, sourceLine.bytes, targetLine.bytes, sourceLine.fileOffset, targetLine.fileOffset)
            }
            if pairs & 0xFFFF == 0 { report() }
        }
        if inspector.profile == nil {
            inspector.learnProfile(from: held.map { ($0.source, $0.target) })
            for pair in held { inspector.inspect(pair.number, pair.source[...], pair.target[...], pair.sourceOffset, pair.targetOffset) }
        }
        inspector.endRun()
        // The longer file's remaining lines have no partner.
        var sourceLines = pairs, targetLines = pairs
        if sourceLast != nil {
            var line = sourceLast
            while let current = line {
                sourceLines = current.number
                inspector.record(.lineCountMismatch, Finding(line: current.number, detail: "source line without a target line"))
                line = source.next()
            }
        } else if targetLast != nil {
            var line = targetLast
            while let current = line {
                targetLines = current.number
                inspector.record(.lineCountMismatch, Finding(line: current.number, detail: "target line without a source line"))
                line = target.next()
            }
        }
        report()
        let profile = inspector.profile!
        return DataCheckReport(
            sourcePath: sourcePath, targetPath: targetPath, sourceLines: sourceLines, targetLines: targetLines,
            settings: settings, findings: inspector.findings, flagged: inspector.flagged,
            dominantScripts: profile.dominantScripts.map { mask in Script.allCases.filter { mask & $0.bit != 0 } },
            seconds: Date().timeIntervalSince(start))
    }
}

/// The per-pair checks and what they have found so far.
struct PairInspector {
    let settings: DataCheckSettings
    var profile: LanguageProfile?
    var findings: [DefectClass: [Finding]] = [:]
    var flagged = FlaggedLines()
    /// First line of each distinct pair, by a 64-bit hash of its bytes (a collision among a million pairs has a
    /// probability near 3·10⁻⁸).
    private var seen: [Int: Int] = [:]
    private var runStart = 0, runLength = 0
    private var features = [LineFeatures(), LineFeatures()]
    private let normalizer = Normalizer()

    init(settings: DataCheckSettings) {
        self.settings = settings
    }

    mutating func learnProfile(from pairs: [(source: [UInt8], target: [UInt8])]) {
        var sides: [[LineFeatures]] = [[], []]
        for pair in pairs {
            for (side, bytes) in [pair.source, pair.target].enumerated() {
                guard let text = Self.text(bytes[...]) else { continue }
                var lineFeatures = LineFeatures()
                LineFeatures.of(text, into: &lineFeatures)
                sides[side].append(lineFeatures)
            }
        }
        profile = LanguageProfile(sides: sides, scriptShare: settings.scriptShare)
    }

    mutating func record(_ defect: DefectClass, _ finding: Finding) {
        findings[defect, default: []].append(finding)
        if defect != .lineCountMismatch && defect != .misalignedBlock { flagged.insert(finding.line) }
    }

    /// Ends the current run of outliers, recording it when it is long enough.
    mutating func endRun() {
        if runLength >= settings.minimumRun {
            let last = runStart + runLength - 1
            record(.misalignedBlock, Finding(line: runStart, lastLine: last, detail: "lines \(runStart)–\(last): \(runLength) consecutive outliers"))
        }
        runLength = 0
    }

    static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) ? String(decoding: $0, as: UTF8.self) : nil }
    }

    mutating func inspect(_ line: Int, _ sourceBytes: ArraySlice<UInt8>, _ targetBytes: ArraySlice<UInt8>, _ sourceOffset: Int, _ targetOffset: Int) {
        let sides = [sourceBytes, targetBytes], names = ["source", "target"], offsets = [sourceOffset, targetOffset]
        var invalid: [String] = []
        for side in 0..<2 {
            if let offset = sides[side].withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset($0) }) {
                invalid.append("\(names[side]) byte \(offset + 1) of the line (file offset \(offsets[side] + offset))")
            }
        }
        if !invalid.isEmpty {
            endRun()
            record(.invalidUTF8, Finding(line: line, detail: invalid.joined(separator: ", ")))
            return
        }
        let texts = [String(decoding: sourceBytes, as: UTF8.self), String(decoding: targetBytes, as: UTF8.self)]
        LineFeatures.of(texts[0], into: &features[0])
        LineFeatures.of(texts[1], into: &features[1])
        let words = [features[0].words, features[1].words]
        if words[0] == 0 || words[1] == 0 {
            endRun()
            let detail = words[0] == 0 && words[1] == 0 ? "both sides empty" : "\(names[words[0] == 0 ? 0 : 1]) empty"
            record(.emptySide, Finding(line: line, detail: detail))
            return
        }
        var hasher = Hasher()
        sourceBytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(0xFF as UInt8)  // never in UTF-8: "ab"+"c" and "a"+"bc" differ
        targetBytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        let key = hasher.finalize()
        if let first = seen[key] {
            endRun()
            record(.duplicate, Finding(line: line, detail: "same pair as line \(first)"))
            return
        }
        seen[key] = line
        var outlier = false
        let isCopy = words[0] == words[1] && normalizer.normalize(texts[0]) == normalizer.normalize(texts[1])
        if isCopy { record(.copy, Finding(line: line, detail: "target repeats the source")) }
        let (shorter, longer) = (min(words[0], words[1]), max(words[0], words[1]))
        let ratio = Double(longer) / Double(shorter)
        if ratio >= settings.maxLengthRatio {
            outlier = true
            record(.lengthRatio, Finding(line: line, detail: String(format: "ratio %.2f (%d source / %d target words)", ratio, words[0], words[1])))
        }
        if longer > settings.maxLength {
            let sides = (0..<2).filter { words[$0] > settings.maxLength }.map { "\(names[$0]) \(words[$0]) words" }
            record(.overLong, Finding(line: line, detail: sides.joined(separator: ", ") + " > \(settings.maxLength)"))
        }
        if features[0].numbers != features[1].numbers {
            outlier = true
            func list(_ numbers: [String]) -> String { numbers.isEmpty ? "none" : numbers.joined(separator: " ") }
            record(.numberMismatch, Finding(line: line, detail: "source \(list(features[0].numbers)), target \(list(features[1].numbers))"))
        }
        if let profile {
            var foreign: [String] = []
            for side in 0..<2 where profile.dominantScripts[side] != 0 && features[side].scripts & ~profile.dominantScripts[side] != 0 {
                if let scalar = texts[side].unicodeScalars.first(where: { scalar in
                    Script.of(scalar).map { profile.dominantScripts[side] & $0.bit == 0 } ?? false
                }) {
                    foreign.append("\(names[side]): \(Script.of(scalar)!) letter ‘\(scalar)’ (U+\(String(scalar.value, radix: 16, uppercase: true)))")
                }
            }
            if !foreign.isEmpty {
                outlier = true
                record(.foreignScript, Finding(line: line, detail: foreign.joined(separator: "; ")))
            }
            if !isCopy {
                var wrong: [String] = []
                for side in 0..<2 {
                    if let hits = profile.looksLikeOtherSide(features[side], side: side) {
                        wrong.append("\(names[side]) reads as the \(names[1 - side]) side (\(hits.other) of its marker words, \(hits.own) of its own)")
                    }
                }
                if !wrong.isEmpty {
                    outlier = true
                    record(.wrongLanguage, Finding(line: line, detail: wrong.joined(separator: "; ")))
                }
            }
        }
        if outlier {
            if runLength == 0 { runStart = line }
            runLength += 1
        } else {
            endRun()
        }
    }
}
