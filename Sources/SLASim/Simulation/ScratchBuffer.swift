/// A growable buffer of plain values that a block reuses for every trial.
///
/// It allocates when it first grows past its capacity and never shrinks, so after the first
/// few trials of a block a trial allocates nothing. Non-copyable: exactly one owner frees it.

struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
  var base: UnsafeMutablePointer<Element>
  var capacity: Int
  var count: Int = 0

  init(capacity: Int) {
    self.capacity = Swift.max(capacity, 16)
    self.base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  subscript(index: Int) -> Element {
    get {
      assert(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
      return base[index]
    }
    nonmutating set {
      assert(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
      base[index] = newValue
    }
  }

  mutating func removeAll() { count = 0 }

  mutating func append(_ value: Element) {
    if count == capacity { grow(minimumCapacity: count + 1) }
    base[count] = value
    count += 1
  }

  /// Sets `count` to `newCount`, filling new slots with `value`.
  mutating func reset(count newCount: Int, to value: Element) {
    if newCount > capacity { grow(minimumCapacity: newCount) }
    base.update(repeating: value, count: newCount)
    count = newCount
  }

  mutating func grow(minimumCapacity: Int) {
    let newCapacity = Swift.max(minimumCapacity, capacity * 2)
    let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    newBase.moveInitialize(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }
}

/// Sorts `count` values starting at `base` in place, ascending by `key`, without allocating.
///
/// Introsort-style: median-of-three quicksort (Hoare partition), insertion sort below 24
/// elements, heapsort when recursion gets deep (Musser 1997, "Introspective sorting and
/// selection algorithms", Software: Practice and Experience 27(8), doi:10.1002/(SICI)1097-024X(199708)27:8<983::AID-SPE117>3.0.CO;2-#).
/// Not stable; callers break ties with a second key when order matters.
func sortInPlace<T>(_ base: UnsafeMutablePointer<T>, count: Int, by less: (T, T) -> Bool) {
  guard count > 1 else { return }
  var depthLimit = 2 * (Int.bitWidth - count.leadingZeroBitCount)
  introsort(base, 0, count - 1, &depthLimit, less)
}

func introsort<T>(_ a: UnsafeMutablePointer<T>, _ lo: Int, _ hi: Int, _ depth: inout Int, _ less: (T, T) -> Bool) {
  var lo = lo
  var hi = hi
  while hi - lo > 24 {
    if depth == 0 {
      heapsort(a + lo, hi - lo + 1, less)
      return
    }
    depth -= 1
    let mid = lo + (hi - lo) / 2
    if less(a[mid], a[lo]) { a.swapAt(mid, lo) }
    if less(a[hi], a[lo]) { a.swapAt(hi, lo) }
    if less(a[hi], a[mid]) { a.swapAt(hi, mid) }
    let pivot = a[mid]
    var i = lo
    var j = hi
    while i <= j {
      while less(a[i], pivot) { i += 1 }
      while less(pivot, a[j]) { j -= 1 }
      if i <= j {
        a.swapAt(i, j)
        i += 1
        j -= 1
      }
    }
    // Recurse into the smaller side, loop on the larger: O(log n) stack.
    if j - lo < hi - i {
      introsort(a, lo, j, &depth, less)
      lo = i
    } else {
      introsort(a, i, hi, &depth, less)
      hi = j
    }
  }
  if hi > lo {
    for k in (lo + 1)...hi {
      let x = a[k]
      var m = k - 1
      while m >= lo && less(x, a[m]) {
        a[m + 1] = a[m]
        m -= 1
      }
      a[m + 1] = x
    }
  }
}

func heapsort<T>(_ a: UnsafeMutablePointer<T>, _ n: Int, _ less: (T, T) -> Bool) {
  func siftDown(_ start: Int, _ end: Int) {
    var root = start
    while 2 * root + 1 < end {
      var child = 2 * root + 1
      if child + 1 < end && less(a[child], a[child + 1]) { child += 1 }
      if less(a[root], a[child]) {
        a.swapAt(root, child)
        root = child
      } else {
        return
      }
    }
  }
  var start = n / 2 - 1
  while start >= 0 {
    siftDown(start, n)
    start -= 1
  }
  var end = n - 1
  while end > 0 {
    a.swapAt(0, end)
    siftDown(0, end)
    end -= 1
  }
}

extension UnsafeMutablePointer {
  func swapAt(_ i: Int, _ j: Int) {
    let t = self[i]
    self[i] = self[j]
    self[j] = t
  }
}
