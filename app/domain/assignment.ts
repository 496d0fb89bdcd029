// Which judges score which entries. The rules, strongest first:
//   1. every entry gets min(k, judges without a conflict with it) distinct judges, none conflicted;
//   2. judges' loads are as even as the conflicts allow: within one of each other whenever any
//      assignment achieves that, counting judges left with nothing;
//   3. an assignment that already exists and is still valid stays, so a late conflict moves only the
//      conflicted pair and whatever rule 2 needs;
//   4. each entry gets a clinical and a technical judge, when the pool has both and k >= 2; when
//      even loads leave too few clinical or technical places to go round, the number of places
//      missing is as small as it can be (an entry with neither counts twice);
//   5. as few judges as possible cross to another room (a judge without a room roams freely);
//   6. remaining ties fall to a seeded hash, so a given seed always gives the same assignment.
//
// All six are one minimum-cost flow: judges -> entries -> sink, where each unit of flow is one
// judge-entry pair. The cost of a pair is a vector compared component by component in the order of
// the rules, so a weaker rule can never outweigh a stronger one (no magic weights to overflow). A
// judge's n-th entry costs n on the load component: the flow that minimises that convex cost
// minimises the sum of squared loads, which on these flows also minimises the largest load and
// maximises the smallest, so the spread is the smallest possible. Successive shortest paths find an
// exact optimum; no greedy pass and repair is needed.

export type Expertise = "clinical" | "technical" | "other";

export interface AssignmentJudge {
  id: string;
  expertise: Expertise;
  room?: string | null;
}

export interface AssignmentEntry {
  id: string;
  room?: string | null;
}

export interface AssignmentInput {
  judges: readonly AssignmentJudge[];
  entries: readonly AssignmentEntry[];
  /** k: how many judges each entry should have. */
  perEntry: number;
  /** Keys made by conflictKey(judgeId, entryId). */
  conflicts: ReadonlySet<string>;
  /** The current assignment; the pairs that are still valid are kept unless loads need them moved. */
  existing?: readonly { judgeId: string; entryId: string }[];
  seed?: number;
}

export interface AssignmentResult {
  assignments: { judgeId: string; entryId: string }[];
  /** Entries that get fewer than k judges, and why. */
  shortfalls: { entryId: string; wanted: number; got: number; reason: string }[];
  /** Entry ids that lack a clinical or a technical judge although the pool has both (only when k >= 2). */
  mixMissing: string[];
}

export function conflictKey(judgeId: string, entryId: string): string {
  return `${judgeId}:${entryId}`;
}

/** The largest load minus the smallest, over the given judges (a judge with no entries has load 0). */
export function loadSpread(assignments: readonly { judgeId: string }[], judgeIds: readonly string[]): number {
  if (judgeIds.length === 0) return 0;
  const loads = new Map<string, number>(judgeIds.map((id) => [id, 0]));
  for (const { judgeId } of assignments) {
    const load = loads.get(judgeId);
    if (load !== undefined) loads.set(judgeId, load + 1);
  }
  const values = [...loads.values()];
  return Math.max(...values) - Math.min(...values);
}

// Cost components, in order of precedence.
const LOAD = 0;
const KEEP = 1;
const MIX = 2;
const ROOM = 3;
const TIE = 4;
const COMPONENTS = 5;
const UNLIMITED = 1 << 30;
const TIE_BITS = 20;

function costVector(values: Partial<Record<0 | 1 | 2 | 3 | 4, number>>): number[] {
  const vector = new Array<number>(COMPONENTS).fill(0);
  for (const [index, value] of Object.entries(values)) vector[Number(index)] = value;
  return vector;
}

// Minimum-cost flow by successive shortest paths, with vector costs compared lexicographically.
// There is no source node: each search starts from the source nodes (the judges) at a cost the
// caller supplies (the judge's next entry), which stands in for convex-cost edges from a real source
// and saves one edge per judge per possible load. Dijkstra runs on costs reduced by node potentials,
// which keeps them non-negative although the bonuses make raw costs negative; one Bellman-Ford pass
// sets the first potentials. A hack day (40 entries, 15 judges, k = 3) takes tens of milliseconds;
// 200 entries with 40 judges, about 0.2 seconds.
class MinCostFlow {
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly to: Int32Array;
  readonly cap: Int32Array;
  private readonly cost: Float64Array;
  private edges = 0;
  private readonly potential: Float64Array;
  private readonly dist: Float64Array;
  private readonly previous: Int32Array;
  private readonly state: Uint8Array; // 0 unseen, 1 in the heap, 2 settled
  private readonly heap: Int32Array;
  private readonly position: Int32Array;
  private heapSize = 0;
  private readonly scratch = new Float64Array(COMPONENTS);
  private primed = false;

