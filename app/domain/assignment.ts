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
// Rules 1 to 5 are one minimum-cost flow: judges -> entries -> sink, where each unit of flow is one
// judge-entry pair. The cost of a pair is a vector compared component by component in the order of
// the rules, so a weaker rule can never outweigh a stronger one (no magic weights to overflow). A
// judge's n-th entry costs n on the load component: the flow that minimises that convex cost
// minimises the sum of squared loads, which on these flows also minimises the largest load and
// maximises the smallest, so the spread is the smallest possible. The optimum is exact; no greedy
// pass and repair is needed. Rule 6 is not a cost: among the many optimal assignments, the seed
// decides the order in which judges and pairs are tried, so the search settles on one of them, the
// same one every time. (A hashed cost per pair, as this once had, makes every path's cost unique and
// forces one search per pair: minutes rather than a second at 2,000 entries and 400 judges.)

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
const COMPONENTS = 4;
const UNLIMITED = 1 << 30;

// Minimum-cost flow by the primal-dual method, with vector costs compared lexicographically. There
// is no source node: each search starts from the source nodes (the judges) at a cost the caller
// supplies (the judge's next entry), which stands in for convex-cost edges from a real source and
// saves one edge per judge per possible load. Each phase finds the cheapest path's cost with
// Dijkstra on costs reduced by node potentials (non-negative although the bonuses make raw costs
// negative; one Bellman-Ford pass sets the first potentials), then sends a blocking flow along every
// path of that cost at once (Dinic's method on the arcs whose reduced cost is zero), each judge
// sending at most one unit, since its next unit costs more. The number of phases grows with the
// number of distinct path costs (a few per load level), not with the number of pairs: 2,000 entries
// with 400 judges and k = 3 take about 30 phases.
class MinCostFlow {
  // Edges as added; the arcs (each edge and its reverse) are then laid out node by node, so that a
  // node's arcs sit side by side in memory for the searches, which visit every arc in every phase.
  private edges = 0;
  private readonly edgeFrom: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly edgeCap: Int32Array;
  private readonly edgeCost: Int8Array;
  private readonly arcOfEdge: Int32Array;
  private readonly start: Int32Array;
  private readonly arcTo: Int32Array;
  private readonly arcRev: Int32Array;
  private readonly arcCap: Int32Array;
  // Small integers: arc costs are -1, 0 or 1 per component, and distances and potentials are sums
  // along paths, so 8- and 32-bit arrays hold them exactly and keep the searches in the cache.
  private readonly arcCost: Int8Array;
  private readonly potential: Int32Array;
  private readonly dist: Int32Array;
  private readonly state: Uint8Array; // 0 unseen, 1 in the heap, 2 settled
  private readonly heap: Int32Array;
  private readonly position: Int32Array;
  private heapSize = 0;
  private readonly level: Int32Array;
  private readonly current: Int32Array;
  private readonly queue: Int32Array;
  private readonly path: Int32Array;
  private laidOut = false;

  constructor(
    private readonly nodes: number,
    maxEdges: number,
  ) {
    this.edgeFrom = new Int32Array(maxEdges);
    this.edgeTo = new Int32Array(maxEdges);
    this.edgeCap = new Int32Array(maxEdges);
    this.edgeCost = new Int8Array(maxEdges * COMPONENTS);
    this.arcOfEdge = new Int32Array(maxEdges);
    this.start = new Int32Array(nodes + 1);
    this.arcTo = new Int32Array(maxEdges * 2);
    this.arcRev = new Int32Array(maxEdges * 2);
    this.arcCap = new Int32Array(maxEdges * 2);
    this.arcCost = new Int8Array(maxEdges * 2 * COMPONENTS);
    this.potential = new Int32Array(nodes * COMPONENTS);
    this.dist = new Int32Array(nodes * COMPONENTS);
    this.state = new Uint8Array(nodes);
    this.heap = new Int32Array(nodes);
    this.position = new Int32Array(nodes);
    this.level = new Int32Array(nodes);
    this.current = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
    this.path = new Int32Array(nodes);
  }

