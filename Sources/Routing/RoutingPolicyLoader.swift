import Yams

/// Reads a routing policy from YAML, with errors that name file, line and column.
public enum RoutingPolicyLoader {
    /// Loads a policy file.
    public static func load(path: String) throws -> RoutingPolicy {
        try parse(try NetworkLoader.readText(path: path), file: path)
    }

    /// Parses policy YAML text; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> RoutingPolicy {
        let root = try YAMLFields.root(of: text, file: file, what: "routing policy")
        let fields = try YAMLFields(root, file: file, what: "the routing policy")
        try fields.rejectUnknownKeys(["name", "version", "rules", "weights", "review", "promise", "overrides", "explainTop", "waveSearchSteps"], in: "the routing policy")
        var policy = RoutingPolicy(name: try fields.optionalString("name") ?? "default", version: try fields.optionalString("version"))
        let ruleNodes = try fields.sequence("rules")
        if ruleNodes.isEmpty { throw fields.error("the policy has no 'rules'") }
        var rules: [RoutingRule] = []
        for node in ruleNodes {
            let rule = try parseRule(node, file: file)
            if rules.contains(where: { $0.name == rule.name }) {
                throw YAMLFields.error(file: file, at: node, "duplicate rule name '\(rule.name)'")
            }
            rules.append(rule)
        }
        policy.rules = rules
        if let weights = try fields.optionalFields("weights") {
            policy.weights = try parseWeights(weights).applied(to: policy.weights)
        }
        if let review = try fields.optionalFields("review") {
            policy.review = try parseReview(review)
        }
        if let promise = try fields.optionalFields("promise") {
            policy.promise = try parsePromise(promise)
        }
        policy.overrides = try fields.sequence("overrides").map { try parseOverride($0, file: file) }
        policy.explainTop = try fields.optionalInt("explainTop", minimum: 0) ?? policy.explainTop
        policy.waveSearchSteps = try fields.optionalInt("waveSearchSteps", minimum: 0)
        return policy
    }

    private static func parseRule(_ node: Node, file: String) throws -> RoutingRule {
        let fields = try YAMLFields(node, file: file, what: "a rule")
        try fields.rejectUnknownKeys(["name", "when", "select", "radiusKm", "allowSplit"], in: "a rule")
        let name = try fields.string("name")
        guard let select = try fields.optionalEnum("select", as: CandidateSelection.self) else {
            throw fields.error("rule '\(name)' is missing 'select'")
        }
        var rule = RoutingRule(name: name, select: select)
        if let when = try fields.optionalFields("when") {
            try when.rejectUnknownKeys(["mode", "channel", "priority"], in: "'when'")
            if let modes = try when.optionalStringList("mode") {
                rule.modes = try modes.map { text in
                    guard let mode = FulfilmentModeKind(rawValue: text) else {
                        let allowed = FulfilmentModeKind.allCases.map(\.rawValue).joined(separator: ", ")
                        throw YAMLFields.error(file: file, at: when.value("mode"), "'mode' must be one of \(allowed), got '\(text)'")
                    }
                    return mode
                }
            }
            rule.channels = try when.optionalStringList("channel")
            rule.priorities = try when.optionalStringList("priority")
        }
        rule.radiusKm = try fields.optionalDouble("radiusKm", minimum: 0) ?? (select == .sameCityStore ? 30 : 0)
        rule.allowSplit = try fields.optionalBool("allowSplit") ?? false
        if select == .pickupStore, let modes = rule.modes, modes != [.pickup] {
            throw fields.error("rule '\(name)' selects the pickup store, so it applies only to mode 'pickup'")
        }
        return rule
    }

    private static func parseWeights(_ fields: YAMLFields) throws -> ScoringWeightsPatch {
        try fields.rejectUnknownKeys(["cost", "distancePerKm", "load", "splitPenalty", "degradedPenalty"], in: "'weights'")
        return ScoringWeightsPatch(
            cost: try fields.optionalDouble("cost", minimum: 0),
            distancePerKm: try fields.optionalDouble("distancePerKm", minimum: 0),
            load: try fields.optionalDouble("load", minimum: 0),
            splitPenalty: try fields.optionalDouble("splitPenalty", minimum: 0),
            degradedPenalty: try fields.optionalDouble("degradedPenalty", minimum: 0)
        )
    }

    private static func parseReview(_ fields: YAMLFields) throws -> ReviewRules {
        try fields.rejectUnknownKeys(["orderTotalAbove", "shipmentsAbove", "scoreMarginBelow"], in: "'review'")
        return ReviewRules(
            orderTotalAbove: try fields.optionalInt("orderTotalAbove", minimum: 0).map(Int64.init),
            shipmentsAbove: try fields.optionalInt("shipmentsAbove", minimum: 1),
            scoreMarginBelow: try fields.optionalDouble("scoreMarginBelow", minimum: 0)
        )
    }

    private static func parsePromise(_ fields: YAMLFields) throws -> PromiseSettings {
        try fields.rejectUnknownKeys(["pickupReadyMinutes", "twoHourMinutes", "nextDayMaxKm", "kmPerDay"], in: "'promise'")
        let defaults = PromiseSettings()
        return PromiseSettings(
            pickupReadyMinutes: try fields.optionalInt("pickupReadyMinutes", minimum: 0) ?? defaults.pickupReadyMinutes,
            twoHourMinutes: try fields.optionalInt("twoHourMinutes", minimum: 1) ?? defaults.twoHourMinutes,
            nextDayMaxKm: try fields.optionalDouble("nextDayMaxKm", minimum: 0) ?? defaults.nextDayMaxKm,
            kmPerDay: try fields.optionalDouble("kmPerDay", minimum: 1) ?? defaults.kmPerDay
        )
    }

    private static func parseOverride(_ node: Node, file: String) throws -> PolicyOverride {
        let fields = try YAMLFields(node, file: file, what: "an override")
        try fields.rejectUnknownKeys(["channel", "priority", "weights", "review"], in: "an override")
        let channels = try fields.optionalStringList("channel")
        let priorities = try fields.optionalStringList("priority")
        if channels == nil && priorities == nil { throw fields.error("an override needs 'channel' or 'priority'") }
        return PolicyOverride(
            channels: channels, priorities: priorities,
            weights: try fields.optionalFields("weights").map(parseWeights) ?? .init(),
            review: try fields.optionalFields("review").map(parseReview) ?? .init()
        )
    }
}
