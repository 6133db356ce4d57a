import Access
import Foundation

extension ChannelPoller {
    /// Fetches the page `token` names, pacing requests, honouring 429 `Retry-After`, and retrying failures with
    /// exponential backoff and jitter; `requests` counts every request made against the round's budget.
    func fetch(token: String, since: Int64?, requests: inout Int) async throws -> PolledPage {
        var attempt = 0
        var refreshedToken = false
        while true {
            guard requests < definition.requestBudget else { throw PollerError("request budget of \(definition.requestBudget) per round used up") }
            try await pacer.next()
            requests += 1
            let url = try pageURL(token: token, since: since)
            let failure: String
            do {
                var headers = try await credentials.headers()
                headers["Accept"] = "application/json"
                let response = try await client.send("GET", url, headers: headers)
                switch response.status {
                case 200..<300:
                    do {
                        return try PolledPage(
                            body: response.body, linkHeader: response.headers["link"], token: token, definition: definition, reader: reader
                        )
                    } catch {
                        failure = "page \(token.isEmpty ? "1" : token): \(error)"
                    }
                case 429:
                    let wait = Self.retryAfter(response.headers["retry-after"])
                    pacer.hold(for: wait)
                    update { $0.state = "backing_off" }
                    logger.info("channel asked to slow down", metadata: ["channel": "\(definition.channel)", "retry_after": "\(wait)"])
                    continue
                case 401:
                    guard credentials.refreshable, !refreshedToken else { throw PollerError("the channel refused the credentials (HTTP 401)") }
                    refreshedToken = true
                    credentials.invalidate()
                    continue
                case 500..<600, 408:
                    failure = "HTTP \(response.status)"
                default:
                    throw PollerError("the channel answered HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
                }
            } catch let error as CurlError {
                failure = error.description
            }
            attempt += 1
            update {
                $0.errors += 1
                $0.lastError = failure
                $0.lastErrorAt = Date()
            }
            guard attempt < definition.maxAttempts else { throw PollerError("giving up on the page after \(attempt) attempts: \(failure)") }
            let delay = min(maxBackoffSeconds, backoffBaseSeconds * Double(1 << min(attempt - 1, 20))) * Double.random(in: 0.5...1)
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }

    /// Seconds from a `Retry-After` value (seconds or an HTTP date), 1 when absent, at most 120.
    static func retryAfter(_ value: String?) -> Double {
        guard let value else { return 1 }
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return min(120, max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return 1 }
        return min(120, max(0, date.timeIntervalSinceNow))
    }

    /// The URL of page `token`: the window bound, paging and (for TOP) signed parameters added to the endpoint.
    func pageURL(token: String, since: Int64?) throws -> String {
        if case .link = definition.paging, !token.isEmpty {
            guard let next = URLComponents(string: token), let base = URLComponents(string: definition.url), next.host == base.host,
                  next.scheme == base.scheme, next.port == base.port
            else { throw PollerError("the next-page link leaves the channel's host: \(token)") }
            return token
        }
        guard var components = URLComponents(string: definition.url) else { throw PollerError("the endpoint \(definition.url) is not a URL") }
        var items = components.queryItems ?? []
        if let since, let window = definition.window {
            items.append(URLQueryItem(name: window.parameter, value: Self.format(since, window.format)))
        }
        switch definition.paging {
        case .page(let parameter, let sizeParameter, let size, _), .offset(let parameter, let sizeParameter, let size):
            items.append(URLQueryItem(name: parameter, value: token))
            items.append(URLQueryItem(name: sizeParameter, value: String(size)))
        case .cursor(let parameter, _, let sizeParameter, let size):
            if !token.isEmpty { items.append(URLQueryItem(name: parameter, value: token)) }
            if let sizeParameter { items.append(URLQueryItem(name: sizeParameter, value: String(size))) }
        case .link:
            break
        }
        components.queryItems = credentials.signedQuery(items)
        // '+' is legal in a query but many servers read it as a space (RFC 3339 offsets carry one).
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.string else { throw PollerError("cannot build a page URL from \(definition.url)") }
        return url
    }

    static func format(_ seconds: Int64, _ format: PollerDefinition.TimeFormat) -> String {
        switch format {
        case .unixSeconds: String(seconds)
        case .unixMilliseconds: String(seconds * 1000)
        case .iso8601: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds)))
        }
    }
}