  /** Adds an edge with costs of -1, 0 or 1 for keeping, the mix and rooms; returns its id. */
  addEdge(from: number, to: number, capacity: number, keep = 0, mix = 0, room = 0): number {
    const id = this.edges++;
    this.edgeFrom[id] = from;
    this.edgeTo[id] = to;
    this.edgeCap[id] = capacity;
    this.edgeCost[id * COMPONENTS + KEEP] = keep;
    this.edgeCost[id * COMPONENTS + MIX] = mix;
    this.edgeCost[id * COMPONENTS + ROOM] = room;
    return id;
  }

  /** Whether an edge of capacity 1 carries its unit. */
  isFull(edge: number): boolean {
    // Before any flow moves (k = 0) the arcs are not laid out yet, and nothing is full.
    return this.laidOut && this.arcCap[this.arcOfEdge[edge]!] === 0;
  }

  private layOut(): void {
    const { start, edgeFrom, edgeTo } = this;
    for (let e = 0; e < this.edges; e++) {
      start[edgeFrom[e]! + 1]!++;
      start[edgeTo[e]! + 1]!++;
    }
    for (let v = 0; v < this.nodes; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, this.nodes);
    for (let e = 0; e < this.edges; e++) {
      const forward = fill[edgeFrom[e]!]!++;
      const backward = fill[edgeTo[e]!]!++;
      this.arcTo[forward] = edgeTo[e]!;
      this.arcTo[backward] = edgeFrom[e]!;
      this.arcRev[forward] = backward;
      this.arcRev[backward] = forward;
      this.arcCap[forward] = this.edgeCap[e]!;
      for (let c = 0; c < COMPONENTS; c++) {
        this.arcCost[forward * COMPONENTS + c] = this.edgeCost[e * COMPONENTS + c]!;
        this.arcCost[backward * COMPONENTS + c] = -this.edgeCost[e * COMPONENTS + c]!;
      }
      this.arcOfEdge[e] = forward;
    }
    this.laidOut = true;
  }

  /**
   * One phase: sends one unit along each of as many cheapest paths as there are, from the sources
   * (nodes 0 to sources - 1, tried in `order`) to `sink`. `sourceCost(j)` is the load component of
   * the next unit leaving source j. Returns the sources that sent a unit; none when the sink cannot
   * be reached.
   */
  augment(sources: number, sourceCost: (j: number) => number, sink: number, order: Int32Array): number[] {
    if (!this.laidOut) {
      this.layOut();
      this.bellmanFord(sources, sourceCost);
    }
    if (!this.dijkstra(sources, sourceCost, sink)) return [];
    // A source whose first edge is now tight (reduced cost zero) starts a cheapest path.
    const { potential } = this;
    const tight = new Uint8Array(sources);
    for (let j = 0; j < sources; j++) {
      const b = j * COMPONENTS;
      if (
        potential[b + LOAD] === sourceCost(j) &&
        potential[b + 1] === 0 &&
        potential[b + 2] === 0 &&
        potential[b + 3] === 0
      )
        tight[j] = 1;
    }
    const sent: number[] = [];
    while (this.levels(sources, tight, sink)) {
      this.current.set(this.start.subarray(0, this.nodes));
      for (const j of order) {
        if (tight[j] === 1 && this.level[j] === 0 && this.sendOne(j, sink)) {
          tight[j] = 0;
          sent.push(j);
        }
      }
    }
    return sent;
  }

