import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { edgesOf, layoutGraph, type AslDefinition } from './asl-graph';

const definition = JSON.parse(
  readFileSync(new URL('../../../../statemachines/document-processing.asl.json', import.meta.url), 'utf8'),
) as AslDefinition;

describe('state machine graph', () => {
  it('starts at StartAt on the first level and gives every state a place', () => {
    const { nodes } = layoutGraph(definition);
    expect(nodes.find((node) => node.name === definition.StartAt)?.level).toBe(0);
    expect(nodes).toHaveLength(Object.keys(definition.States).length);
  });

  it('draws an edge for every Next, choice and catch, each once', () => {
    const edges = edgesOf(definition);
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Next) expect(edges).toContainEqual(expect.objectContaining({ from: name, to: state.Next }));
    }
    const keys = edges.map((edge) => `${edge.from}->${edge.to}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('puts a state after the one that leads to it', () => {
    const { nodes, edges } = layoutGraph(definition);
    const level = new Map(nodes.map((node) => [node.name, node.level]));
    const forward = edges.filter((edge) => edge.kind === 'next');
    expect(forward.every((edge) => level.get(edge.to)! > level.get(edge.from)! || edge.to === edge.from)).toBe(true);
  });
});
