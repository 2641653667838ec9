extension Array {
    /// Puts the elements in a new order, `source(k)` being the position of the element that goes to
    /// position `k` (a permutation of the indices). Each element is moved once, following the
    /// permutation's cycles in place: no second array of a million records (hundreds of megabytes
    /// of fresh pages), and no record copied, which would retain and release each of its strings.
    mutating func moveIntoOrder(_ source: (Int) -> Int) {
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { elements in
            for start in elements.indices where !placed[start] {
                var j = start
                while true {
                    placed[j] = true
                    let from = source(j)
                    if from == start { break }
                    // The buffer's swap moves the bytes; the array's would copy both elements.
                    elements.swapAt(j, from)
                    j = from
                }
            }
        }
    }
}