  // Whether arc `a` (from u) has room and a reduced cost of zero: it lies on a cheapest path.
  private isTight(u: number, a: number): boolean {
    if (this.arcCap[a]! <= 0) return false;
    const { potential, arcCost } = this;
    const ub = u * COMPONENTS;
    const vb = this.arcTo[a]! * COMPONENTS;
    const ab = a * COMPONENTS;
    return (
      potential[ub]! === potential[vb]! &&
      arcCost[ab + 1]! + potential[ub + 1]! === potential[vb + 1]! &&
      arcCost[ab + 2]! + potential[ub + 2]! === potential[vb + 2]! &&
      arcCost[ab + 3]! + potential[ub + 3]! === potential[vb + 3]!
    );
  }

  // Breadth-first levels over tight arcs from the tight sources; whether the sink is reached.
  private levels(sources: number, tight: Uint8Array, sink: number): boolean {
    const { level, queue, start, arcTo } = this;
    level.fill(-1);
    let tail = 0;
    for (let j = 0; j < sources; j++) {
      if (tight[j] === 1) {
        level[j] = 0;
        queue[tail++] = j;
      }
    }
    for (let index = 0; index < tail; index++) {
      const u = queue[index]!;
      if (u === sink) continue;
      for (let a = start[u]!, end = start[u + 1]!; a < end; a++) {
        const v = arcTo[a]!;
        if (level[v] !== -1 || !this.isTight(u, a)) continue;
        level[v] = level[u]! + 1;
        queue[tail++] = v;
      }
    }
    return level[sink] !== -1;
  }

  // Depth-first along tight arcs that go one level down, remembering where each node's search
  // stopped (Dinic's current arc), so a dead end is never walked twice in a phase.
  private sendOne(source: number, sink: number): boolean {
    const { level, current, path, start, arcTo } = this;
    let depth = 0;
    let u = source;
    while (u !== sink) {
      const end = start[u + 1]!;
      let a = current[u]!;
      while (a < end && !(level[arcTo[a]!] === level[u]! + 1 && this.isTight(u, a))) a++;
      current[u] = a;
      if (a === end) {
        // Dead end: nothing from u reaches the sink any more; step back and skip the arc into u.
        level[u] = -1;
        if (depth === 0) return false;
        const back = path[--depth]!;
        u = arcTo[this.arcRev[back]!]!;
        current[u]!++;
        continue;
      }
      path[depth++] = a;
      u = arcTo[a]!;
    }
    for (let i = 0; i < depth; i++) {
      this.arcCap[path[i]!]!--;
      this.arcCap[this.arcRev[path[i]!]!]!++;
    }
    return true;
  }

  // Exact distances despite negative costs (there are no negative cycles before any flow moves);
  // they become the first potentials, so every later reduced cost is non-negative.
  private bellmanFord(sources: number, sourceCost: (j: number) => number): void {
    const { dist, state, start, arcTo, arcCap, arcCost } = this;
    const queue: number[] = [];
    const queued = new Uint8Array(this.nodes);
    for (let j = 0; j < sources; j++) {
      dist[j * COMPONENTS + LOAD] = sourceCost(j);
      state[j] = 1;
      queued[j] = 1;
      queue.push(j);
    }
    const candidate = new Int32Array(COMPONENTS);
    for (let index = 0; index < queue.length; index++) {
      const u = queue[index]!;
      queued[u] = 0;
      for (let a = start[u]!, end = start[u + 1]!; a < end; a++) {
        if (arcCap[a]! <= 0) continue;
        const v = arcTo[a]!;
        for (let c = 0; c < COMPONENTS; c++) candidate[c] = dist[u * COMPONENTS + c]! + arcCost[a * COMPONENTS + c]!;
        if (state[v] !== 0) {
          let c = 0;
          while (c < COMPONENTS && candidate[c] === dist[v * COMPONENTS + c]) c++;
          if (c === COMPONENTS || candidate[c]! > dist[v * COMPONENTS + c]!) continue;
        }
        for (let c = 0; c < COMPONENTS; c++) dist[v * COMPONENTS + c] = candidate[c]!;
        state[v] = 1;
        if (queued[v] === 0) {
          queued[v] = 1;
          queue.push(v);
        }
      }
    }
    // Nodes nothing reaches keep potential 0: they never become reachable, as new residual arcs
    // only ever join nodes that a path already reached.
    for (let v = 0; v < this.nodes; v++) {
      if (state[v] !== 0)
        for (let c = 0; c < COMPONENTS; c++) this.potential[v * COMPONENTS + c] = dist[v * COMPONENTS + c]!;
    }
  }

