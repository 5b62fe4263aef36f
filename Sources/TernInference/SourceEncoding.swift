import TernModels
import TernText

extension SubwordModels {
    /// The ids the model reads for a source line — normalised, subword-encoded, at most `maxTokens` pieces, then
    /// `</s>` — the one place that spells this out for translation, attention export and validation. A line that
    /// normalisation empties gives `[</s>]` alone.
    public func encodeSource(_ line: String, maxTokens: Int = .max) -> [Int32] {
        let pieces = source.encode(line)
        return pieces.prefix(maxTokens).map(Int32.init) + [TokenBatch.eosId]
    }
}
