// Inline SVG charts of the dashboard, drawn as text: every chart has a `<title>` and an `aria-label`,
// labels are SVG `<text>`. Double is used for geometry only; amounts stay in minor units.

enum DashboardChart {
    /// Colours of the buckets, from not due to the oldest (each at least 3:1 against white).
    static let bucketColours = ["#2b7a4b", "#8a6d00", "#c2410c", "#b91c1c", "#7f1d1d", "#581c87", "#3f3f46"]

    static func colour(bucket i: Int) -> String { bucketColours[min(i, bucketColours.count - 1)] }

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(r)
    }

    /// A round step so that `max` spans about `ticks` steps.
    static func niceStep(_ max: Int64, ticks: Int = 5) -> Int64 {
        guard max > 0 else { return 1 }
        let raw = max / Int64(ticks) + 1
        var magnitude: Int64 = 1
        while magnitude <= raw / 10 { magnitude *= 10 }
        for m in [1, 2, 5, 10] as [Int64] where magnitude * m >= raw { return magnitude * m }
        return magnitude * 10
    }

    static func open(width: Int, height: Int, title: String, id: String) -> String {
        let t = dashboardEscape(title)
        return "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)\" aria-label=\"\(t)\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"13\">"
            + "<title id=\"\(id)\">\(t)</title>"
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", weight: String? = nil, fill: String = "#1f2937", size: Int? = nil) -> String {
        var a = "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
        if let weight { a += " font-weight=\"\(weight)\"" }
        if let size { a += " font-size=\"\(size)\"" }
        return a + ">" + dashboardEscape(s) + "</text>"
    }

    static func rect(x: Double, y: Double, w: Double, h: Double, fill: String, title: String? = nil) -> String {
        let head = "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(max(w, 0)))\" height=\"\(fmt(max(h, 0)))\" fill=\"\(fill)\""
        guard let title else { return head + "/>" }
        return head + "><title>" + dashboardEscape(title) + "</title></rect>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#d1d5db", dash: Bool = false) -> String {
        "<line x1=\"\(fmt(x1))\" y1=\"\(fmt(y1))\" x2=\"\(fmt(x2))\" y2=\"\(fmt(y2))\" stroke=\"\(stroke)\" stroke-width=\"1\"\(dash ? " stroke-dasharray=\"3 3\"" : "")/>"
    }

    /// Horizontal stacked bars: one bar per label, one segment per series (negative parts are not drawn).
    static func stackedBars(title: String, id: String, labels: [String], series: [String], values: [[Int64]], totals: [String],
                            tick: (Int64) -> String, segmentTitle: (Int, Int) -> String) -> String {
        let width = 1160, left = 150.0, right = 150.0, top = 34.0, barH = 30.0, gap = 16.0
        let legendH = 40.0
        let plotW = Double(width) - left - right
        let height = Int(top + Double(labels.count) * (barH + gap) + 8 + legendH)
        let maxSum = values.map { $0.reduce(0) { $0 + max($1, 0) } }.max() ?? 0
        let step = niceStep(maxSum)
        let steps = maxSum <= 0 ? 1 : Int((maxSum + step - 1) / step)
        let scaleMax = Double(step) * Double(steps)
        var s = open(width: width, height: height, title: title, id: id)
        let plotBottom = top + Double(labels.count) * (barH + gap)
        for i in 0...steps {
            let x = left + plotW * Double(i) / Double(steps)
            s += line(x1: x, y1: top - 6, x2: x, y2: plotBottom - gap + 4, stroke: i == 0 ? "#6b7280" : "#d1d5db")
            s += text(tick(step * Int64(i)), x: x, y: top - 12, anchor: "middle", fill: "#4b5563", size: 12)
        }
        for (row, label) in labels.enumerated() {
            let y = top + Double(row) * (barH + gap)
            s += text(label, x: left - 10, y: y + barH / 2 + 5, anchor: "end", weight: "600")
            var x = left
            for (k, v) in values[row].enumerated() where v > 0 {
                let w = plotW * Double(v) / scaleMax
                s += rect(x: x, y: y, w: w, h: barH, fill: colour(bucket: k), title: segmentTitle(row, k))
                x += w
            }
            s += text(totals[row], x: x + 8, y: y + barH / 2 + 5, weight: "600")
        }
        // Legend.
        var lx = left
        let ly = plotBottom + 14
        for (k, name) in series.enumerated() {
            s += rect(x: lx, y: ly, w: 14, h: 14, fill: colour(bucket: k))
            s += text(name, x: lx + 20, y: ly + 12)
            lx += 34 + Double(name.count) * 7.5
        }
        return s + "</svg>"
    }

    /// Vertical bars with their value above each bar; `values` nil draw no bar and `none` as label.
    static func columns(title: String, id: String, width: Int, labels: [String], values: [Int64?], valueLabels: [String],
                        tick: (Int64) -> String, colour: String, reference: (value: Int64, label: String)? = nil) -> String {
        let height = 280, left = 86.0, right = 16.0, top = 26.0, bottom = 40.0
        let plotW = Double(width) - left - right
        let plotH = Double(height) - top - bottom
        let maxValue = max(values.compactMap { $0 }.max() ?? 0, reference?.value ?? 0, 0)
        let minValue = min(values.compactMap { $0 }.min() ?? 0, 0)
        let step = niceStep(max(maxValue - minValue, 1), ticks: 4)
        let upper = maxValue <= 0 ? 0 : Int((maxValue + step - 1) / step)
        let lower = minValue >= 0 ? 0 : Int((-minValue + step - 1) / step)
        let steps = max(upper + lower, 1)
        let low = -Double(step) * Double(lower)
        let span = Double(step) * Double(steps)
        func y(_ v: Double) -> Double { top + plotH - plotH * (v - low) / span }
        var s = open(width: width, height: height, title: title, id: id)
        for i in 0...steps {
            let v = low + Double(step) * Double(i)
            s += line(x1: left, y1: y(v), x2: Double(width) - right, y2: y(v), stroke: v == 0 ? "#6b7280" : "#e5e7eb")
            s += text(tick(Int64(v)), x: left - 8, y: y(v) + 4, anchor: "end", fill: "#4b5563", size: 12)
        }
        let slot = plotW / Double(max(labels.count, 1))
        let barW = min(slot * 0.6, 90)
        for (i, label) in labels.enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            s += text(label, x: cx, y: Double(height) - bottom + 18, anchor: "middle", fill: "#374151", size: 12)
            guard let v = values[i] else {
                s += text("—", x: cx, y: y(0) - 6, anchor: "middle", fill: "#4b5563")
                continue
            }
            let y0 = y(0), y1 = y(Double(v))
            s += rect(x: cx - barW / 2, y: min(y0, y1), w: barW, h: abs(y0 - y1), fill: colour, title: label + " : " + valueLabels[i])
            s += text(valueLabels[i], x: cx, y: (v >= 0 ? y1 - 6 : y1 + 15), anchor: "middle", weight: "600", size: 12)
        }
        if let reference {
            let ry = y(Double(reference.value))
            s += line(x1: left, y1: ry, x2: Double(width) - right, y2: ry, stroke: "#1f2937", dash: true)
            s += text(reference.label, x: Double(width) - right - 4, y: ry - 5, anchor: "end", fill: "#1f2937", size: 12)
        }
        return s + "</svg>"
    }
}
