import Foundation

/// The scores of one hypothesis file against one reference file, ready to print for people or machines.
public struct MetricsReport: Sendable, Equatable, Codable {
    /// BLEU, if requested.
    public let bleu: BLEUScore?
    /// Its signature, if BLEU was requested.
    public let bleuSignature: MetricSignature?
    /// chrF, if requested.
    public let chrF: ChrFScore?
    /// Its signature, if chrF was requested.
    public let chrFSignature: MetricSignature?
    /// TER, if requested.
    public let ter: TERScore?
    /// Its signature, if TER was requested.
    public let terSignature: MetricSignature?
    /// Number of segments scored.
    public let segmentCount: Int

    /// Scores in-memory segments with the requested metrics.
    /// - Throws: ``EvaluationError/lineCountMismatch(hypothesisCount:referenceCount:)`` if the counts differ.
    public init(hypotheses: [String], references: [String], metrics: [EvaluationMetric] = EvaluationMetric.defaults) throws {
        guard hypotheses.count == references.count else {
            throw EvaluationError.lineCountMismatch(hypothesisCount: hypotheses.count, referenceCount: references.count)
        }
        var bleu: BLEUScore?
        var bleuSignature: MetricSignature?
        var chrF: ChrFScore?
        var chrFSignature: MetricSignature?
        var ter: TERScore?
        var terSignature: MetricSignature?
        for metric in metrics {
            switch metric {
            case .bleu:
                let scorer = BLEU()
                bleu = try scorer.corpusScore(hypotheses: hypotheses, references: references)
                bleuSignature = scorer.signature
            case .chrf:
                let scorer = ChrF()
                chrF = try scorer.corpusScore(hypotheses: hypotheses, references: references)
                chrFSignature = scorer.signature
            case .ter:
                let scorer = TER()
                ter = try scorer.corpusScore(hypotheses: hypotheses, references: references)
                terSignature = scorer.signature
            }
        }
        self.bleu = bleu
        self.bleuSignature = bleuSignature
        self.chrF = chrF
        self.chrFSignature = chrFSignature
        self.ter = ter
        self.terSignature = terSignature
        self.segmentCount = hypotheses.count
    }

    /// Reads a hypothesis file and a reference file (see ``CorpusFile/readLines(atPath:)``) and scores them.
    /// - Throws: ``EvaluationError`` naming the file at fault; a line-count mismatch names both files and counts.
    public init(hypothesisPath: String, referencePath: String, metrics: [EvaluationMetric] = EvaluationMetric.defaults) throws {
        let hypotheses = try CorpusFile.readLines(atPath: hypothesisPath)
        let references = try CorpusFile.readLines(atPath: referencePath)
        guard hypotheses.count == references.count else {
            throw EvaluationError.fileLineCountMismatch(
                hypothesisPath: hypothesisPath, hypothesisCount: hypotheses.count,
                referencePath: referencePath, referenceCount: references.count
            )
        }
        try self.init(hypotheses: hypotheses, references: references, metrics: metrics)
    }

    /// sacreBLEU's text lines, one per metric: `BLEU = …`, `chrF2 = …`, `TER = …`, in that order.
    public var scoreLines: [String] {
        [bleu?.formatted, chrF?.formatted, ter?.formatted].compactMap { $0 }
    }

    /// One line per metric naming its signature, e.g. `BLEU signature: nrefs:1|…|version:2.6.0`.
    public var signatureLines: [String] {
        var lines: [String] = []
        if let bleuSignature { lines.append("BLEU signature: \(bleuSignature)") }
        if let chrF, let chrFSignature { lines.append("\(chrF.name) signature: \(chrFSignature)") }
        if let terSignature { lines.append("TER signature: \(terSignature)") }
        return lines
    }

    /// The report as JSON for machines: unrounded scores, sacreBLEU's field names, formatted lines and signatures;
    /// with `details`, also a `details` object (see ``TranslationDetails``).
    public func jsonString(details: TranslationDetails? = nil) throws -> String {
        var document: [String: MetricJSON] = [:]
        if let bleu, let bleuSignature {
            document["bleu"] = MetricJSON(
                name: "BLEU", line: bleu.formatted, signature: bleuSignature.description, bleu: bleu)
        }
        if let chrF, let chrFSignature {
            document["chrf"] = MetricJSON(
                name: chrF.name, line: chrF.formatted, signature: chrFSignature.description, chrF: chrF)
        }
        if let ter, let terSignature {
            document["ter"] = MetricJSON(name: "TER", line: ter.formatted, signature: terSignature.description, ter: ter)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(JSONDocument(segments: segmentCount, metrics: document, details: details))
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON layout: `{"segments": n, "metrics": {"bleu": {...}, "chrf": {...}, "ter": {...}}, "details": {...}}`,
    /// `details` left out unless asked for.
    private struct JSONDocument: Encodable {
        let segments: Int
        let metrics: [String: MetricJSON]
        let details: TranslationDetails?
    }

    /// One metric's JSON object: the score's own fields flattened next to name, line and signature.
    private struct MetricJSON: Encodable {
        let name: String
        let line: String
        let signature: String
        var bleu: BLEUScore? = nil
        var chrF: ChrFScore? = nil
        var ter: TERScore? = nil

        enum CodingKeys: String, CodingKey { case name, line, signature }

        func encode(to encoder: Encoder) throws {
            try bleu?.encode(to: encoder)
            try chrF?.encode(to: encoder)
            try ter?.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(line, forKey: .line)
            try container.encode(signature, forKey: .signature)
        }
    }
}
