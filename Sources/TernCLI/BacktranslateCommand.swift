import ArgumentParser
import Foundation
import TernDecode
import TernInference
import TernText

/// `tern backtranslate`: target-language monolingual text through a target→source model into synthetic training
/// pairs (Sennrich et al. 2016): `PREFIX.src` holds the model's translations (synthetic sources), `PREFIX.tgt` the
/// monolingual lines as read, line for line; train on them with `tern train --src-extra PREFIX.src --tgt-extra
/// PREFIX.tgt [--extra-tag <BT>]`. Beam search by default; `--sample` draws each token instead (Edunov et al. 2018
/// found sampled back-translations the more useful at scale).
struct BacktranslateCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtranslate",
        abstract: "Translate target-language text with a target→source model into synthetic training pairs."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var search: SearchOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var threads: ThreadOptions
    @Option(help: "Monolingual text in the model's source language (the target language of the system to train), one sentence per line.")
    var mono: String
    @Option(help: "Prefix of the outputs PREFIX.src (translations) and PREFIX.tgt (the monolingual lines).")
    var output: String
    @Flag(help: "Sample each token from the model (greedy order; --beam is not used) instead of beam search.")
    var sample = false
    @Option(name: .customLong("top-k"), help: "With --sample: keep the k most probable tokens (0 = all).")
    var topK = 0
    @Option(name: .customLong("top-p"), help: "With --sample: keep the most probable tokens up to this probability (1 = all).")
    var topP: Float = 1
    @Option(help: "With --sample: divide the logits by this before sampling.")
    var temperature: Float = 1
    @Option(help: "With --sample: the seed of the draws.")
    var seed: UInt64 = 1

    func validate() throws {
        _ = try model.requireModel()
        guard topK >= 0 else { throw ValidationError("--top-k must be 0 (all) or positive, got \(topK)") }
        guard topP > 0 && topP <= 1 else { throw ValidationError("--top-p must be in (0, 1], got \(topP)") }
        guard temperature > 0 else { throw ValidationError("--temperature must be positive, got \(temperature)") }
        if !sample && (topK != 0 || topP != 1 || temperature != 1) {
            throw ValidationError("--top-k, --top-p and --temperature shape --sample; add --sample or drop them")
        }
    }

    /// Lines per round of translation: enough for full, length-sorted batches, few enough for frequent progress.
    var chunkLines: Int { batch.batchSize * 16 }

    func execute() throws {
        threads.apply()
        let bundle = try model.load()
        let lines = try LineReader.lines(ofFile: mono)
        try search.prepare(bundle)
        var settings = search.settings()
        if sample {
            settings.beamSize = 1
            settings.nBest = 1
            settings.sampling = Sampling(topK: topK, topP: topP, temperature: temperature, seed: seed)
        }
        var translator = Translator(bundle: bundle, settings: settings, batchSize: batch.batchSize)
        let sourceOut = try OutputFile(path: output + ".src"), targetOut = try OutputFile(path: output + ".tgt")
        var progress = ThroughputLine(unit: "lines")
        var done = 0
        for (round, start) in stride(from: 0, to: lines.count, by: chunkLines).enumerated() {
            let chunk = Array(lines[start..<min(lines.count, start + chunkLines)])
            // Sampling seeds each sentence by its place in a batch; a new seed per round keeps rounds from repeating draws.
            if sample { translator.settings.sampling?.seed = seed &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15 }
            let translations = translator.translate(chunk).map { $0.texts[0] }
            try sourceOut.write(translations.map { $0 + "\n" }.joined())
            try targetOut.write(chunk.map { $0 + "\n" }.joined())
            done += chunk.count
            progress.report(done: done, fraction: Double(done) / Double(lines.count))
        }
        progress.finish()
        try sourceOut.close()
        try targetOut.close()
        StandardError.line("back-translated \(lines.count) lines of \(mono): synthetic sources in \(output).src, the lines themselves in \(output).tgt")
    }
}
