import TernModels
import TernText

/// Sentence pairs a validation scores: sources as the model reads them (ending in `</s>`), targets as ids for the
/// teacher-forced loss, and references as text for BLEU and chrF. The dev set is one; a fixed sample of the training
/// pairs is another, so that the gap between the two measures overfitting.
public struct EvaluationSet: Sendable {
    public var sources: [[Int32]]
    public var targetIds: [[Int32]]
    public var references: [String]

    public var count: Int { sources.count }

    public init(sources: [[Int32]], targetIds: [[Int32]], references: [String]) {
        precondition(sources.count == targetIds.count && sources.count == references.count, "an evaluation set's parts must align")
        (self.sources, self.targetIds, self.references) = (sources, targetIds, references)
    }

    /// `count` training pairs chosen with `seed` (the same pairs on every run and resume of a training), in corpus
    /// order; the references are the targets detokenised, i.e. the normalised training text.
    static func sample(of pairs: [TokenPair], count: Int, seed: UInt64, subwords: SubwordModels) -> EvaluationSet {
        var generator = SplitMixGenerator(seed: seed ^ 0x7472_6169_6E5F_7361)  // "train_sa": apart from the batch order's stream
        let chosen = Array(pairs.indices.shuffled(using: &generator).prefix(count)).sorted()
        return EvaluationSet(sources: chosen.map { pairs[$0].source + [TokenBatch.eosId] },
                             targetIds: chosen.map { pairs[$0].target },
                             references: chosen.map { subwords.target.decode(pairs[$0].target.map(Int.init)) })
    }
}
