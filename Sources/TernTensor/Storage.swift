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
/// Size classes are 1, 1.25, 1.5 and 1.75 × a power of two, so at most a quarter of a buffer is wasted. A request whose
/// class has no free buffer takes one of the next classes up to twice its size before asking the system.
///
/// The pool is bounded: batches of many shapes (bucketed training, validation) would otherwise fill ever more size
/// classes. When a request must go to the system, free buffers are returned to it, least recently freed first,
/// until the pool's footprint (live plus cached bytes) fits within the highest live figure the process has needed
/// plus `slack` of it. A loop of repeating shapes never reaches that point; a run of changing shapes then holds at
/// most `(1 + slack) ×` its largest step's live tensors. Large buffers are mapped from the kernel directly, so a
/// buffer the pool gives back leaves the process rather than glibc's heap.
public final class BufferPool: @unchecked Sendable {
    public static let shared = BufferPool()

    private struct FreeBuffer {
        var pointer: UnsafeMutablePointer<Float>
        /// When it was freed, on the pool's own clock: the oldest goes back to the system first.
        var freedAt: Int
    }

    private var free: [Int: [FreeBuffer]] = [:]
    private let lock = NSLock()
    private var clock = 0
    /// Bytes held in free buffers, ready to be handed out again.
    public private(set) var cachedBytes = 0
    /// Bytes currently lent out to live tensors.
    public private(set) var liveBytes = 0
    /// The highest `liveBytes` seen since the last ``resetPeak()``.
    public private(set) var peakLiveBytes = 0
    /// The highest `liveBytes` seen since start (``resetPeak()`` leaves it): the bound's base.
    public private(set) var highWaterLiveBytes = 0
    /// Buffers obtained from the system (not from the cache) since start: flat in a steady-state loop.
    public private(set) var systemAllocations = 0
    /// Buffers given back to the system to keep within the bound.
    public private(set) var evictions = 0
    /// The footprint may exceed the live high water by this fraction of it.
    public var slack = 0.125
    /// An absolute cap on cached bytes, whatever the high water.
    public var cacheLimitBytes = 1 << 30

    /// Buffers of at least this many bytes are mapped with `mmap` and unmapped when given back.
    static let mappedBytes = 256 << 10

    /// The bytes the pool holds from the system: lent out plus cached.
    public var footprintBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return liveBytes + cachedBytes
    }

    /// What the footprint may reach before free buffers go back to the system.
    public var boundBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return bound
    }

    private var bound: Int { highWaterLiveBytes + Int(Double(highWaterLiveBytes) * slack) }

    static func sizeClass(_ count: Int) -> Int {
        if count <= 16 { return 16 }
        let high = Int.bitWidth - 1 - (count - 1).leadingZeroBitCount  // 2^high <= count-1 < 2^(high+1)
        let quarter = (1 << high) >> 2
        let rounded = ((count + quarter - 1) / quarter) * quarter
        return rounded
    }

    func acquire(_ count: Int) -> (UnsafeMutablePointer<Float>, Int) {
        let wanted = Self.sizeClass(max(count, 1))
        lock.lock()
        defer { lock.unlock() }
        var capacity = wanted
        // The exact class, else the next classes up to twice the size (a quarter-power step each).
        while capacity <= 2 * wanted {
            if let buffer = free[capacity]?.popLast() {
                cachedBytes -= capacity * 4
                lend(capacity)
                return (buffer.pointer, capacity)
            }
            capacity = Self.sizeClass(capacity + 1)
        }
        lend(wanted)
        while cachedBytes > 0 && liveBytes + cachedBytes > bound { evictOldest() }
        systemAllocations += 1
        return (Self.allocate(wanted), wanted)
    }

    private func lend(_ capacity: Int) {
        liveBytes += capacity * 4
        peakLiveBytes = max(peakLiveBytes, liveBytes)
        highWaterLiveBytes = max(highWaterLiveBytes, liveBytes)
    }

    func release(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        lock.lock()
        defer { lock.unlock() }
        liveBytes -= capacity * 4
        if cachedBytes + capacity * 4 <= cacheLimitBytes {
            clock += 1
            free[capacity, default: []].append(FreeBuffer(pointer: pointer, freedAt: clock))
            cachedBytes += capacity * 4
        } else {
            Self.deallocate(pointer, capacity: capacity)
        }
    }

    /// Gives the least recently freed buffer back to the system. Each class's list is in the order freed, so the
    /// oldest is the first of one of them.
    private func evictOldest() {
        guard let (capacity, _) = free.compactMap({ entry in entry.value.first.map { (entry.key, $0.freedAt) } })
            .min(by: { $0.1 < $1.1 }) else { return }
        let buffer = free[capacity]!.removeFirst()
        if free[capacity]!.isEmpty { free[capacity] = nil }
        cachedBytes -= capacity * 4
        evictions += 1
        Self.deallocate(buffer.pointer, capacity: capacity)
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Float> {
        let bytes = capacity * 4
        if bytes >= mappedBytes {
            let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            precondition(raw != nil && raw != UnsafeMutableRawPointer(bitPattern: -1), "out of memory: could not map \(bytes) bytes")
            return raw!.bindMemory(to: Float.self, capacity: capacity)  // page-aligned, so 64-byte aligned
        }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: capacity)
    }

    private static func deallocate(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let bytes = capacity * 4
        if bytes >= mappedBytes {
            munmap(pointer, bytes)
        } else {
            UnsafeMutableRawPointer(pointer).deallocate()
        }
    }

    /// Returns every cached buffer to the system.
    public func trim() {
        lock.lock()
        defer { lock.unlock() }
        for (capacity, list) in free { for buffer in list { Self.deallocate(buffer.pointer, capacity: capacity) } }
        free.removeAll()
        cachedBytes = 0
    }

    public func resetPeak() {
        lock.lock()
        peakLiveBytes = liveBytes
        lock.unlock()
    }
}