  private dijkstra(sources: number, sourceCost: (j: number) => number, sink: number): boolean {
    const { dist, potential, state, start, arcTo, arcCap, arcCost } = this;
    state.fill(0);
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
      // The relaxation written out for the four components: this loop is where the time goes. The
      // load component of every arc's cost is 0 (loads cost only on leaving a source).
      const ub = u * COMPONENTS;
      const a0 = dist[ub]! + potential[ub]!;
      const a1 = dist[ub + 1]! + potential[ub + 1]!;
      const a2 = dist[ub + 2]! + potential[ub + 2]!;
      const a3 = dist[ub + 3]! + potential[ub + 3]!;
      for (let a = start[u]!, end = start[u + 1]!; a < end; a++) {
        if (arcCap[a]! <= 0) continue;
        const v = arcTo[a]!;
        const seen = state[v]!;
        if (seen === 2) continue;
        const vb = v * COMPONENTS;
        const ab = a * COMPONENTS;
        const k0 = a0 - potential[vb]!;
        const k1 = a1 + arcCost[ab + 1]! - potential[vb + 1]!;
        const k2 = a2 + arcCost[ab + 2]! - potential[vb + 2]!;
        const k3 = a3 + arcCost[ab + 3]! - potential[vb + 3]!;
        if (seen === 1) {
          const d0 = dist[vb]!;
          const d1 = dist[vb + 1]!;
          const d2 = dist[vb + 2]!;
          if (k0 !== d0 ? k0 > d0 : k1 !== d1 ? k1 > d1 : k2 !== d2 ? k2 > d2 : k3 >= dist[vb + 3]!) continue;
        }
        dist[vb] = k0;
        dist[vb + 1] = k1;
        dist[vb + 2] = k2;
        dist[vb + 3] = k3;
        state[v] = 1;
        if (seen === 1) this.siftUp(this.position[v]!);
        else this.push(v);
      }
    }
    if (state[sink] !== 2) return false;
    // Settled nodes move by their distance, the rest by the sink's, which keeps every reduced cost
    // non-negative even though the search stopped at the sink; the arcs of every cheapest path to
    // the sink are left with a reduced cost of zero.
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

  const judgeIndex = new Map(judges.map((judge, j) => [judge.id, j]));
  const entryIndex = new Map(entries.map((entry, e) => [entry.id, e]));
  // Pairs as numbers (judge * entries + entry): conflicts and pairs to keep are looked up once per
  // key given, rather than by building a key for each of the judges x entries pairs.
  const pairOf = (judgeId: string, entryId: string) => {
    const j = judgeIndex.get(judgeId);
    const e = entryIndex.get(entryId);
    return j === undefined || e === undefined ? -1 : j * entries.length + e;
  };
  const conflicted = new Uint8Array(judgeCount * entries.length);
  for (const key of input.conflicts) {
    // Ids may themselves hold a colon: try each split until both halves are known.
    for (let at = key.indexOf(":"); at !== -1; at = key.indexOf(":", at + 1)) {
      const pair = pairOf(key.slice(0, at), key.slice(at + 1));
      if (pair !== -1) conflicted[pair] = 1;
    }
  }
  const kept = new Uint8Array(judgeCount * entries.length);
  for (const { judgeId, entryId } of input.existing ?? []) {
    const pair = pairOf(judgeId, entryId);
    if (pair !== -1 && conflicted[pair] === 0) kept[pair] = 1;
  }

