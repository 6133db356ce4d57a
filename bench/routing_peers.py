"""Routing benchmark helpers: instance generation, the CP-SAT optimum, and evaluation of ChannelGate's decisions.

Cost model (shared by ChannelGate's bench policy and the CP-SAT model, all in fen):
  every shipment from node n to order o costs  costPerShipment[n] + round(costPerKm[n] * km(n, o))
  every shipment beyond an order's first adds  SPLIT_PENALTY
  an order left unfilled adds                  UNFILLED_PENALTY
Constraints: each order line ships whole from one node that stocks it; per (node, SKU) the shipped units stay
within stock; per node the shipments stay within capacityPerHour - currentLoad; an order is filled completely or not at all.

Subcommands:
  generate SEED DIR [--orders N --nodes N --skus N]   network.yaml, network.csv, orders.ndjson, policy.yaml
  failover DIR [--orders N]                            a 100,000-order instance whose cheapest hub takes them all
  solve DIR [--time-limit S] [--hint DECISIONS]        CP-SAT optimum as one JSON line (CPSAT_WORKERS, default 8;
                                                       --hint starts from ChannelGate's decisions)
  evaluate DIR DECISIONS.ndjson                        re-prices ChannelGate's decisions and checks feasibility
  report WORK SEED...                                  the Markdown report from the JSON results the script collected
"""
import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

SPLIT_PENALTY = 300
UNFILLED_PENALTY = 100_000

