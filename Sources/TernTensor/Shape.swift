/// Shape arithmetic shared by the ops.
enum Shape {
    /// Numpy's broadcasting rule: align on the right; a dimension of 1 stretches to match.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(da == db || da == 1 || db == 1, "shapes \(a) and \(b) do not broadcast")
            result[i] = da == 1 ? db : da
        }
        return result
    }

    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = running
            running *= shape[i]
        }
        return strides
    }

    /// True when `suffix` (with leading ones dropped) equals the trailing dimensions of `shape`: then a tensor of
    /// shape `suffix` repeats once per row of `shape` viewed as [rows, suffix.count values].
    static func isRowSuffix(_ suffix: [Int], of shape: [Int]) -> Bool {
        let trimmed = Array(suffix.drop(while: { $0 == 1 }))
        guard trimmed.count <= shape.count else { return false }
        return Array(shape.suffix(trimmed.count)) == trimmed
    }

    /// Normalises a possibly negative axis.
    static func axis(_ axis: Int, rank: Int) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < rank, "axis \(axis) out of range for rank \(rank)")
        return resolved
    }
}
