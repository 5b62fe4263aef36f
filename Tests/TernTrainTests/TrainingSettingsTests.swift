import Foundation
import TernEval
import TernTrain
import XCTest

final class TrainingSettingsTests: XCTestCase {
    func testAttentionPlotsSetting() throws {
        XCTAssertEqual(TrainingSettings().attentionPlots, 3)
        XCTAssertTrue(TrainingSettings.keys.contains("attention_plots"))
        let off = try JSONDecoder().decode(TrainingSettings.self, from: Data(#"{"attention_plots": 0}"#.utf8))
        XCTAssertEqual(off.attentionPlots, 0)
        var negative = TrainingSettings()
        negative.attentionPlots = -1
        XCTAssertThrowsError(try negative.validate()) { error in
            XCTAssertEqual(error as? TrainingError, .invalidSetting(key: "attention_plots", reason: "must be ≥ 0 (0 turns the plots off)"))
        }
    }

    /// The enumerations are stored as the words a config file uses, so files written before they were enums open.
    func testChoicesAreStoredAsTheirConfigWords() throws {
        var settings = TrainingSettings()
        (settings.optimizer, settings.schedule, settings.earlyStoppingMetric) = (.adamw, .inverseSquareRoot, .loss)
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(settings)) as! [String: Any]
        XCTAssertEqual(json["optimizer"] as? String, "adamw")
        XCTAssertEqual(json["schedule"] as? String, "inverse_sqrt")
        XCTAssertEqual(json["early_stopping_metric"] as? String, "loss")
        let old = try JSONDecoder().decode(TrainingSettings.self, from: Data(#"{"optimizer": "sgd", "schedule": "plateau", "early_stopping_metric": "chrf"}"#.utf8))
        XCTAssertEqual(old.optimizer, .sgd)
        XCTAssertEqual(old.schedule, .plateau)
        XCTAssertEqual(old.earlyStoppingMetric, .chrf)
    }

    /// One place knows each metric's direction and stored key.
    func testValidationMetricDirectionsAndKeys() {
        XCTAssertEqual(ValidationMetric.allCases.map(\.storedKey), ["bleu", "chrf", "valid_loss", "perplexity"])
        XCTAssertEqual(ValidationMetric.allCases.map(\.higherIsBetter), [true, true, false, false])
        XCTAssertTrue(ValidationMetric.bleu.improves(20, on: 19.5))
        XCTAssertFalse(ValidationMetric.bleu.improves(19.5, on: 19.5), "a tie is not an improvement")
        XCTAssertTrue(ValidationMetric.loss.improves(2.1, on: 2.2))
        XCTAssertFalse(ValidationMetric.perplexity.improves(9, on: 8))
        XCTAssertTrue(ValidationMetric.chrf.improves(0, on: nil), "the first value always improves")
    }

    /// RNN Noam uses the decoder's width: rnn-small's 512, the value the schedule used before it came from the config.
    func testNoamModelSizeComesFromTheConfig() throws {
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models")
        let rnnSmall = try ConfigFile(path: models.appendingPathComponent("rnn-small.yaml").path)
        XCTAssertEqual(rnnSmall.model.noamModelSize, 512)
        let rnn = try ConfigFile(path: models.appendingPathComponent("rnn-small.yaml").path, overrides: ["decoder_hidden=384"])
        XCTAssertEqual(rnn.model.noamModelSize, 384)
        let transformer = try ConfigFile(path: models.appendingPathComponent("transformer-small.yaml").path,
                                         overrides: ["d_model=192"])
        XCTAssertEqual(transformer.model.noamModelSize, 192)
    }
}
