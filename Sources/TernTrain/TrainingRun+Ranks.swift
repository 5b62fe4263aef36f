import Foundation
import TernModels
import TernNN
import TernTensor
import TernText

/// A training run shared by the ranks of a ``RankGroup`` (data parallelism): rank 0 starts or resumes the run as one
/// process would and calls ``lead(_:)``; every other rank gets its copy from ``follow(_:observers:)``. From then on
/// ``step()`` trains on this rank's share of each update and sums the gradients over the ranks before clipping, and
/// ``run()`` lets rank 0 alone validate and checkpoint, then passes its decision to the others (``followLeader()``).
extension TrainingRun {
    /// Whether this process validates, logs and writes the model file: rank 0, or the only process.
    public var isLeader: Bool { ranks?.isLeader ?? true }

    /// Rank 0: hands this run (settings, training pairs, weights, optimizer and resume state) to the other ranks,
    /// which wait for it in ``follow(_:observers:)``, and trains with them from now on.
    public func lead(_ group: RankGroup) throws {
        precondition(group.isLeader && ranks == nil, "lead(_:) is for rank 0 of a run not yet shared")
        _ = try group.broadcast(LeaderHandover(of: self).encoded())
        ranks = group
    }

    /// A rank above 0: the run that rank 0 hands over in ``lead(_:)``, with its settings, training pairs and state,
    /// and neither corpora nor model file of its own. `observers` hear this rank's events (rank 0 reports for all).
    public static func follow(_ group: RankGroup, observers: [TrainingObserver] = []) throws -> TrainingRun {
        precondition(!group.isLeader, "follow(_:) is for the ranks above 0")
        let handover = try LeaderHandover(decoding: group.broadcast([]))
        let header = handover.header
        let settings = header.settings
        if settings.threads > 0 { Kernels.setThreads(settings.threads) }
        let vocabulary = zip(header.vocabulary, header.frequencies).map { (token: $0, frequency: $1) }
        let merges = header.merges.map { (left: $0[0], right: $0[1]) }
        let subwords = try SubwordModels(config: header.subwordConfig, sourceMerges: merges, sourceVocabulary: vocabulary,
                                         targetMerges: merges, targetVocabulary: vocabulary)
        // No dev set: followers never validate.
        var data = TrainingData(subwords: subwords, trainPairs: handover.pairs, devSources: [], devTargetIds: [],
                                devSourceLines: [], devReferences: [], droppedEmpty: 0, droppedTooLong: 0,
                                trainSample: nil, unigramLoss: TrainingData.unigramLoss(of: handover.pairs))
        // With bpe_dropout: the lines each epoch segments afresh, as rank 0 segments them.
        data.trainLines = handover.lines
        let model = try ModelFactory.make(header.modelConfig, sourceVocabularySize: subwords.source.vocabulary.count,
                                          targetVocabularySize: subwords.target.vocabulary.count, seed: settings.seed)
        let weights = Dictionary(handover.parameters.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        for (name, parameter) in model.namedParameters() {
            guard let tensor = weights[name], tensor.shape == parameter.shape else {
                throw TrainingError.ranks("rank 0 sent no tensor '\(name)' of shape \(parameter.shape)")
            }
            parameter.value = tensor
        }
        let optimizer = settings.makeOptimizer()
        try optimizer.restore(step: header.optimizerStep, tensors: Dictionary(
            handover.optimizerState.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first }))
        guard let paths = TrainingPaths(record: header.paths, output: header.output) else {
            throw TrainingError.ranks("rank 0 sent no corpus paths")
        }
        let run = TrainingRun(paths: paths, settings: settings, modelConfig: header.modelConfig, model: model, data: data,
                              file: nil, optimizer: optimizer, state: header.state, resumed: header.resumed,
                              observers: observers)
        run.ranks = group
        return run
    }

    /// Whether this process trains on micro-batch `index` of an update: every one alone, every `size`-th with ranks,
    /// so that N ranks together take the batches one process with `accumulate` N would take, in the same order.
    func takes(microBatch index: Int) -> Bool {
        guard let ranks else { return true }
        return index % ranks.size == ranks.rank
    }

    /// A follower's dropout masks for the coming update come from generators seeded by (seed, rank, step): the ranks
    /// draw different masks, and a resumed run draws the same ones, with only rank 0's generators in the model file.
    /// Rank 0 keeps its own streams, so one rank under MPI trains exactly as one process.
    func reseedFollowerDropout() {
        guard let ranks, !ranks.isLeader else { return }
        var index: UInt64 = 0
        for (_, module) in model.namedModules() {
            guard let dropout = module as? Dropout else { continue }
            index += 1
            dropout.generator = SeededGenerator(seed: settings.seed ^ (UInt64(ranks.rank) &* 0xD1B5_4A32_D192_ED03)
                                                ^ (UInt64(state.step) &* 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xF1357AEA2E62A9C5))
        }
    }

    /// Replaces this rank's gradients, loss sum and token count of an update by their sums over the ranks.
    func sumOverRanks(lossSum: inout Double, tokens: inout Int) throws {
        guard let ranks else { return }
        var totals = [lossSum, Double(tokens)]
        try ranks.sum(gradientsOf: parameters.map(\.parameter), totals: &totals)
        lossSum = totals[0]
        tokens = Int(totals[1])
    }

    /// Rank 0's decision after a step, on every rank (see ``LeaderDecision``): the others stop when and as it stops and
    /// adopt its validation state. A no-op for one process.
    func followLeader() throws {
        guard let ranks else { return }
        let decision = LeaderDecision(stopReason: stopReason, state: state)
        let received = try ranks.broadcast(ranks.isLeader ? Array(try JSONEncoder().encode(decision)) : [])
        guard !ranks.isLeader else { return }
        let leader = try JSONDecoder().decode(LeaderDecision.self, from: Data(received))
        guard (leader.step, leader.epoch, leader.batchPosition) == (state.step, state.epoch, state.batchPosition) else {
            throw TrainingError.ranks("rank \(ranks.rank) is at step \(state.step) (epoch \(state.epoch), batch "
                                      + "\(state.batchPosition)), rank 0 at step \(leader.step) (epoch \(leader.epoch), batch \(leader.batchPosition))")
        }
        stopReason = leader.stopReason
        state.plateau = leader.plateau
        state.bestMetric = leader.bestMetric
        state.validationsWithoutImprovement = leader.validationsWithoutImprovement
    }
}
