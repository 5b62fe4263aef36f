import Foundation

/// A corpus chrF score, 0…100, with the parameters that name it (`chrF2` for β = 2 and no word n-grams).
public struct ChrFScore: Sendable, Equatable, Codable {
    /// chrF, 0…100.
    public let score: Double
    /// The character n-gram order (sacreBLEU's `nc`).
    public let characterOrder: Int
    /// β: recall is weighted β times as much as precision.
    public let beta: Int

    public init(score: Double, characterOrder: Int, beta: Int) {
        self.score = score
        self.characterOrder = characterOrder
        self.beta = beta
    }

    /// sacreBLEU's metric name, `chrF` followed by β (a `+` per word n-gram order would follow for chrF++).
    public var name: String { "chrF\(beta)" }

    /// sacreBLEU's text line, e.g. `chrF2 = 38.90`.
    public var formatted: String { "\(name) = \(String(format: "%.2f", score))" }

    enum CodingKeys: String, CodingKey {
        case score
        case characterOrder = "nc"
        case beta
    }
}