  // Nodes: judges first, then per entry its own node and, when the mix matters, a clinical and a
  // technical node in front of it, then the sink. The source is implicit (see MinCostFlow).
  const stride = mixApplies ? 3 : 1;
  const entryNode = (e: number) => judgeCount + e * stride;
  const sink = judgeCount + entries.length * stride;
  const maxEdges = judgeCount * entries.length + entries.length * (mixApplies ? 5 : 1);
  const network = new MinCostFlow(sink + 1, maxEdges);
  // The seed orders the entries and the judges, and so the order in which each judge's entries and
  // each entry's judges are tried: that is how it picks among equally good assignments.
  const seededOrder = (items: readonly { id: string }[]) =>
    Int32Array.from(
      items
        .map((item, i) => ({ i, tie: hash32(`${seed}\u0000${item.id}`) }))
        .sort((a, b) => a.tie - b.tie || a.i - b.i),
      ({ i }) => i,
    );
  const judgeOrder = seededOrder(judges);
  const entryOrder = seededOrder(entries);
  const judgeRooms = judges.map(roomOf);
  const entryRooms = entries.map(roomOf);
  const pairEdges = new Int32Array(judgeCount * entries.length).fill(-1);
  const eligibleCounts = new Array<number>(entries.length).fill(0);
  for (const e of entryOrder) {
    for (const j of judgeOrder) {
      const pair = j * entries.length + e;
      if (conflicted[pair] === 1) continue;
      eligibleCounts[e]!++;
      const expertise = judges[j]!.expertise;
      const target =
        mixApplies && expertise === "clinical"
          ? entryNode(e) + 1
          : mixApplies && expertise === "technical"
            ? entryNode(e) + 2
            : entryNode(e);
      const judgeRoom = judgeRooms[j]!;
      const entryRoom = entryRooms[e]!;
      // A judge with no room roams freely, so only a judge placed in another room costs a walk.
      const room = judgeRoom !== "" && entryRoom !== "" && judgeRoom !== entryRoom ? 1 : 0;
      pairEdges[pair] = network.addEdge(j, target, 1, kept[pair] === 1 ? -1 : 0, 0, room);
    }
  }
  let total = 0;
  entries.forEach((_entry, e) => {
    const need = Math.min(perEntry, eligibleCounts[e]!);
    total += need;
    network.addEdge(entryNode(e), sink, need);
    if (mixApplies) {
      // The first clinical and the first technical judge earn a bonus; further ones are neutral.
      for (const sub of [1, 2]) {
        network.addEdge(entryNode(e) + sub, entryNode(e), 1, 0, -1);
        network.addEdge(entryNode(e) + sub, entryNode(e), UNLIMITED);
      }
    }
  });

  // A judge's n-th entry costs n: the convex load cost that evens loads out.
  const loads = new Array<number>(judgeCount).fill(0);
  const nextUnitCost = (j: number) => (loads[j] ?? 0) + 1;
  for (let sent = 0; sent < total;) {
    const senders = network.augment(judgeCount, nextUnitCost, sink, judgeOrder);
    if (senders.length === 0) break; // cannot happen: no entry needs more judges than it has eligible ones
    for (const j of senders) loads[j] = (loads[j] ?? 0) + 1;
    sent += senders.length;
  }

  // Report in the caller's order: entries as given, and each entry's judges as given.
  const assignments: AssignmentResult["assignments"] = [];
  const shortfalls: AssignmentResult["shortfalls"] = [];
  const mixMissing: string[] = [];
  const eligibleById = new Map(entries.map((entry, e) => [entry.id, eligibleCounts[e] ?? 0]));
  const judgesInOrder = inputJudges.map((judge) => ({ judge, j: judgeIndex.get(judge.id)! }));
  for (const entry of inputEntries) {
    const e = entryIndex.get(entry.id)!;
    const panel = judgesInOrder
      .filter(({ j }) => {
        const edge = pairEdges[j * entries.length + e]!;
        return edge !== -1 && network.isFull(edge);
      })
      .map(({ judge }) => judge);
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
