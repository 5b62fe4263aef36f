import ArgumentParser
import Foundation
import TernDecode
import TernTensor
import TernTrain

struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate stdin to stdout, one line per line, in order.",
        discussion: """
        With a terminal on stdin, or --line-buffered, each line is translated and flushed as it arrives (the model is \
        loaded once). Otherwise all input is read, sorted by length into batches, and written back in input order. \
        Empty lines give empty lines. With --nbest K each input line gives K lines `LINE ||| TRANSLATION ||| SCORE` \
        (LINE counts from 0; SCORE is the log-probability divided by the length penalty), best first.
        """
    )

    @Option(help: "Model file written by `tern train`.")
    var model: String
    @Option(help: "Beam size (1 = greedy search).")
    var beam = 5
    @Option(name: .customLong("length-penalty"), help: "GNMT length penalty α (0 = none).")
    var lengthPenalty: Float = 0.6
    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32
    @Option(help: "Which weights: best, last or a step number.")
    var checkpoint = "best"
    @Option(help: "Print this many hypotheses per line (at most the beam size).")
    var nbest = 1
    @Option(name: .customLong("max-length-ratio"), help: "Longest output, as a multiple of the source length (plus 10).")
    var maxLengthRatio: Float = 1.5
    @Flag(name: .customLong("line-buffered"), help: "Translate and flush each line as it arrives.")
    var lineBuffered = false
    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard beam >= 1 else { throw ValidationError("--beam must be at least 1") }
        guard nbest >= 1 && nbest <= beam else { throw ValidationError("--nbest must be between 1 and --beam (\(beam))") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        do {
            if let threads { Kernels.setThreads(threads) }
            let bundle = try ModelBundle.load(path: model, checkpoint: try .init(checkpoint))
            let settings = SearchSettings(beamSize: beam, lengthPenalty: lengthPenalty, maxLengthRatio: maxLengthRatio,
                                          nBest: nbest)
            let translator = Translator(bundle: bundle, settings: settings, batchSize: batchSize)
            var lineNumber = 0
            func emit(_ outputs: [Translator.Output]) {
                var text = ""
                for output in outputs {
                    if nbest == 1 {
                        text += output.texts[0] + "\n"
                    } else if output.hypotheses.isEmpty {
                        text += "\(lineNumber) |||  ||| 0\n"
                    } else {
                        for (hypothesis, translation) in zip(output.hypotheses, output.texts) {
                            text += "\(lineNumber) ||| \(translation) ||| \(String(format: "%.4f", hypothesis.score))\n"
                        }
                    }
                    lineNumber += 1
                }
                FileHandle.standardOutput.write(text.data(using: .utf8)!)
            }
            if lineBuffered || isatty(STDIN_FILENO) != 0 {
                while let line = readLine(strippingNewline: true) { emit(translator.translate([line])) }
            } else {
                var lines: [String] = []
                while let line = readLine(strippingNewline: true) { lines.append(line) }
                emit(translator.translate(lines))
            }
        } catch let error as CustomStringConvertible & Error {
            StandardError.line("error: \(error.description)")
            throw ExitCode.failure
        }
    }
}
