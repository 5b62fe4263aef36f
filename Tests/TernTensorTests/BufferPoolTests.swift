@testable import TernTensor
import XCTest

/// The buffer pool under batches of many shapes: what bucketed training does to it.
final class BufferPoolTests: XCTestCase {
    /// Size classes written out by hand: 4, 5, 6 and 7 quarters of each power of two from 2^12 to 2^17 floats.
    let classes: [Int] = (12...17).flatMap { e in (4...7).map { ($0 << e) >> 2 } }

    /// One step of a given shape: three buffers held together (activations), then freed (the backward pass).
    func step(_ pool: BufferPool, floats: Int) {
        let buffers = (0..<3).map { _ in pool.acquire(floats) }
        for (pointer, capacity) in buffers { pool.release(pointer, capacity: capacity) }
    }

    /// Steps of ever larger shapes each miss the cache (no free buffer is larger), so without a bound every step's
    /// buffers would stay cached: 3 × the sum of all classes. With it, the footprint stays within the largest step's
    /// need plus the slack, the oldest free buffers going back to the system.
    func testStepsOfVaryingShapesKeepThePoolBounded() {
        let pool = BufferPool()
        pool.slack = 0.125
        for floats in classes {
            step(pool, floats: floats)
            XCTAssertEqual(pool.liveBytes, 0)
            XCTAssertLessThanOrEqual(pool.footprintBytes, 3 * floats * 4 * 9 / 8, "after the step of \(floats) floats")
        }
        let largestStep = 3 * classes.last! * 4
        XCTAssertEqual(pool.highWaterLiveBytes, largestStep)
        XCTAssertEqual(pool.boundBytes, largestStep * 9 / 8)
        let unbounded = 3 * classes.reduce(0, +) * 4
        XCTAssertGreaterThan(unbounded, 5 * largestStep, "the test's shapes would hold several times the bound unbounded")
        XCTAssertGreaterThan(pool.evictions, 0)

        // The largest step again: its buffers were freed last, so they are still cached and nothing is allocated.
        let allocations = pool.systemAllocations
        for _ in 0..<5 { step(pool, floats: classes.last!) }
        XCTAssertEqual(pool.systemAllocations, allocations)
        XCTAssertLessThanOrEqual(pool.footprintBytes, largestStep * 9 / 8)
        pool.trim()
        XCTAssertEqual(pool.footprintBytes, 0)
    }

    /// A request whose class has no free buffer takes one up to twice its size rather than going to the system.
    func testARequestReusesAFreeBufferUpToTwiceItsSize() {
        let pool = BufferPool()
        let (pointer, capacity) = pool.acquire(7 << 15)  // 7/4 · 2^17
        pool.release(pointer, capacity: capacity)
        let allocations = pool.systemAllocations
        let (reused, reusedCapacity) = pool.acquire(1 << 17)  // class 2^17: no free one, but 7/4 · 2^17 is within twice
        XCTAssertEqual(reused, pointer)
        XCTAssertEqual(reusedCapacity, 7 << 15)
        XCTAssertEqual(pool.systemAllocations, allocations)
        pool.release(reused, capacity: reusedCapacity)
        let (fresh, freshCapacity) = pool.acquire(3 << 14)  // class 3/2 · 2^15: 7/4 · 2^17 is more than twice, so a new one
        XCTAssertNotEqual(fresh, pointer)
        XCTAssertEqual(freshCapacity, 3 << 14)
        XCTAssertEqual(pool.systemAllocations, allocations + 1)
        pool.release(fresh, capacity: freshCapacity)
        pool.trim()
    }
}
