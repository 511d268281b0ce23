// How a document was read: the pipeline's state machine drawn as a graph (GET /api/v1/statemachine), with the
// path this document's execution took highlighted and each state's duration, attempts and any error
// (GET /api/v1/documents/{id}/execution).
import { useEffect, useMemo, useState } from 'react';
import { apiJson } from '../../lib/api';
import { Link } from '../../lib/router';
import type { Execution, ExecutionState } from '../../lib/types';
import { layoutGraph, type AslDefinition } from './asl-graph';

const NODE_WIDTH = 200;
const NODE_HEIGHT = 64;
const LEVEL_GAP = 40;
const COLUMN_GAP = 24;

export function PipelinePage({ documentId }: { documentId: string }) {
  const [definition, setDefinition] = useState<AslDefinition | null>(null);
  const [execution, setExecution] = useState<Execution | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch('/api/v1/statemachine')
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((json) => setDefinition(json as AslDefinition))
      .catch(() => setError('The pipeline\'s definition could not be loaded.'));
    apiJson<Execution>(`/api/v1/documents/${documentId}/execution`)
      .then(setExecution)
      .catch(() => setError('This document\'s run could not be loaded.'));
  }, [documentId]);

  const graph = useMemo(() => (definition ? layoutGraph(definition) : null), [definition]);
  const visited = useMemo(() => {
    const byName = new Map<string, ExecutionState>();
    for (const state of execution?.states ?? []) if (!state.path) byName.set(state.name, state);
    return byName;
  }, [execution]);

  const columnsPerLevel = new Map<number, number>();
  for (const node of graph?.nodes ?? []) columnsPerLevel.set(node.level, Math.max(columnsPerLevel.get(node.level) ?? 0, node.column + 1));
  const widest = Math.max(1, ...columnsPerLevel.values());
  const width = widest * (NODE_WIDTH + COLUMN_GAP);
  const levels = Math.max(1, ...[...columnsPerLevel.keys()].map((level) => level + 1));
  const height = levels * (NODE_HEIGHT + LEVEL_GAP);
  const position = (name: string) => {
    const node = graph!.nodes.find((candidate) => candidate.name === name)!;
    const count = columnsPerLevel.get(node.level)!;
    const offset = (width - count * (NODE_WIDTH + COLUMN_GAP)) / 2;
    return {
      x: offset + node.column * (NODE_WIDTH + COLUMN_GAP) + COLUMN_GAP / 2,
      y: node.level * (NODE_HEIGHT + LEVEL_GAP) + 8,
    };
  };

  return (
    <main className="page" id="main">
      <p className="crumbs"><Link to="/">Your timetables</Link></p>
      <h1>How this document was read</h1>
      {execution && (
        <p className="muted">
          Run {execution.status}
          {execution.startedAt && execution.updatedAt &&
            ` in ${((Date.parse(execution.updatedAt) - Date.parse(execution.startedAt)) / 1000).toFixed(1)} s`}
          {execution.error && ` · ${execution.error}${execution.cause ? `: ${execution.cause}` : ''}`}
        </p>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      {graph && (
        <div className="panel pipeline-graph">
          <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img"
            aria-label={`The processing steps; this document went through ${[...visited.keys()].join(', ')}`}>
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0 0 10 5 0 10z" className="edge-arrow" />
              </marker>
            </defs>
            {graph.edges.filter((edge) => edge.kind !== 'catch').map((edge) => {
              const from = position(edge.from);
              const to = position(edge.to);
              const taken = visited.has(edge.from) && visited.has(edge.to);
              return (
                <line key={`${edge.from}-${edge.to}`} x1={from.x + NODE_WIDTH / 2} y1={from.y + NODE_HEIGHT}
                  x2={to.x + NODE_WIDTH / 2} y2={to.y} className={taken ? 'edge edge-taken' : 'edge'} markerEnd="url(#arrow)" />
              );
            })}
            {graph.nodes.map((node) => {
              const { x, y } = position(node.name);
              const state = visited.get(node.name);
              const status = state ? (state.error ? 'failed' : state.status) : 'skipped';
              return (
                <g key={node.name} className={`node node-${status}`} data-state={node.name} data-visited={state ? 'true' : 'false'}>
                  <rect x={x} y={y} width={NODE_WIDTH} height={NODE_HEIGHT} rx={10} />
                  <text x={x + 12} y={y + 24} className="node-name">{node.name}</text>
                  <text x={x + 12} y={y + 46} className="node-detail">
                    {state
                      ? `${state.durationMs ?? 0} ms${state.attempts > 1 ? ` · ${state.attempts} attempts` : ''}${state.error ? ` · ${state.error}` : ''}`
                      : node.type}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      )}
      {execution && (
        <table className="documents-table steps-table">
          <caption className="visually-hidden">Steps of this run</caption>
          <thead><tr><th scope="col">Step</th><th scope="col">Result</th><th scope="col">Time</th><th scope="col">Attempts</th><th scope="col">Error</th></tr></thead>
          <tbody>
            {execution.states.map((state, index) => (
              <tr key={`${state.name}-${state.path}-${index}`}>
                <td>{state.path ? `${state.path} › ` : ''}{state.name}</td>
                <td>{state.status}</td>
                <td>{state.durationMs ?? '–'} ms</td>
                <td>{state.attempts}</td>
                <td>{state.error ? `${state.error}${state.cause ? `: ${state.cause}` : ''}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
