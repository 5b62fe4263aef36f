extension TranslationDetails: Encodable {
    /// The `details` object of `tern evaluate --details --json`: the counts, the rates computed from them, and the
    /// constants that define them, in snake_case like sacreBLEU's keys. `buckets`, `copies` and `copy_rate` are null
    /// without sources.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(segments, forKey: .segments)
        try container.encode(buckets, forKey: .buckets)
        try container.encode(worst, forKey: .worst)
        try container.encode(missed, forKey: .missed)
        try container.encode(inserted, forKey: .inserted)
        try container.encode(copies, forKey: .copies)
        try container.encode(copyRate, forKey: .copyRate)
        try container.encode(unknownTokens, forKey: .unknownTokens)
        try container.encode(unknownRate, forKey: .unknownRate)
        try container.encode(hypothesisWords, forKey: .hypothesisWords)
        try container.encode(referenceWords, forKey: .referenceWords)
        try container.encode(lengthRatio, forKey: .lengthRatio)
        try container.encode(repetitions, forKey: .repetitions)
        try container.encode(repetitionRate, forKey: .repetitionRate)
        try container.encode(Self.repetitionOrder, forKey: .repetitionOrder)
        try container.encode(Self.repetitionCount, forKey: .repetitionCount)
    }

    enum CodingKeys: String, CodingKey {
        case segments, buckets, worst, missed, inserted, copies, repetitions
        case copyRate = "copy_rate"
        case unknownTokens = "unk"
        case unknownRate = "unk_rate"
        case hypothesisWords = "hypothesis_words"
        case referenceWords = "reference_words"
        case lengthRatio = "length_ratio"
        case repetitionRate = "repetition_rate"
        case repetitionOrder = "repetition_order"
        case repetitionCount = "repetition_count"
    }
}

extension TranslationDetails.Bucket: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(minimumWords, forKey: .minimumWords)
        try container.encode(maximumWords, forKey: .maximumWords)
        try container.encode(segments, forKey: .segments)
        try container.encode(bleu, forKey: .bleu)
        try container.encode(chrF, forKey: .chrF)
    }

    enum CodingKeys: String, CodingKey {
        case label, segments, bleu
        case minimumWords = "min_words"
        case maximumWords = "max_words"
        case chrF = "chrf"
    }
}
