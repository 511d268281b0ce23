// The state machine as a graph to draw: states from the ASL definition (GET /api/v1/statemachine), edges from
// Next, Default, Choices and Catch, and a level for each state (its distance from StartAt) so the drawing reads
// top to bottom in the order a document goes through it.
export interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Choices?: { Next: string }[];
  Catch?: { Next: string }[];
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface GraphNode {
  name: string;
  type: string;
  level: number;
  column: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'next' | 'choice' | 'catch';
}

export function edgesOf(definition: AslDefinition): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Next) edges.push({ from: name, to: state.Next, kind: 'next' });
    for (const choice of state.Choices ?? []) edges.push({ from: name, to: choice.Next, kind: 'choice' });
    if (state.Default) edges.push({ from: name, to: state.Default, kind: 'choice' });
    for (const handler of state.Catch ?? []) edges.push({ from: name, to: handler.Next, kind: 'catch' });
  }
  return edges.filter((edge, index) =>
    edges.findIndex((other) => other.from === edge.from && other.to === edge.to) === index);
}

/**
 * Levels by the longest path from StartAt over the main edges, so every state sits below all the states leading to
 * it (catches are left out: they would pull the failure states up beside the start). Bounded by the number of
 * states, so a loop in a definition cannot hang the page.
 */
export function layoutGraph(definition: AslDefinition): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges = edgesOf(definition);
  const main = edges.filter((edge) => edge.kind !== 'catch' && edge.from !== edge.to);
  const level = new Map<string, number>([[definition.StartAt, 0]]);
  const stateCount = Object.keys(definition.States).length;
  for (let round = 0; round < stateCount; round += 1) {
    let changed = false;
    for (const edge of main) {
      const from = level.get(edge.from);
      if (from === undefined || from + 1 >= stateCount) continue;
      if ((level.get(edge.to) ?? -1) < from + 1) {
        level.set(edge.to, from + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const deepest = Math.max(...level.values());
  for (const name of Object.keys(definition.States)) if (!level.has(name)) level.set(name, deepest + 1);
  const columns = new Map<number, number>();
  const nodes = Object.entries(definition.States).map(([name, state]) => {
    const row = level.get(name)!;
    const column = columns.get(row) ?? 0;
    columns.set(row, column + 1);
    return { name, type: state.Type, level: row, column };
  });
  return { nodes, edges };
}