  constructor(
    private readonly nodes: number,
    maxEdges: number,
  ) {
    this.head = new Int32Array(nodes).fill(-1);
    this.next = new Int32Array(maxEdges * 2);
    this.to = new Int32Array(maxEdges * 2);
    this.cap = new Int32Array(maxEdges * 2);
    this.cost = new Float64Array(maxEdges * 2 * COMPONENTS);
    this.potential = new Float64Array(nodes * COMPONENTS);
    this.dist = new Float64Array(nodes * COMPONENTS);
    this.previous = new Int32Array(nodes);
    this.state = new Uint8Array(nodes);
    this.heap = new Int32Array(nodes);
    this.position = new Int32Array(nodes);
  }

  /** Adds an edge and its reverse (edge id ^ 1); returns the forward edge's id. */
  addEdge(from: number, to: number, capacity: number, cost: readonly number[]): number {
    const id = this.edges;
    this.link(from, to, capacity, cost, 1);
    this.link(to, from, 0, cost, -1);
    return id;
  }

  private link(from: number, to: number, capacity: number, cost: readonly number[], sign: 1 | -1): void {
    const id = this.edges++;
    this.next[id] = this.head[from]!;
    this.head[from] = id;
    this.to[id] = to;
    this.cap[id] = capacity;
    for (let c = 0; c < COMPONENTS; c++) this.cost[id * COMPONENTS + c] = sign * (cost[c] ?? 0);
  }

  /**
   * Sends one unit along a cheapest path from a source (nodes 0 to sources - 1) to `sink`.
   * `sourceCost(j)` is the load component of the next unit leaving source j. Returns the source the
   * path started from, or -1 when the sink cannot be reached.
   */
  augment(sources: number, sourceCost: (j: number) => number, sink: number): number {
    if (!this.primed) {
      this.bellmanFord(sources, sourceCost);
      this.primed = true;
    }
    if (!this.dijkstra(sources, sourceCost, sink)) return -1;
    let node = sink;
    for (let edge = this.previous[node]!; edge !== -1; edge = this.previous[node]!) {
      this.cap[edge]!--;
      this.cap[edge ^ 1]!++;
      node = this.to[edge ^ 1]!;
    }
    return node;
  }

  // Exact distances despite negative costs (there are no negative cycles before any flow moves);
  // they become the first potentials, so every later reduced cost is non-negative.
  private bellmanFord(sources: number, sourceCost: (j: number) => number): void {
    const { dist, state } = this;
    const queue: number[] = [];
    const queued = new Uint8Array(this.nodes);
    for (let j = 0; j < sources; j++) {
      dist[j * COMPONENTS + LOAD] = sourceCost(j);
      state[j] = 1;
      queued[j] = 1;
      queue.push(j);
    }
    for (let index = 0; index < queue.length; index++) {
      const u = queue[index]!;
      queued[u] = 0;
      for (let edge = this.head[u]!; edge !== -1; edge = this.next[edge]!) {
        if (this.cap[edge]! <= 0) continue;
        const v = this.to[edge]!;
        if (!this.relaxes(u, v, edge, false)) continue;
        state[v] = 1;
        if (queued[v] === 0) {
          queued[v] = 1;
          queue.push(v);
        }
      }
    }
    // Nodes nothing reaches keep potential 0: they never become reachable, as new residual edges
    // only ever join nodes that a path already reached.
    for (let v = 0; v < this.nodes; v++) {
      if (state[v] !== 0)
        for (let c = 0; c < COMPONENTS; c++) this.potential[v * COMPONENTS + c] = dist[v * COMPONENTS + c]!;
    }
  }

  // Whether going u -> v along `edge` improves v's distance; if so, records it. With `reduced`, the
  // edge's cost is taken relative to the potentials.
  private relaxes(u: number, v: number, edge: number, reduced: boolean): boolean {
    const { dist, potential, scratch } = this;
    const ub = u * COMPONENTS;
    const vb = v * COMPONENTS;
    const eb = edge * COMPONENTS;
    for (let c = 0; c < COMPONENTS; c++) {
      scratch[c] = dist[ub + c]! + this.cost[eb + c]! + (reduced ? potential[ub + c]! - potential[vb + c]! : 0);
    }
    if (this.state[v] !== 0) {
      let better = false;
      for (let c = 0; c < COMPONENTS; c++) {
        const current = dist[vb + c]!;
        if (scratch[c] !== current) {
          better = scratch[c]! < current;
          break;
        }
      }
      if (!better) return false;
    }
    for (let c = 0; c < COMPONENTS; c++) dist[vb + c] = scratch[c]!;
    this.previous[v] = edge;
    return true;
  }

