import TernTune

/// What the study charts draw from a fitted GP: its posterior of the objective (in the objective's own units and
/// direction) and the expected improvement, along one key or over a pair, the other keys held at the best trial's
/// values. Positions are taken uniformly in the cube (so in the logarithm of a log key) and drawn at the key's
/// unsnapped values.
struct PosteriorSurface {
    let space: SearchSpace
    let process: GaussianProcess
    let targets: StandardisedTargets
    let higherIsBetter: Bool
    /// The best trial's keys: the point the charts cut through.
    let best: SearchSpace.Assignment
    /// The best (lowest) standardised target, EI's reference: found once, not at each of the thousands of points.
    let bestTarget: Double

    init(space: SearchSpace, process: GaussianProcess, targets: StandardisedTargets, higherIsBetter: Bool, best: SearchSpace.Assignment) {
        (self.space, self.process, self.targets, self.higherIsBetter, self.best) = (space, process, targets, higherIsBetter, best)
        bestTarget = targets.values.min()!
    }

    /// The cube column of parameter `index`.
    func column(_ index: Int) -> Int { space.parameters[..<index].reduce(0) { $0 + $1.width } }

    /// Mean and standard deviation in the objective's units, and EI (in those units too) at a cube point.
    func evaluate(_ point: [Double]) -> (mean: Double, standardDeviation: Double, expectedImprovement: Double) {
        let prediction = process.predict(point)
        let sign = higherIsBetter ? -1.0 : 1.0   // the GP models the minimised value
        return (sign * (targets.mean + targets.scale * prediction.mean), targets.scale * prediction.standardDeviation,
                targets.scale * ExpectedImprovement.value(mean: prediction.mean, standardDeviation: prediction.standardDeviation,
                                                          best: bestTarget))
    }

    struct Slice {
        var xs: [Double] = [], mean: [Double] = [], standardDeviation: [Double] = [], expectedImprovement: [Double] = []
    }

    /// `points + 1` evenly spaced positions along key `index`.
    func alongKey(_ index: Int, points: Int) -> Slice {
        var slice = Slice()
        let parameter = space.parameters[index]
        for step in 0...points {
            var point = space.encode(best)
            let unit = Double(step) / Double(points)
            point[column(index)] = unit
            let value = evaluate(point)
            slice.xs.append(parameter.continuousValue(atUnit: unit)!)
            slice.mean.append(value.mean)
            slice.standardDeviation.append(value.standardDeviation)
            slice.expectedImprovement.append(value.expectedImprovement)
        }
        return slice
    }

    struct Grid {
        var xEdges: [Double], yEdges: [Double]
        /// [y band][x band]
        var mean: [[Double]], standardDeviation: [[Double]], expectedImprovement: [[Double]]
    }

    /// `cells × cells` cells over keys `x` and `y`, each evaluated at its centre.
    func overPair(x: Int, y: Int, cells: Int) -> Grid {
        let (px, py) = (space.parameters[x], space.parameters[y])
        let units = (0...cells).map { Double($0) / Double(cells) }
        var grid = Grid(xEdges: units.map { px.continuousValue(atUnit: $0)! }, yEdges: units.map { py.continuousValue(atUnit: $0)! },
                        mean: [], standardDeviation: [], expectedImprovement: [])
        for row in 0..<cells {
            var mean: [Double] = [], deviation: [Double] = [], improvement: [Double] = []
            for cell in 0..<cells {
                var point = space.encode(best)
                point[column(x)] = (Double(cell) + 0.5) / Double(cells)
                point[column(y)] = (Double(row) + 0.5) / Double(cells)
                let value = evaluate(point)
                mean.append(value.mean)
                deviation.append(value.standardDeviation)
                improvement.append(value.expectedImprovement)
            }
            grid.mean.append(mean)
            grid.standardDeviation.append(deviation)
            grid.expectedImprovement.append(improvement)
        }
        return grid
    }

    /// Parameter indices, the one the objective varies fastest along first: ARD's inverse squared length scale
    /// (a choice by its largest column).
    func keysBySensitivity() -> [Int] {
        let scales = process.kernel.inverseSquaredLengthScales
        func sensitivity(_ index: Int) -> Double {
            scales[column(index)..<(column(index) + space.parameters[index].width)].max()!
        }
        return space.parameters.indices.sorted { sensitivity($0) > sensitivity($1) }
    }
}
