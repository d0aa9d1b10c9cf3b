/**
 * The receiving side of every adapter: validate the request against the contract, call the
 * service, validate the response. Adapters (IPC, WebSocket, CLI) never call the service directly.
 */
import { AttuneError } from '../shared/errors';
import { contract, isMethod, type Api, type Method, type Req } from '../shared/contract';

export async function dispatch(api: Api, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new AttuneError('USAGE', `unknown method '${String(method)}'`);
  const spec = contract[method];
  const fn = api[method] as (req: unknown) => Promise<unknown>;
  const result = await fn(validRequest(method, params));
  const out = spec.response.safeParse(result);
  if (!out.success) {
    const issue = out.error.issues[0];
    throw new AttuneError('INTERNAL', `service returned an invalid ${method} response: ${issue.path.join('.')}: ${issue.message}`);
  }
  return out.data;
}

/** The request checked against the contract (a usage error naming the field otherwise). */
export function validRequest<M extends Method>(method: M, params: unknown): Req<M> {
  const parsed = contract[method].request.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AttuneError('USAGE', `invalid ${method} request: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as Req<M>;
}
