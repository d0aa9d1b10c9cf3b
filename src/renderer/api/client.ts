import { contract, EventSchema, type Api, type AttuneEvent, type Method } from '../../shared/contract';
import { t } from '../i18n';
import { ApiError, type Transport } from './transport';
import { ElectronTransport } from './electron-transport';
import { takeToken, WsTransport } from './ws-transport';

/**
 * The typed API the views use. Both directions are checked against the contract here too, so a
 * host that drifts from the schema fails loudly at the boundary instead of deep inside a view.
 */
export function createApi(transport: Transport): Api {
  const api = {} as Record<Method, (req: unknown) => Promise<unknown>>;
  for (const method of Object.keys(contract) as Method[]) {
    const { request, response } = contract[method];
    api[method] = async (req: unknown) => {
      const params = request.safeParse(req ?? {});
      if (!params.success) throw new ApiError({ code: 'USAGE', message: `${method}: ${params.error.issues.map((i) => i.message).join('; ')}` });
      const raw = await transport.call(method, params.data);
      const res = response.safeParse(raw);
      if (!res.success) {
        throw new ApiError({ code: 'INTERNAL', message: `${method}: the host answered outside the contract (${res.error.issues[0]?.path.join('.')}: ${res.error.issues[0]?.message})` });
      }
      return res.data;
    };
  }
  return api as unknown as Api;
}

export function subscribeEvents(transport: Transport, cb: (e: AttuneEvent) => void): () => void {
  return transport.onEvent((raw) => {
    const parsed = EventSchema.safeParse(raw);
    if (parsed.success) cb(parsed.data);
    else console.warn('Ignored an event outside the contract', raw);
  });
}

export function pickTransport(): Transport | { error: string } {
  if (window.attune) return new ElectronTransport(window.attune);
  const token = takeToken();
  if (!token) return { error: t('fatal.noToken') };
  return new WsTransport(token);
}
