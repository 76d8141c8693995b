/**
 * Analytics filters (`{type: and|or, clauses[], predicates[]}`) compiled into plain functions.
 * The same compiler serves aggregate filters (evaluated per session), details
 * conversationFilters (per conversation) and segmentFilters (per segment).
 *
 * A compiled filter runs for every conversation (or session, or segment) a query scans, so its
 * size is bounded: each array by the request schemas' `.max()` (lib/genesys/schemas.ts), and a
 * query field's predicates in all by FILTER_TOTAL_PREDICATES_MAX (limitPredicates). An `or` of
 * `matches` predicates on one dimension (a list of queues) is one set lookup, not a scan.
 */
import { badRequest } from "./errors";

export type FilterPredicate = {
  type?: "dimension" | "property" | "metric";
  dimension?: string;
  metric?: string;
  operator?: "matches" | "exists" | "notExists";
  value?: string;
  range?: { gt?: number; gte?: number; lt?: number; lte?: number };
  property?: string;
  propertyType?: string;
};
export type Filter = {
  type: "and" | "or";
  clauses?: { type: "and" | "or"; predicates: FilterPredicate[] }[];
  predicates?: FilterPredicate[];
};

export type Getter<C> = (ctx: C) => string | undefined;
export type Test<C> = (ctx: C) => boolean;

export type FilterSpace<C> = {
  /** e.g. "filter", "segmentFilters[0]": used in error messages. */
  field: string;
  dimensions: Record<string, Getter<C>>;
  metrics?: Record<string, (ctx: C) => number | undefined>;
};

function combine<C>(type: "and" | "or", tests: Test<C>[]): Test<C> {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return type === "and" ? (c) => tests.every((t) => t(c)) : (c) => tests.some((t) => t(c));
}

function inRange(v: number, r: NonNullable<FilterPredicate["range"]>): boolean {
  return (
    (r.gt === undefined || v > r.gt) &&
    (r.gte === undefined || v >= r.gte) &&
    (r.lt === undefined || v < r.lt) &&
    (r.lte === undefined || v <= r.lte)
  );
}

function compilePredicate<C>(p: FilterPredicate, space: FilterSpace<C>, where: string): Test<C> {
  const type = p.type ?? (p.metric ? "metric" : p.property ? "property" : "dimension");
  const operator = p.operator ?? "matches";
  if (type === "property") throw badRequest(`${where}: property predicates are not modelled by the simulator.`, where);
  if (type === "metric") {
    const get = p.metric ? space.metrics?.[p.metric] : undefined;
    if (!p.metric) throw badRequest(`${where}: a metric predicate needs a metric.`, `${where}.metric`, "required.field.missing");
    if (!get)
      throw badRequest(`${where}: the simulator does not model metric predicates on [${p.metric}].`, `${where}.metric`, "invalid.value");
    if (operator === "exists") return (c) => get(c) !== undefined;
    if (operator === "notExists") return (c) => get(c) === undefined;
    if (!p.range) throw badRequest(`${where}: a metric predicate needs a range.`, `${where}.range`, "required.field.missing");
    const range = p.range;
    return (c) => {
      const v = get(c);
      return v !== undefined && inRange(v, range);
    };
  }
  if (!p.dimension) throw badRequest(`${where}: a dimension predicate needs a dimension.`, `${where}.dimension`, "required.field.missing");
  const get = space.dimensions[p.dimension];
  if (!get) {
    throw badRequest(
      `${where}: the simulator does not model the dimension [${p.dimension}]. Modelled: ${Object.keys(space.dimensions).join(", ")}.`,
      `${where}.dimension`,
      "invalid.value",
    );
  }
  if (p.range) throw badRequest(`${where}: a range applies to metric predicates, not to the dimension [${p.dimension}].`, `${where}.range`);
  if (operator === "exists") return (c) => get(c) !== undefined;
  if (operator === "notExists") return (c) => get(c) === undefined;
  if (p.value === undefined) throw badRequest(`${where}: a matches predicate needs a value.`, `${where}.value`, "required.field.missing");
  const value = p.value;
  return (c) => get(c) === value;
}

/** A dimension `matches` predicate (what an `or` of them can test with one set lookup). */
function plainMatch(p: FilterPredicate): p is FilterPredicate & { dimension: string; value: string } {
  const type = p.type ?? (p.metric ? "metric" : p.property ? "property" : "dimension");
  return type === "dimension" && (p.operator ?? "matches") === "matches" && p.dimension !== undefined && p.value !== undefined && !p.range;
}

/**
 * The tests of `predicates` under `type` (each compiled, so each is validated and named in errors);
 * under `or`, the `matches` predicates on one dimension become a single set lookup.
 */
