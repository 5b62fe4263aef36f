import Foundation
import XCTest

/// Every command's bad usage, bad data and missing file exit with the documented code (64, 65, 66) and a message that
/// names the problem; Ctrl-C during training exits with 130 after saving a checkpoint.
final class ExitStatusTests: XCTestCase {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-cli-\(UUID().uuidString)")
    nonisolated(unsafe) static var trainedModel: String?
    /// What training `trainedModel` printed on stderr.
    nonisolated(unsafe) static var trainingLog = ""

    var directory: URL { Self.directory }
    var slice: String { TernProcess.root.appendingPathComponent("corpora/bible-en-es-slice").path }
    var missing: String { directory.appendingPathComponent("missing.tern").path }

    /// A text file where a model or corpus should be.
    var notAModel: String {
        let path = directory.appendingPathComponent("not-a-model.tern").path
        try? "just text\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    override class func setUp() {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var tinyConfig: String {
        get throws {
            try write("tiny.yaml", """
                family: transformer
                d_model: 16
                heads: 2
                d_ff: 32
                encoder_layers: 1
                decoder_layers: 2
                bpe_merges: 60
                batch_tokens: 200
                threads: 1
                samples: 0
                attention_plots: 0
                log_every: 1
                """)
        }
    }

    func trainArguments(output: String, _ extra: [String] = []) throws -> [String] {
        ["train", "--config", try tinyConfig, "--src-train", "\(slice)/train.en", "--tgt-train", "\(slice)/train.es",
         "--src-dev", "\(slice)/dev.en", "--tgt-dev", "\(slice)/dev.es", "--output", output] + extra
    }

    /// A tiny model trained for two steps, once for the whole class.
    func model() throws -> String {
        if let trained = Self.trainedModel { return trained }
        let path = directory.appendingPathComponent("tiny.tern").path
        let result = try TernProcess.run(try trainArguments(output: path, ["--set", "max_steps=2"]))
        XCTAssertEqual(result.status, 0, result.standardError)
        Self.trainedModel = path
        Self.trainingLog = result.standardError
        return path
    }

    func assertExit(_ arguments: [String], input: String = "", status: Int32, error expected: String,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try TernProcess.run(arguments, input: input, file: file, line: line)
        XCTAssertEqual(result.status, status, "tern \(arguments.joined(separator: " ")): \(result.standardError)", file: file, line: line)
        XCTAssertEqual(result.firstErrorLine, expected, file: file, line: line)
    }

    // MARK: translate

