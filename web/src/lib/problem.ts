// RFC 9457 problem JSON as the API answers errors; `field` names the input a validation error is about.
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail || fallback);
    this.status = status;
    this.problem = problem;
  }

  get field(): string | undefined {
    return this.problem?.field;
  }
}

export async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body = (await response.json()) as Partial<Problem>;
    return typeof body.status === 'number' ? (body as Problem) : null;
  } catch {
    return null;
  }
}

export function isOfflineError(error: unknown): boolean {
  return error instanceof TypeError || (typeof navigator !== 'undefined' && navigator.onLine === false);
}