function predicateTests<C>(type: "and" | "or", predicates: FilterPredicate[], space: FilterSpace<C>, where: string): Test<C>[] {
  const tests = predicates.map((p, i) => compilePredicate(p, space, `${where}[${i}]`));
  if (type !== "or") return tests;
  const rest: Test<C>[] = [];
  const values = new Map<string, Set<string>>();
  predicates.forEach((p, i) => {
    if (!plainMatch(p)) rest.push(tests[i]!);
    else if (values.has(p.dimension)) values.get(p.dimension)!.add(p.value);
    else values.set(p.dimension, new Set([p.value]));
  });
  for (const [dimension, set] of values) {
    const get = space.dimensions[dimension]!;
    rest.push((c) => {
      const v = get(c);
      return v !== undefined && set.has(v);
    });
  }
  return rest;
}

export function compileFilter<C>(filter: Filter, space: FilterSpace<C>, field = space.field): Test<C> {
  const tests = predicateTests(filter.type, filter.predicates ?? [], space, `${field}.predicates`);
  (filter.clauses ?? []).forEach((clause, ci) => {
    tests.push(combine(clause.type, predicateTests(clause.type, clause.predicates, space, `${field}.clauses[${ci}].predicates`)));
  });
  return combine(filter.type, tests);
}

/**
 * At most this many predicates in all in one query field (`filter`, `conversationFilters`,
 * `segmentFilters`): the schemas cap each array, but 50 clauses of 500 would still be 25,000
 * tests per conversation. The simulator's choice (lib/sim/README.md).
 */
export const FILTER_TOTAL_PREDICATES_MAX = 1000;

export function countPredicates(filters: Filter[]): number {
  let n = 0;
  for (const f of filters) {
    n += f.predicates?.length ?? 0;
    for (const c of f.clauses ?? []) n += c.predicates.length;
  }
  return n;
}

/** 400 naming `field` when its filters have more than FILTER_TOTAL_PREDICATES_MAX predicates in all. */
export function limitPredicates(filters: Filter[], field: string): void {
  const n = countPredicates(filters);
  if (n > FILTER_TOTAL_PREDICATES_MAX) {
    throw badRequest(
      `Field [${field}] has ${n} predicates in all; at most ${FILTER_TOTAL_PREDICATES_MAX} are allowed. Split the query, or use fewer, broader predicates.`,
      field,
    );
  }
}

/** Several filters (details' conversationFilters / segmentFilters arrays) all apply. */
export function compileFilters<C>(filters: Filter[] | undefined, space: FilterSpace<C>): Test<C> | null {
  if (!filters?.length) return null;
  return combine(
    "and",
    filters.map((f, i) => compileFilter(f, space, `${space.field}[${i}]`)),
  );
}

/** Every dimension a filter mentions. */
export function dimensionsUsed(filters: Filter[]): Set<string> {
  const out = new Set<string>();
  const visit = (p: FilterPredicate) => {
    if (p.dimension) out.add(p.dimension);
  };
  for (const f of filters) {
    f.predicates?.forEach(visit);
    f.clauses?.forEach((c) => c.predicates.forEach(visit));
  }
  return out;
}

/**
 * The values a filter forces `dimension` to take, or null when it does not constrain it
 * (conservative: used only to skip queues that cannot match, never to decide a match).
 */
export function requiredValues(filters: Filter[], dimension: string): Set<string> | null {
  const fromPredicate = (p: FilterPredicate): Set<string> | null =>
    p.dimension === dimension && (p.operator ?? "matches") === "matches" && p.value !== undefined && (p.type ?? "dimension") === "dimension"
      ? new Set([p.value])
      : null;
  const merge = (type: "and" | "or", sets: (Set<string> | null)[]): Set<string> | null => {
    if (sets.length === 0) return null;
    if (type === "or") {
      if (sets.some((s) => s === null)) return null;
      const u = new Set<string>();
      for (const s of sets) for (const v of s!) u.add(v);
      return u;
    }
    let acc: Set<string> | null = null;
    for (const s of sets) {
      if (!s) continue;
      if (!acc) {
        acc = new Set(s);
        continue;
      }
      const both = new Set<string>();
      for (const v of s) if (acc.has(v)) both.add(v);
      acc = both;
    }
    return acc;
  };
  const perFilter = filters.map((f) =>
    merge(f.type, [
      ...(f.predicates ?? []).map(fromPredicate),
      ...(f.clauses ?? []).map((c) => merge(c.type, c.predicates.map(fromPredicate))),
    ]),
  );
  return merge("and", perFilter);
}