    func testTranslate() throws {
        try assertExit(["translate", "--model", missing], status: 66, error: "error: model file \(missing) does not exist")
        let text = notAModel
        try assertExit(["translate", "--model", text], status: 65, error: "error: \(text) is not a Tern model: it is not an SQLite database (a text file, another format, or a file whose header is damaged). Check the path; if it was a model, restore it from a backup.")
        try assertExit(["translate", "--model", try model(), "--beam", "0"], status: 64, error: "Error: --beam must be at least 1, got 0")
        try assertExit(["translate", "--model", try model(), "--checkpoint", "7"], input: "hello\n", status: 64,
                       error: "error: \(try model()) has no checkpoint at step 7; it has steps 2")
        try assertExit(["translate", "--model", try model(), "--checkpoint", "newest"], status: 64,
                       error: "Error: The value 'newest' is invalid for '--checkpoint <checkpoint>'")
        let result = try TernProcess.run(["translate", "--model", try model(), "--beam", "2"], input: "In the beginning\n\nGod\n")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).count, 4, "three lines and the final newline")
        try assertExit(["translate", "--model", try model(), "--compute", "int16"], status: 64,
                       error: "Error: The value 'int16' is invalid for '--compute <compute>'. Please provide one of 'float32' and 'int8'.")
        let quantised = try TernProcess.run(["translate", "--model", try model(), "--compute", "int8", "--no-repeat-ngram", "2"],
                                            input: "In the beginning\n\nGod\n")
        XCTAssertEqual(quantised.status, 0, quantised.standardError)
        XCTAssertEqual(quantised.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).count, 4)
    }

    // MARK: attention

    func testAttention() throws {
        let out = directory.appendingPathComponent("plots").path
        try assertExit(["attention", "--model", missing, "--output-dir", out], status: 66, error: "error: model file \(missing) does not exist")
        let text = notAModel
        try assertExit(["attention", "--model", text, "--output-dir", out], status: 65, error: "error: \(text) is not a Tern model: it is not an SQLite database (a text file, another format, or a file whose header is damaged). Check the path; if it was a model, restore it from a backup.")
        try assertExit(["attention", "--model", try model(), "--output-dir", out, "--head", "first"], status: 64,
                       error: "Error: The value 'first' is invalid for '--head <head>'")
        try assertExit(["attention", "--model", try model(), "--output-dir", out, "--layer", "3"], input: "God\n", status: 64,
                       error: "error: --layer 3: the model has decoder layers 1–2")
    }

    // MARK: evaluate

    func testEvaluate() throws {
        let reference = try write("ref.txt", "a b c\nd e f\n")
        try assertExit(["evaluate", "--hyp", missing, "--ref", reference], status: 66, error: "error: no such file: '\(missing)'")
        let short = try write("short.txt", "a b c\n")
        try assertExit(["evaluate", "--hyp", short, "--ref", reference], status: 65,
                       error: "error: line counts differ: hypotheses '\(short)' has 1 lines, references '\(reference)' has 2 lines")
        try assertExit(["evaluate", "--hyp", short, "--ref", reference, "--model", try model(), "--src", short], status: 64,
                       error: "Error: give either --hyp FILE (score translations) or --model M --src S (translate, then score), not both")
        try assertExit(["evaluate", "--model", missing, "--src", short, "--ref", short], status: 66,
                       error: "error: model file \(missing) does not exist")
        try assertExit(["evaluate", "--hyp", short, "--ref", short, "--metrics", "meteor"], status: 64,
                       error: "Error: --metrics: unknown metric 'meteor' (known: bleu, chrf, ter)")
    }

    // MARK: train

    func testTrain() throws {
        let output = directory.appendingPathComponent("train-errors.tern").path
        try assertExit(try trainArguments(output: output, ["--set", "optimizer=adagrad"]), status: 64,
                       error: "error: config key 'optimizer': must be adam, adamw or sgd, got 'adagrad'")
        var arguments = try trainArguments(output: output)
        arguments[arguments.firstIndex(of: "\(slice)/train.en")!] = missing
        try assertExit(arguments, status: 66, error: "error: cannot read \(missing): no such file")
        let shortTarget = try write("short.es", "uno\ndos\n")
        arguments = try trainArguments(output: output)
        arguments[arguments.firstIndex(of: "\(slice)/train.es")!] = shortTarget
        try assertExit(arguments, status: 65,
                       error: "error: line counts differ: \(slice)/train.en has 500 lines but \(shortTarget) has 2")
        try assertExit(["train", "--resume", missing], status: 66, error: "error: model file \(missing) does not exist")
        try assertExit(try trainArguments(output: output, ["--src-extra", "bt.src"]), status: 64,
                       error: "Error: --src-extra and --tgt-extra go in pairs, got 1 and 0")
        // The main corpus's warnings come first; then the missing extra file stops the run.
        let missingExtra = try TernProcess.run(try trainArguments(output: output, ["--src-extra", missing, "--tgt-extra", "\(slice)/train.es"]))
        XCTAssertEqual(missingExtra.status, 66)
        XCTAssertEqual(missingExtra.standardError.split(separator: "\n").last.map(String.init), "error: cannot read \(missing): no such file")
        try assertExit(["train", "--resume", try model(), "--set", "max_steps=abc"], status: 64,
                       error: "error: config key 'max_steps': expected an integer, got 'abc'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "no model file from runs that never started")
    }

    /// A new run warns about the defects `tern check-data` finds in its training pairs, one line per class, and trains.
    func testTrainWarnsAboutDefectsBeforeLearningBPE() throws {
        _ = try model()  // trained (once per class) on the slice, which has two length-ratio outliers
        let log = Self.trainingLog
        let warnings = log.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        XCTAssertEqual(warnings, ["warning: \(slice)/train.en / \(slice)/train.es: 2 length-ratio outliers (lines 262, 263)",
                                  "warning: `tern check-data \(slice)/train.en \(slice)/train.es` shows them all"])
        let bpeLine = log.split(separator: "\n").firstIndex { $0.hasPrefix("BPE: ") }
        XCTAssertLessThan(log.split(separator: "\n").firstIndex { $0.hasPrefix("warning: ") } ?? .max, bpeLine ?? -1)
    }

    /// Ctrl-C: the run saves a checkpoint and exits with 130; `--resume` continues it.
    func testTrainInterruptedExitsWith130() throws {
        let output = directory.appendingPathComponent("interrupted.tern").path
        let process = Process()
        process.executableURL = TernProcess.executable
        process.arguments = try trainArguments(output: output, ["--set", "max_steps=100000"])
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("step 1") {  // the first progress line: the loop is running
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        seen += String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, seen)
        XCTAssertTrue(seen.contains("; continue with --resume \(output)"), seen)
        let resumed = try TernProcess.run(["train", "--resume", output, "--set", "max_steps=1"])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
    }

    // MARK: vocab

    func testVocab() throws {
        let prefix = directory.appendingPathComponent("bpe").path
        try assertExit(["vocab", "--merges", "10", "--output", prefix], status: 64,
                       error: "Error: give the corpus to learn from with --src-train and --tgt-train")
        try assertExit(["vocab", "--src-train", missing, "--tgt-train", "\(slice)/train.es", "--merges", "10", "--output", prefix],
                       status: 66, error: "error: cannot read \(missing): no such file")
        let shortTarget = try write("short2.es", "uno\n")
        try assertExit(["vocab", "--src-train", "\(slice)/train.en", "--tgt-train", shortTarget, "--merges", "10", "--output", prefix],
                       status: 65, error: "error: line counts differ: \(slice)/train.en has 500 lines but \(shortTarget) has 1")
        // The old spelling still works.
        let old = try TernProcess.run(["vocab", "--train-src", "\(slice)/train.en", "--train-tgt", "\(slice)/train.es",
                                       "--merges", "10", "--output", prefix])
        XCTAssertEqual(old.status, 0, old.standardError)
    }

    // MARK: info

    func testCheckData() throws {
        let (source, target) = ("\(slice)/dev.en", "\(slice)/dev.es")
        try assertExit(["check-data", missing, target], status: 66, error: "error: cannot read \(missing): no such file")
        try assertExit(["check-data", source, target, "--report", "r.txt"], status: 64, error: "Error: --report must end in .md or .html, got r.txt")
        try assertExit(["check-data", source, target, "--max-ratio", "1"], status: 64, error: "error: --max-ratio must be above 1, got 1.0")
        let unwritable = directory.appendingPathComponent("no-such-folder/clean").path
        try assertExit(["check-data", source, target, "--write-clean", unwritable], status: 73,
                       error: "error: cannot write \(unwritable).en: No such file or directory")
        // Defects are findings: a corpus with a line-count mismatch is reported and the command succeeds.
        let shortTarget = try write("check-short.es", "uno\n")
        let result = try TernProcess.run(["check-data", source, shortTarget, "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual(json?["source_lines"] as? Int, 40)
        XCTAssertEqual(json?["pairs"] as? Int, 1)
        let classes = json?["classes"] as? [[String: Any]]
        XCTAssertEqual(classes?.first?["defect"] as? String, "line_count_mismatch")
        XCTAssertEqual(classes?.first?["count"] as? Int, 39)
    }

    func testBacktranslate() throws {
        let mono = "\(slice)/dev.es"
        let prefix = directory.appendingPathComponent("bt").path
        try assertExit(["backtranslate", "--model", missing, "--mono", mono, "--output", prefix], status: 66,
                       error: "error: model file \(missing) does not exist")
        let tiny = try model()
        try assertExit(["backtranslate", "--model", tiny, "--mono", missing, "--output", prefix], status: 66,
                       error: "error: cannot read \(missing): no such file")
        try assertExit(["backtranslate", "--model", tiny, "--mono", mono, "--output", prefix, "--top-k", "5"], status: 64,
                       error: "Error: --top-k, --top-p and --temperature shape --sample; add --sample or drop them")
        let unwritable = directory.appendingPathComponent("no-such-folder/bt").path
        try assertExit(["backtranslate", "--model", tiny, "--mono", mono, "--output", unwritable], status: 73,
                       error: "error: cannot write \(unwritable).src: cannot create it")
        let five = try write("five.es", try String(contentsOfFile: mono, encoding: .utf8).split(separator: "\n").prefix(5).joined(separator: "\n") + "\n")
        for extra in [["--beam", "2"], ["--sample", "--top-k", "10", "--temperature", "0.8"]] {
            let result = try TernProcess.run(["backtranslate", "--model", tiny, "--mono", five, "--output", prefix] + extra)
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertEqual(result.standardOutput, "")
            XCTAssertEqual(result.standardError.split(separator: "\n").last.map(String.init),
                           "back-translated 5 lines of \(five): synthetic sources in \(prefix).src, the lines themselves in \(prefix).tgt")
            XCTAssertEqual(try String(contentsOfFile: prefix + ".tgt", encoding: .utf8), try String(contentsOfFile: five, encoding: .utf8))
            XCTAssertEqual(try String(contentsOfFile: prefix + ".src", encoding: .utf8).filter { $0 == "\n" }.count, 5)
        }
    }

    func testInfo() throws {
        try assertExit(["info"], status: 64, error: "Error: Missing expected argument '<model>'")
        try assertExit(["info", missing], status: 66, error: "error: No model file at \(missing): check the path, or create the model first.")
        let text = notAModel
        try assertExit(["info", text], status: 65, error: "error: \(text) is not a Tern model: it is not an SQLite database (a text file, another format, or a file whose header is damaged). Check the path; if it was a model, restore it from a backup.")
        let config = try write("bad.yaml", "family: transformer\nd_modle: 16\n")
        try assertExit(["info", config], status: 64, error: "error: unknown key 'd_modle' for a transformer model")
    }

    // MARK: export

    func testExport() throws {
        let exported = directory.appendingPathComponent("release.tern").path
        try? FileManager.default.removeItem(atPath: exported)
        try assertExit(["export", missing, "--output", exported], status: 66, error: "error: model file \(missing) does not exist")
        let source = try model()
        try assertExit(["export", source, "--output", source], status: 73,
                       error: "error: \(source) already exists; refusing to overwrite it (choose another --output or move the file away)")
        try assertExit(["export", source, "--output", exported, "--checkpoint", "7"], status: 64,
                       error: "error: \(source) has no checkpoint at step 7; it has steps 2")
        try assertExit(["export", source, "--output", exported, "--average", "3"], status: 64,
                       error: "error: --average 3: \(source) holds 1 checkpoint (steps 2); train with --set keep_last=3 to keep enough")
        try assertExit(["export", source, "--output", exported, "--average", "2", "--checkpoint", "last"], status: 64,
                       error: "Error: --average averages the newest checkpoints; it cannot be combined with --checkpoint")
        XCTAssertFalse(FileManager.default.fileExists(atPath: exported), "no file is left behind by a refusal")

        let result = try TernProcess.run(["export", source, "--output", exported, "--compute", "int8"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.hasPrefix("exported \(exported) (int8, step 2): "), result.standardError)
        let original = try TernProcess.run(["translate", "--model", source, "--compute", "int8", "--beam", "1"], input: "In the beginning\nGod\n")
        let translated = try TernProcess.run(["translate", "--model", exported, "--beam", "1"], input: "In the beginning\nGod\n")
        XCTAssertEqual(translated.status, 0, translated.standardError)
        XCTAssertEqual(translated.standardOutput, original.standardOutput)
        let info = try TernProcess.run(["info", exported])
        XCTAssertEqual(info.status, 0, info.standardError)
        XCTAssertTrue(info.standardOutput.contains("exported from \(source) (step 2, weights stored as int8)"), info.standardOutput)
        try assertExit(["train", "--resume", exported], status: 65, error: "error: cannot resume: \(exported) is an export of \(source) "
                       + "(weights only, no optimizer or resume state); resume \(source) itself")

        // A damaged export: bytes changed inside the weights, then the file cut short.
        let damaged = directory.appendingPathComponent("damaged.tern").path
        try? FileManager.default.removeItem(atPath: damaged)
        try FileManager.default.copyItem(atPath: exported, toPath: damaged)
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: damaged))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size - 2048)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 16))
        try handle.close()
        let corrupted = try TernProcess.run(["translate", "--model", damaged], input: "God\n")
        XCTAssertEqual(corrupted.status, 65, corrupted.standardError)
        XCTAssertTrue(corrupted.firstErrorLine.hasPrefix("error: \(damaged) is damaged ("), corrupted.standardError)
        try FileHandle(forUpdatingAtPath: damaged).map { try $0.truncate(atOffset: size / 2); try $0.close() }
        let truncated = try TernProcess.run(["translate", "--model", damaged], input: "God\n")
        XCTAssertEqual(truncated.status, 65, truncated.standardError)
        XCTAssertTrue(truncated.firstErrorLine.hasPrefix("error: \(damaged) is damaged ("), truncated.standardError)
    }

    // MARK: tensorboard

    func testTensorBoard() throws {
        let output = directory.appendingPathComponent("tb").path
        try assertExit(["tensorboard", missing, "--output", output], status: 66,
                       error: "error: No model file at \(missing): check the path, or create the model first.")
        let text = notAModel
        try assertExit(["tensorboard", text, "--output", output], status: 65, error: "error: \(text) is not a Tern model: it is not an SQLite database (a text file, another format, or a file whose header is damaged). Check the path; if it was a model, restore it from a backup.")
        let blocked = try write("blocked", "a file where the directory should go\n") + "/tb"
        let result = try TernProcess.run(["tensorboard", try model(), "--output", blocked])
        XCTAssertEqual(result.status, 73, result.standardError)
        XCTAssertTrue(result.firstErrorLine.hasPrefix("error: cannot create \(blocked): "), result.firstErrorLine)
        // Two steps at log_every 1 and one validation: 2 × 4 train scalars and 10 dev scalars (loss, perplexity, BLEU,
        // chrF, GL, the unigram loss, and the train sample's loss, perplexity, BLEU and chrF; no P5 before five strips).
        let done = try TernProcess.run(["tensorboard", try model(), "--output", output])
        XCTAssertEqual(done.status, 0, done.standardError)
        let files = try FileManager.default.contentsOfDirectory(atPath: output)
        XCTAssertEqual(files.count, 1)
        // (No per-layer statistics: they are taken at validations every 1000 steps, and the run stopped at 2.)
        XCTAssertEqual(done.standardOutput, "wrote 18 scalars from 3 log rows and 0 histograms to \(output)/\(files[0])\n")
        XCTAssertTrue(files[0].hasPrefix("events.out.tfevents."), files[0])
    }

    // MARK: diagnose, plot, lr-find

    func testDiagnose() throws {
        try assertExit(["diagnose", missing], status: 66, error: "error: No model file at \(missing): check the path, or create the model first.")
        try assertExit(["diagnose", try model(), "--plot", "fit.jpg"], status: 64, error: "Error: --plot must end in .png or .svg, got 'fit.jpg'")
        let result = try TernProcess.run(["diagnose", try model(), "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        // Two steps, one validation: the tiny model has learned nothing beyond word frequencies.
        XCTAssertEqual((json["fit"] as! [String: Any])["verdict"] as? String, "underfitting")
        XCTAssertEqual((json["scores"] as! [String: Any]).keys.sorted(), ["copy the source", "model (greedy, last validation)"])
    }

    func testPlot() throws {
        let out = directory.appendingPathComponent("charts").path
        try assertExit(["plot", missing, "--output-dir", out], status: 66, error: "error: No model file at \(missing): check the path, or create the model first.")
        let result = try TernProcess.run(["plot", try model(), "--output-dir", out, "--format", "svg"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.split(separator: "\n").contains("\(out)/loss.svg"), result.standardOutput)
    }

    func testLearningRateFind() throws {
        let out = directory.appendingPathComponent("lr").path
        try assertExit(["lr-find", "--config", try tinyConfig, "--src-train", "\(slice)/train.en", "--tgt-train", "\(slice)/train.es",
                        "--output-dir", out, "--start", "1", "--end", "0.1"], status: 64, error: "Error: need 0 < --start < --end, got 1.0 and 0.1")
        try assertExit(["lr-find", "--config", try tinyConfig, "--src-train", missing, "--tgt-train", "\(slice)/train.es",
                        "--output-dir", out], status: 66, error: "error: cannot read \(missing): no such file")
    }

    // MARK: tune

    func testTune() throws {
        let study = directory.appendingPathComponent("bad.study").path
        func arguments(space: String) throws -> [String] {
            ["tune", "--config", try tinyConfig, "--space", space, "--study", study, "--src-train", "\(slice)/train.en",
             "--tgt-train", "\(slice)/train.es", "--src-dev", "\(slice)/dev.en", "--tgt-dev", "\(slice)/dev.es", "--trials", "2",
             "--trial-steps", "2"]
        }
        let unknownKey = try write("unknown-key.yaml", "dropout: {type: float, min: 0.0, max: 0.3}\nlearning_rat: {type: float, min: 1, max: 2}\n")
        try assertExit(try arguments(space: unknownKey), status: 65, error: "error: \(unknownKey):2: 'learning_rat' is not a training or model key")
        let emptyRange = try write("empty-range.yaml", "dropout: {type: float, min: 0.3, max: 0.1}\n")
        try assertExit(try arguments(space: emptyRange), status: 65, error: "error: \(emptyRange):1: 'dropout': empty range, min 0.3 must be below max 0.1")
        let logOfZero = try write("log-zero.yaml", "dropout: {type: float, min: 0.1, max: 0.3}\n\nlearning_rate:\n  type: float\n  min: 0\n  max: 0.01\n  log: true\n")
        try assertExit(try arguments(space: logOfZero), status: 65, error: "error: \(logOfZero):5: 'learning_rate': a log range needs min > 0, got 0.0")
        let nowhere = directory.appendingPathComponent("nowhere.yaml").path
        try assertExit(try arguments(space: nowhere), status: 66, error: "error: \(nowhere): no such search-space file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: study), "no study file from a study that never started")

        try assertExit(["tune", "--resume", study], status: 66, error: "error: \(study): no such study file")
        let notAStudy = try write("text.study", "not a study\n")
        try assertExit(["tune", "--results", notAStudy], status: 65,
                       error: "error: \(notAStudy): not a usable study: it is not an SQLite database (a text file, another format, or a damaged header)")
        var noBudget = try arguments(space: emptyRange)
        noBudget.removeLast(2)
        try assertExit(noBudget, status: 64, error: "Error: give one trial budget: --trial-steps K or --trial-minutes M")
        try assertExit(try arguments(space: emptyRange) + ["--trial-minutes", "5"], status: 64,
                       error: "Error: give one trial budget: --trial-steps K or --trial-minutes M")
        try assertExit(try arguments(space: emptyRange) + ["--pruning", "hyperband"], status: 64, error: "Error: --pruning accepts only median, got 'hyperband'")
        try assertExit(["tune", "--results", study, "--resume", study], status: 64,
                       error: "Error: give one of --study (a new study), --resume STUDY or --results STUDY")
        try assertExit(try arguments(space: emptyRange) + ["--strategy", "tpe"], status: 64,
                       error: "Error: The value 'tpe' is invalid for '--strategy <strategy>'. Please provide one of 'random', 'gp-ei' or 'gp-ei-per-second'.")
    }
}