  private dijkstra(sources: number, sourceCost: (j: number) => number, sink: number): boolean {
    const { dist, potential, state } = this;
    state.fill(0);
    this.previous.fill(-1);
    this.heapSize = 0;
    for (let j = 0; j < sources; j++) {
      for (let c = 0; c < COMPONENTS; c++) dist[j * COMPONENTS + c] = -potential[j * COMPONENTS + c]!;
      dist[j * COMPONENTS + LOAD]! += sourceCost(j);
      state[j] = 1;
      this.push(j);
    }
    while (this.heapSize > 0) {
      const u = this.pop();
      state[u] = 2;
      if (u === sink) break;
      for (let edge = this.head[u]!; edge !== -1; edge = this.next[edge]!) {
        if (this.cap[edge]! <= 0) continue;
        const v = this.to[edge]!;
        if (state[v] === 2) continue;
        const seen = state[v] === 1;
        if (!this.relaxes(u, v, edge, true)) continue;
        state[v] = 1;
        if (seen) this.siftUp(this.position[v]!);
        else this.push(v);
      }
    }
    if (state[sink] !== 2) return false;
    // Settled nodes move by their distance, the rest by the sink's, which keeps every reduced cost
    // non-negative even though the search stopped at the sink.
    for (let v = 0; v < this.nodes; v++) {
      const base = (state[v] === 2 ? v : sink) * COMPONENTS;
      for (let c = 0; c < COMPONENTS; c++) potential[v * COMPONENTS + c]! += dist[base + c]!;
    }
    return true;
  }

  private less(a: number, b: number): boolean {
    const { dist } = this;
    for (let c = 0; c < COMPONENTS; c++) {
      const x = dist[a * COMPONENTS + c]!;
      const y = dist[b * COMPONENTS + c]!;
      if (x !== y) return x < y;
    }
    return a < b;
  }

  private push(v: number): void {
    this.heap[this.heapSize] = v;
    this.position[v] = this.heapSize;
    this.siftUp(this.heapSize++);
  }

