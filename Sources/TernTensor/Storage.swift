import Foundation

/// The memory behind a tensor: a 64-byte-aligned Float32 buffer borrowed from ``BufferPool`` and returned to it when
/// the last tensor using it goes away.
///
/// Tensors share a storage (reshape is free); a write goes through `Tensor.withUnsafeMutableBufferPointer`, which
/// copies first if the storage is shared, so a tensor's values never change under another tensor's feet.
public final class TensorStorage {
    @usableFromInline let base: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int
    let capacity: Int

    /// Uninitialised memory for `count` floats: every op writes all of its output, so zeroing would be wasted work.
    @usableFromInline init(uninitializedCount count: Int) {
        let (pointer, capacity) = BufferPool.shared.acquire(count)
        self.base = pointer
        self.count = count
        self.capacity = capacity
    }

    deinit { BufferPool.shared.release(base, capacity: capacity) }
}

/// A caching allocator: freed buffers are kept by size class and handed out again, so a training step whose shapes
/// repeat (or nearly repeat, thanks to the size classes) allocates nothing from the system and takes no page faults.
///
/// Size classes are 1, 1.25, 1.5 and 1.75 × a power of two, so at most a quarter of a buffer is wasted. The cache
/// holds at most `cacheLimitBytes` of free buffers; beyond that, freed buffers go back to the system.
public final class BufferPool: @unchecked Sendable {
    public static let shared = BufferPool()

    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private let lock = NSLock()
    private var cachedBytes = 0
    /// Bytes currently lent out to live tensors.
    public private(set) var liveBytes = 0
    /// The highest `liveBytes` seen since the last ``resetPeak()``.
    public private(set) var peakLiveBytes = 0
    /// Buffers obtained from the system (not from the cache) since start: flat in a steady-state loop.
    public private(set) var systemAllocations = 0
    public var cacheLimitBytes = 1 << 30

    static func sizeClass(_ count: Int) -> Int {
        if count <= 16 { return 16 }
        let high = Int.bitWidth - 1 - (count - 1).leadingZeroBitCount  // 2^high <= count-1 < 2^(high+1)
        let quarter = (1 << high) >> 2
        let rounded = ((count + quarter - 1) / quarter) * quarter
        return rounded
    }

    func acquire(_ count: Int) -> (UnsafeMutablePointer<Float>, Int) {
        let capacity = Self.sizeClass(max(count, 1))
        lock.lock()
        defer { lock.unlock() }
        liveBytes += capacity * 4
        peakLiveBytes = max(peakLiveBytes, liveBytes)
        if var list = free[capacity], let pointer = list.popLast() {
            free[capacity] = list
            cachedBytes -= capacity * 4
            return (pointer, capacity)
        }
        systemAllocations += 1
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * 4, alignment: 64)
        return (raw.bindMemory(to: Float.self, capacity: capacity), capacity)
    }

    func release(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        lock.lock()
        defer { lock.unlock() }
        liveBytes -= capacity * 4
        if cachedBytes + capacity * 4 <= cacheLimitBytes {
            free[capacity, default: []].append(pointer)
            cachedBytes += capacity * 4
        } else {
            UnsafeMutableRawPointer(pointer).deallocate()
        }
    }

    /// Returns every cached buffer to the system.
    public func trim() {
        lock.lock()
        defer { lock.unlock() }
        for (_, list) in free { for pointer in list { UnsafeMutableRawPointer(pointer).deallocate() } }
        free.removeAll()
        cachedBytes = 0
    }

    public func resetPeak() {
        lock.lock()
        peakLiveBytes = liveBytes
        lock.unlock()
    }
}
