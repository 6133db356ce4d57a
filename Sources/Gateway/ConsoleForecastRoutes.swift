import Access
import Console
import Forecasting
import Foundation
import UseCases

/// The console's forecast screen: a series picker, the chart, accuracy, the chosen model and stocking.
struct ConsoleForecastRoutes {
    let services: ChannelGateServices

    func register(on console: ConsoleRouter) {
        console.get("/console/forecasts", scope: AccessScope.ordersRead) { call in
            let book = services.forecasting.book
            let prefix = ForecastCore.key(call.session.tenant, "")
            let names = await book.seriesNames.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            let asked = call.query.string("series")
            if let asked, !names.contains(asked) {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no series \(asked)")
            }
            let current = asked ?? (names.contains("total") ? "total" : names.first)
            // The book answers nil for a name it does not hold, which stands for "no series yet".
            let key = current.map { ForecastCore.key(call.session.tenant, $0) } ?? ""
            let isSKU = current.map { $0.hasPrefix("sku:") || $0.contains("|sku:") } ?? false
            let page = ForecastPage(
                names: names, current: current, history: await book.history(series: key), forecast: await book.forecast(series: key, horizon: 72),
                model: await book.model(series: key), tracker: await book.accuracy(series: key),
                stocking: isSKU ? await book.stocking(series: key, leadTimeHours: 72, serviceLevel: 0.95) : nil,
                promotions: await book.configuration(forSeries: key).shadedPeriods
            )
            return .page("forecasts", page, title: "Forecasts", section: .forecasts)
        }
    }
}