  private pop(): number {
    const top = this.heap[0]!;
    const last = this.heap[--this.heapSize]!;
    if (this.heapSize > 0) {
      this.heap[0] = last;
      this.position[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(index: number): void {
    const { heap, position } = this;
    const v = heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(v, p)) break;
      heap[index] = p;
      position[p] = index;
      index = parent;
    }
    heap[index] = v;
    position[v] = index;
  }

  private siftDown(index: number): void {
    const { heap, position } = this;
    const v = heap[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= this.heapSize) break;
      if (child + 1 < this.heapSize && this.less(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!this.less(c, v)) break;
      heap[index] = c;
      position[c] = index;
      index = child;
    }
    heap[index] = v;
    position[v] = index;
  }
}

// 32-bit FNV-1a with a murmur finaliser: a stable, seeded tie-break that depends on the ids rather
// than on the order the database happened to return rows in.
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

function roomOf(item: { room?: string | null }): string {
  return (item.room ?? "").trim().toLowerCase();
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function shortfallReason(eligible: number, poolSize: number, perEntry: number): string {
  if (poolSize === 0) return "There are no judges to assign";
  if (eligible === 0) return "Every judge has a conflict with this entry";
  if (eligible === poolSize) {
    return `There ${poolSize === 1 ? "is" : "are"} only ${plural(poolSize, "judge", "judges")}, fewer than the ${perEntry} each entry should have`;
  }
  return `Only ${plural(eligible, "judge has", "judges have")} no conflict with this entry`;
}

export function assignJudges(input: AssignmentInput): AssignmentResult {
  const perEntry = input.perEntry;
  if (!Number.isSafeInteger(perEntry) || perEntry < 0) {
    throw new RangeError(`Judges per entry must be a whole number of at least 0, not ${perEntry}`);
  }
  const seed = input.seed ?? 0;
  const inputJudges = uniqueById(input.judges);
  const inputEntries = uniqueById(input.entries);
  // Solve in id order so that the answer does not depend on the order of the input.
  const judges = [...inputJudges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const entries = [...inputEntries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const judgeCount = judges.length;

  const mixApplies =
    perEntry >= 2 &&
    judges.some((judge) => judge.expertise === "clinical") &&
    judges.some((judge) => judge.expertise === "technical");

  const judgeIds = new Set(judges.map((judge) => judge.id));
  const entryIds = new Set(entries.map((entry) => entry.id));
  const keep = new Set(
    (input.existing ?? [])
      .filter(
        ({ judgeId, entryId }) =>
          judgeIds.has(judgeId) && entryIds.has(entryId) && !input.conflicts.has(conflictKey(judgeId, entryId)),
      )
      .map(({ judgeId, entryId }) => conflictKey(judgeId, entryId)),
  );

  // Nodes: judges first, then per entry its own node and, when the mix matters, a clinical and a
  // technical node in front of it, then the sink. The source is implicit (see MinCostFlow).
  const stride = mixApplies ? 3 : 1;
  const entryNode = (e: number) => judgeCount + e * stride;
  const sink = judgeCount + entries.length * stride;
  const maxEdges = judgeCount * entries.length + entries.length * (mixApplies ? 5 : 1);
  const network = new MinCostFlow(sink + 1, maxEdges);
  const pairs: { edge: number; judge: number; entry: number }[] = [];
  const eligibleCounts: number[] = [];
  let total = 0;

  entries.forEach((entry, e) => {
    let eligible = 0;
    judges.forEach((judge, j) => {
      const key = conflictKey(judge.id, entry.id);
      if (input.conflicts.has(key)) return;
      eligible++;
      const target =
        mixApplies && judge.expertise === "clinical"
          ? entryNode(e) + 1
          : mixApplies && judge.expertise === "technical"
            ? entryNode(e) + 2
            : entryNode(e);
      const judgeRoom = roomOf(judge);
      const entryRoom = roomOf(entry);
      const cost = costVector({
        [KEEP]: keep.has(key) ? -1 : 0,
        // A judge with no room roams freely, so only a judge placed in another room costs a walk.
        [ROOM]: judgeRoom !== "" && entryRoom !== "" && judgeRoom !== entryRoom ? 1 : 0,
        [TIE]: hash32(`${seed}\u0000${key}`) >>> (32 - TIE_BITS),
      });
      pairs.push({ edge: network.addEdge(j, target, 1, cost), judge: j, entry: e });
    });
    eligibleCounts.push(eligible);
    const need = Math.min(perEntry, eligible);
    total += need;
    network.addEdge(entryNode(e), sink, need, costVector({}));
    if (mixApplies) {
      // The first clinical and the first technical judge earn a bonus; further ones are neutral.
      for (const sub of [1, 2]) {
        network.addEdge(entryNode(e) + sub, entryNode(e), 1, costVector({ [MIX]: -1 }));
        network.addEdge(entryNode(e) + sub, entryNode(e), UNLIMITED, costVector({}));
      }
    }
  });

  // A judge's n-th entry costs n: the convex load cost that evens loads out.
  const loads = new Array<number>(judgeCount).fill(0);
  const nextUnitCost = (j: number) => (loads[j] ?? 0) + 1;
  for (let unit = 0; unit < total; unit++) {
    const judge = network.augment(judgeCount, nextUnitCost, sink);
    if (judge < 0) break; // cannot happen: no entry needs more judges than it has eligible ones
    loads[judge] = (loads[judge] ?? 0) + 1;
  }

  const chosen = new Set<string>();
  for (const pair of pairs) {
    if (network.cap[pair.edge] === 0) {
      const judge = judges[pair.judge];
      const entry = entries[pair.entry];
      if (judge && entry) chosen.add(conflictKey(judge.id, entry.id));
    }
  }

  // Report in the caller's order: entries as given, and each entry's judges as given.
  const assignments: AssignmentResult["assignments"] = [];
  const shortfalls: AssignmentResult["shortfalls"] = [];
  const mixMissing: string[] = [];
  const eligibleById = new Map(entries.map((entry, e) => [entry.id, eligibleCounts[e] ?? 0]));
  for (const entry of inputEntries) {
    const panel = inputJudges.filter((judge) => chosen.has(conflictKey(judge.id, entry.id)));
    for (const judge of panel) assignments.push({ judgeId: judge.id, entryId: entry.id });
    const eligible = eligibleById.get(entry.id) ?? 0;
    if (eligible < perEntry) {
      shortfalls.push({
        entryId: entry.id,
        wanted: perEntry,
        got: panel.length,
        reason: shortfallReason(eligible, judgeCount, perEntry),
      });
    }
    if (
      mixApplies &&
      !(panel.some((judge) => judge.expertise === "clinical") && panel.some((judge) => judge.expertise === "technical"))
    ) {
      mixMissing.push(entry.id);
    }
  }
  return { assignments, shortfalls, mixMissing };
}
