import ArgumentParser
import Foundation
import TernInference

struct TranslateCommand: TernCommand {
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

    @OptionGroup var model: ModelOptions
    @OptionGroup var search: SearchOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var threads: ThreadOptions
    @Option(help: "Print this many hypotheses per line (at most the beam size).")
    var nbest = 1
    @Flag(name: .customLong("line-buffered"), help: "Translate and flush each line as it arrives.")
    var lineBuffered = false

    func validate() throws {
        _ = try model.requireModel()
        guard nbest >= 1 && nbest <= search.beam else {
            throw ValidationError("--nbest must be between 1 and --beam (\(search.beam)), got \(nbest)")
        }
    }

    func execute() throws {
        DecodingWaitPolicy.apply()
        threads.apply()
        let bundle = try model.load()
        try search.prepare(bundle)
        let translator = Translator(bundle: bundle, settings: search.settings(nBest: nbest), batchSize: batch.batchSize)
        var lineNumber = 0
        func emit(_ outputs: [Translator.Output]) {
            var text = ""
            for output in outputs {
                text += format(output, lineNumber: lineNumber)
                lineNumber += 1
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if lineBuffered || isatty(STDIN_FILENO) != 0 {
            while let line = readLine(strippingNewline: true) { emit(translator.translate([line])) }
        } else {
            var lines: [String] = []
            while let line = readLine(strippingNewline: true) { lines.append(line) }
            emit(translator.translate(lines))
        }
    }

    /// The output lines for one input line: the translation, or its n-best list.
    func format(_ output: Translator.Output, lineNumber: Int) -> String {
        if nbest == 1 { return output.texts[0] + "\n" }
        if output.hypotheses.isEmpty { return "\(lineNumber) |||  ||| 0\n" }
        return zip(output.hypotheses, output.texts).map { hypothesis, translation in
            "\(lineNumber) ||| \(translation) ||| \(String(format: "%.4f", hypothesis.score))\n"
        }.joined()
    }
}