CITIES = [
    ("Shanghai", "East", 31.2304, 121.4737), ("Beijing", "North", 39.9042, 116.4074),
    ("Guangzhou", "South", 23.1291, 113.2644), ("Shenzhen", "South", 22.5431, 114.0579),
    ("Chengdu", "West", 30.5728, 104.0668), ("Hangzhou", "East", 30.2741, 120.1551),
    ("Wuhan", "Central", 30.5928, 114.3055), ("Xi'an", "West", 34.3416, 108.9398),
    ("Nanjing", "East", 32.0603, 118.7969), ("Chongqing", "West", 29.5630, 106.5516),
    ("Tianjin", "North", 39.3434, 117.3616), ("Suzhou", "East", 31.2990, 120.5853),
    ("Changsha", "Central", 28.2282, 112.9388), ("Zhengzhou", "Central", 34.7466, 113.6254),
    ("Shenyang", "North", 41.8057, 123.4315), ("Qingdao", "East", 36.0671, 120.3826),
]


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance, the same formula as GeoPoint.distanceKm."""
    rad = math.pi / 180
    d_lat = (lat2 - lat1) * rad
    d_lon = (lon2 - lon1) * rad
    chord = math.sin(d_lat / 2) ** 2 + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin(d_lon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(chord)))


def shipment_cost(node, lat, lon):
    return node["costPerShipment"] + round(node["costPerKm"] * km(node["lat"], node["lon"], lat, lon))


def write_network(directory, nodes):
    lines = ["nodes:"]
    for node in nodes:
        lines += [
            f"  - id: {node['id']}", f"    kind: {node['kind']}", f"    city: \"{node['city']}\"", f"    region: {node['region']}",
            f"    lat: {node['lat']}", f"    lon: {node['lon']}", f"    capacityPerHour: {node['capacityPerHour']}",
            f"    currentLoad: {node['currentLoad']}", f"    costPerShipment: {node['costPerShipment']}",
            f"    costPerKm: {node['costPerKm']}", f"    pickup: {'true' if node['kind'] == 'store' else 'false'}", "    stock:",
        ]
        lines += [f"      {sku}: {units}" for sku, units in sorted(node["stock"].items())]
    (directory / "network.yaml").write_text("\n".join(lines) + "\n")
    csv = ["id,kind,city,region,lat,lon,capacity_per_hour,current_load,cost_per_shipment,cost_per_km,pickup,stock"]
    for node in nodes:
        stock = ";".join(f"{sku}={units}" for sku, units in sorted(node["stock"].items()))
        csv.append(f"{node['id']},{node['kind']},\"{node['city']}\",{node['region']},{node['lat']},{node['lon']},"
                   f"{node['capacityPerHour']},{node['currentLoad']},{node['costPerShipment']},{node['costPerKm']},"
                   f"{'true' if node['kind'] == 'store' else 'false'},{stock}")
    (directory / "network.csv").write_text("\n".join(csv) + "\n")
    (directory / "nodes.json").write_text(json.dumps(nodes))


def write_policy(directory):
    (directory / "policy.yaml").write_text(
        "# Bench policy: the score is exactly the benchmark's cost model (no load term, no review).\n"
        "name: bench\nrules:\n  - name: cheapest-node\n    select: anyNode\n    allowSplit: true\n"
        f"weights: {{cost: 1, distancePerKm: 0, load: 0, splitPenalty: {SPLIT_PENALTY}, degradedPenalty: 0}}\n")


def make_orders(rng, count, skus, popularity, order_id, line_counts, quantities):
    """`count` orders shipped to the bench cities, with distinct SKUs drawn by popularity; and the units per SKU."""
    orders = []
    for index in range(count):
        city, region, lat, lon = rng.choice(CITIES)
        line_count = rng.choices(line_counts[0], weights=line_counts[1])[0]
        chosen = []
        while len(chosen) < line_count:
            sku = rng.choices(skus, weights=popularity)[0]
            if sku not in chosen:
                chosen.append(sku)
        orders.append({
            "orderId": order_id(index), "tenant": "bench", "channel": "tmall", "orderTotal": rng.randint(2000, 90000),
            "shipTo": {"lat": round(lat + rng.uniform(-0.3, 0.3), 4), "lon": round(lon + rng.uniform(-0.3, 0.3), 4),
                       "city": city, "region": region},
            "mode": "ship", "lines": [{"sku": sku, "quantity": rng.choices(quantities[0], weights=quantities[1])[0]} for sku in chosen],
        })
    demand = {sku: 0 for sku in skus}
    for order in orders:
        for line in order["lines"]:
            demand[line["sku"]] += line["quantity"]
    return orders, demand


def generate(seed, directory, order_count, node_count, sku_count):
    """Orders first (popular SKUs more often), then stock: each SKU sits in 2-6 warehouses holding 1.3x the units
    ordered between them (at least 4 each), stores hold a few units of a quarter of the SKUs. Stock is tight at the
    cheapest nodes and capacity binds, but every order can be filled somewhere, so the comparison is about cost."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    skus = [f"SKU-{index:04d}" for index in range(sku_count)]
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(sku_count)]
    orders, demand = make_orders(rng, order_count, skus, popularity, lambda index: f"B{seed}-{index:05d}",
                                 ([1, 2, 3, 4], [50, 30, 15, 5]), ([1, 2, 3], [70, 20, 10]))

    warehouse_count = max(2, node_count * 2 // 5)
    nodes = []
    for index in range(node_count):
        city, region, lat, lon = CITIES[index % len(CITIES)]
        warehouse = index < warehouse_count
        nodes.append({
            "id": f"{'WH' if warehouse else 'ST'}-{index:02d}", "kind": "warehouse" if warehouse else "store",
            "city": city, "region": region,
            "lat": round(lat + rng.uniform(-0.2, 0.2), 4), "lon": round(lon + rng.uniform(-0.2, 0.2), 4),
            "capacityPerHour": rng.randint(120, 220) if warehouse else rng.randint(15, 40),
            "currentLoad": rng.randint(0, 20) if warehouse else rng.randint(0, 5),
            "costPerShipment": rng.randint(500, 700) if warehouse else rng.randint(750, 950),
            "costPerKm": round(rng.uniform(0.3, 0.5), 2) if warehouse else round(rng.uniform(0.9, 1.4), 2),
            "stock": {sku: rng.randint(1, 4) for sku in rng.sample(skus, k=int(sku_count * 0.25))} if not warehouse else {},
        })
    warehouses = nodes[:warehouse_count]
    for sku in skus:
        holders = rng.sample(warehouses, k=rng.randint(2, min(6, warehouse_count)))
        weights = [rng.uniform(0.5, 1.5) for _ in holders]
        for holder, weight in zip(holders, weights):
            holder["stock"][sku] = max(4, round(demand[sku] * 1.3 * weight / sum(weights)))
    write_network(directory, nodes)
    write_policy(directory)
    with open(directory / "orders.ndjson", "w") as out:
        for order in orders:
            out.write(json.dumps(order, separators=(",", ":")) + "\n")


def tight(seed, directory, order_count, node_count=30, sku_count=120, stock_ratio=1.25, hub_share=0.5, capacity=None):
    """A backlog on tight stock: Zipf-like demand over `sku_count` SKUs, total stock `stock_ratio` x demand, and
    `hub_share` of each SKU's units in one warehouse (a different one per SKU), the rest spread over 2-5 others.
    Capacities are ample unless `capacity` is given: then each warehouse takes `capacity` x its fair share of the
    orders (orders / warehouses) and stores take little, so capacity binds as well."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    skus = [f"SKU-{index:04d}" for index in range(sku_count)]
    popularity = [1.0 / (rank + 1) ** 1.0 for rank in range(sku_count)]
    orders, demand = make_orders(rng, order_count, skus, popularity, lambda index: f"T{seed}-{index:06d}",
                                 ([1, 2, 3], [60, 30, 10]), ([1, 2], [80, 20]))
    warehouse_count = max(6, node_count // 2)
    nodes = []
    for index in range(node_count):
        city, region, lat, lon = CITIES[index % len(CITIES)]
        warehouse = index < warehouse_count
        nodes.append({
            "id": f"{'WH' if warehouse else 'ST'}-{index:02d}", "kind": "warehouse" if warehouse else "store",
            "city": city, "region": region,
            "lat": round(lat + rng.uniform(-0.2, 0.2), 4), "lon": round(lon + rng.uniform(-0.2, 0.2), 4),
            "capacityPerHour": (order_count * 4 if capacity is None
                                else max(1, round(capacity * order_count / warehouse_count)) if warehouse else max(1, order_count // 200)),
            "currentLoad": 0,
            "costPerShipment": rng.randint(500, 700) if warehouse else rng.randint(750, 950),
            "costPerKm": round(rng.uniform(0.3, 0.5), 2) if warehouse else round(rng.uniform(0.9, 1.4), 2),
            "stock": {},
        })
    warehouses = nodes[:warehouse_count]
    for sku in skus:
        total = max(2, round(demand[sku] * stock_ratio))
        hub, *others = rng.sample(warehouses, k=rng.randint(3, min(6, warehouse_count)))
        hub["stock"][sku] = round(total * hub_share)
        rest = total - hub["stock"][sku]
        weights = [rng.uniform(0.5, 1.5) for _ in others]
        for other, weight in zip(others, weights):
            other["stock"][sku] = max(1, round(rest * weight / sum(weights)))
    write_network(directory, nodes)
    write_policy(directory)
    with open(directory / "orders.ndjson", "w") as out:
        for order in orders:
            out.write(json.dumps(order, separators=(",", ":")) + "\n")


def failover_instance(directory, order_count):
    """20 nodes; the hub WH-HUB is cheapest for every order, so all orders sit there when it fails."""
    rng = random.Random(7)
    directory.mkdir(parents=True, exist_ok=True)
    skus = [f"SKU-{index:04d}" for index in range(50)]
    nodes = []
    for index in range(20):
        city, region, lat, lon = CITIES[index % len(CITIES)]
        hub = index == 0
        nodes.append({
            "id": "WH-HUB" if hub else f"{'WH' if index < 8 else 'ST'}-{index:02d}", "kind": "warehouse" if index < 8 else "store",
            "city": city, "region": region, "lat": lat, "lon": lon,
            "capacityPerHour": 1_000_000, "currentLoad": 0, "costPerShipment": 100 if hub else rng.randint(500, 900),
            "costPerKm": 0.0 if hub else 0.4, "stock": {sku: 1_000_000 for sku in skus},
        })
    write_network(directory, nodes)
    write_policy(directory)
    with open(directory / "orders.ndjson", "w") as out:
        for index in range(order_count):
            city, region, lat, lon = rng.choice(CITIES)
            lines = rng.sample(skus, k=rng.choice([1, 1, 2, 3]))
            out.write(json.dumps({
                "orderId": f"F-{index:06d}", "channel": "tmall", "orderTotal": 5000,
                "shipTo": {"lat": lat, "lon": lon, "city": city},
                "lines": [{"sku": sku, "quantity": 1} for sku in lines]}, separators=(",", ":")) + "\n")


def load_instance(directory):
    nodes = json.loads((directory / "nodes.json").read_text())
    orders = [json.loads(line) for line in (directory / "orders.ndjson").read_text().splitlines() if line.strip()]
    return nodes, orders


def hinted_assignment(decisions_path):
    """Per order id: None when backordered, else {sku: node id} as ChannelGate decided it."""
    assignment = {}
    for line in Path(decisions_path).read_text().splitlines():
        decision = json.loads(line)
        if decision["status"] == "backordered":
            assignment[decision["orderId"]] = None
        else:
            assignment[decision["orderId"]] = {item["sku"]: shipment["nodeId"]
                                               for shipment in decision["shipments"] for item in shipment["lines"]}
    return assignment


def solve(directory, time_limit, hint_path=None):
    from ortools.sat.python import cp_model

    nodes, orders = load_instance(directory)
    hint = hinted_assignment(hint_path) if hint_path else None
    model = cp_model.CpModel()
    stock_terms = {}
    shipments_at = {index: [] for index in range(len(nodes))}
    objective = []
    filled_vars = []
    for order in orders:
        lat, lon = order["shipTo"]["lat"], order["shipTo"]["lon"]
        filled = model.NewBoolVar("")
        filled_vars.append(filled)
        hinted = hint.get(order["orderId"]) if hint else None
        if hint:
            model.AddHint(filled, 1 if hinted else 0)
        used = {}
        for line in order["lines"]:
            options = []
            for index, node in enumerate(nodes):
                if node["stock"].get(line["sku"], 0) >= line["quantity"] and node["capacityPerHour"] > node["currentLoad"]:
                    assign = model.NewBoolVar("")
                    options.append(assign)
                    if hint:
                        model.AddHint(assign, 1 if hinted and hinted.get(line["sku"]) == node["id"] else 0)
                    if index not in used:
                        used[index] = model.NewBoolVar("")
                    model.AddImplication(assign, used[index])
                    stock_terms.setdefault((index, line["sku"]), []).append((line["quantity"], assign))
            model.Add(sum(options) == filled)
        for index, shipment in used.items():
            shipments_at[index].append(shipment)
            objective.append((shipment_cost(nodes[index], lat, lon) + SPLIT_PENALTY) * shipment)
        objective.append(-SPLIT_PENALTY * filled + UNFILLED_PENALTY * (1 - filled))
    for (index, sku), terms in stock_terms.items():
        model.Add(sum(quantity * var for quantity, var in terms) <= nodes[index]["stock"][sku])
    for index, shipments in shipments_at.items():
        model.Add(sum(shipments) <= nodes[index]["capacityPerHour"] - nodes[index]["currentLoad"])
    model.Minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = int(os.environ.get("CPSAT_WORKERS", "8"))
    started = time.perf_counter()
    status = solver.Solve(model)
    elapsed = time.perf_counter() - started
    unfilled = sum(1 for var in filled_vars if solver.Value(var) == 0)
    shipments = sum(solver.Value(var) for vars_at_node in shipments_at.values() for var in vars_at_node)
    print(json.dumps({
        "status": solver.StatusName(status), "objective": round(solver.ObjectiveValue()), "bound": round(solver.BestObjectiveBound()),
        "seconds": elapsed, "unfilled": unfilled, "shipments": shipments,
    }))


def evaluate(directory, decisions_path):
    nodes, orders = load_instance(directory)
    by_id = {node["id"]: node for node in nodes}
    order_by_id = {order["orderId"]: order for order in orders}
    used_stock = {}
    used_capacity = {}
    total = 0
    shipments = 0
    unfilled = 0
    errors = []
    for line in Path(decisions_path).read_text().splitlines():
        decision = json.loads(line)
        order = order_by_id[decision["orderId"]]
        if decision["status"] == "backordered":
            unfilled += 1
            total += UNFILLED_PENALTY
            continue
        lat, lon = order["shipTo"]["lat"], order["shipTo"]["lon"]
        delivered = {}
        for shipment in decision["shipments"]:
            node = by_id[shipment["nodeId"]]
            total += shipment_cost(node, lat, lon)
            used_capacity[node["id"]] = used_capacity.get(node["id"], 0) + 1
            for item in shipment["lines"]:
                key = (node["id"], item["sku"])
                used_stock[key] = used_stock.get(key, 0) + item["quantity"]
                delivered[item["sku"]] = delivered.get(item["sku"], 0) + item["quantity"]
        total += SPLIT_PENALTY * (len(decision["shipments"]) - 1)
        shipments += len(decision["shipments"])
        wanted = {item["sku"]: item["quantity"] for item in order["lines"]}
        if delivered != wanted:
            errors.append(f"{decision['orderId']}: ships {delivered}, ordered {wanted}")
    for (node_id, sku), units in used_stock.items():
        if units > by_id[node_id]["stock"].get(sku, 0):
            errors.append(f"{node_id} {sku}: {units} shipped, {by_id[node_id]['stock'].get(sku, 0)} in stock")
    for node_id, count in used_capacity.items():
        node = by_id[node_id]
        if count > node["capacityPerHour"] - node["currentLoad"]:
            errors.append(f"{node_id}: {count} shipments over capacity")
    print(json.dumps({"objective": total, "shipments": shipments, "unfilled": unfilled, "violations": errors[:5],
                      "violation_count": len(errors)}))


def read_json(path):
    return json.loads(Path(path).read_text().strip().splitlines()[-1])


def report(work, seeds):
    """Markdown tables from engine.json / evaluation.json / cpsat.json per seed and failover.json."""
    print("| seed | orders | ChannelGate cost | CP-SAT cost (status) | CP-SAT bound | gap to CP-SAT | gap to bound "
          "| unfilled (ours / CP-SAT) | ChannelGate time | CP-SAT time | speed ratio | violations |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    gaps, ratios = [], []
    for seed in seeds:
        directory = work / f"seed-{seed}"
        engine, evaluation, cpsat = (read_json(directory / name) for name in ("engine.json", "evaluation.json", "cpsat.json"))
        gap = (evaluation["objective"] - cpsat["objective"]) / cpsat["objective"] * 100
        bound_gap = (evaluation["objective"] - cpsat["bound"]) / cpsat["bound"] * 100
        ratio = cpsat["seconds"] / engine["routeSeconds"]
        gaps.append(gap)
        ratios.append(ratio)
        print(f"| {seed} | {engine['orders']} | {evaluation['objective']:,} | {cpsat['objective']:,} ({cpsat['status']}) "
              f"| {cpsat['bound']:,} | {gap:+.2f} % | {bound_gap:+.2f} % | {evaluation['unfilled']} / {cpsat['unfilled']} "
              f"| {engine['routeSeconds'] * 1000:.2f} ms | {cpsat['seconds']:.2f} s | {ratio:,.0f}× | {evaluation['violation_count']} |")
    print()
    print(f"Mean gap to CP-SAT: {sum(gaps) / len(gaps):+.2f} % (worst {max(gaps):+.2f} %); "
          f"lowest speed ratio {min(ratios):,.0f}×. Targets: within 3 % of the optimum at ≥ 100× CP-SAT's speed.")
    rows = [(mode, work / "failover" / f"failover-{mode}.json") for mode in ("arrival", "wave")]
    if any(path.exists() for _, path in rows):
        print()
        print("| failover instance (20 nodes, 50 SKUs) | orders routed | routing orders/s | node failed | orders moved "
              "| re-routed | backordered | failover time |")
        print("|---|---:|---:|---|---:|---:|---:|---:|")
        for mode, path in rows:
            if not path.exists():
                continue
            result = read_json(path)
            moved = result["failover"]
            how = "one at a time (online)" if mode == "arrival" else "one wave (batch)"
            print(f"| routed {how} | {result['orders']:,} | {result['ordersPerSecond']:,.0f} | {moved['node']} | {moved['affected']:,} "
                  f"| {moved['rerouted'] + moved['held']:,} | {moved['unfilled']:,} | {moved['seconds'] * 1000:.0f} ms |")
        print()
        print("Target: 100,000 affected orders re-routed in under 1 s.")


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("generate")
    command.add_argument("seed", type=int)
    command.add_argument("directory", type=Path)
    command.add_argument("--orders", type=int, default=1000)
    command.add_argument("--nodes", type=int, default=20)
    command.add_argument("--skus", type=int, default=200)
    command = commands.add_parser("tight")
    command.add_argument("seed", type=int)
    command.add_argument("directory", type=Path)
    command.add_argument("--orders", type=int, default=100_000)
    command.add_argument("--stock-ratio", type=float, default=1.25)
    command.add_argument("--capacity", type=float, default=None)
    command.add_argument("--nodes", type=int, default=30)
    command.add_argument("--skus", type=int, default=120)
    command = commands.add_parser("failover")
    command.add_argument("directory", type=Path)
    command.add_argument("--orders", type=int, default=100_000)
    command = commands.add_parser("solve")
    command.add_argument("directory", type=Path)
    command.add_argument("--time-limit", type=float, default=60.0)
    command.add_argument("--hint", type=Path, default=None, help="ChannelGate decisions (NDJSON) to start from")
    command = commands.add_parser("report")
    command.add_argument("work", type=Path)
    command.add_argument("seeds", nargs="+")
    command = commands.add_parser("evaluate")
    command.add_argument("directory", type=Path)
    command.add_argument("decisions", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.seed, arguments.directory, arguments.orders, arguments.nodes, arguments.skus)
    elif arguments.command == "tight":
        tight(arguments.seed, arguments.directory, arguments.orders, node_count=arguments.nodes, sku_count=arguments.skus,
              stock_ratio=arguments.stock_ratio, capacity=arguments.capacity)
    elif arguments.command == "failover":
        failover_instance(arguments.directory, arguments.orders)
    elif arguments.command == "solve":
        solve(arguments.directory, arguments.time_limit, arguments.hint)
    elif arguments.command == "report":
        report(arguments.work, arguments.seeds)
    else:
        evaluate(arguments.directory, arguments.decisions)


if __name__ == "__main__":
    sys.exit(main())
