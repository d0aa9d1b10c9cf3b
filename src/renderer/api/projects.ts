import { projectsContract, type ProjectsApi } from '../../shared/contract/projects';
import { PROJECT_METHODS } from '../../shared/contract/project-methods';
import { ApiError, type Transport } from './transport';

/** The shell's project methods, checked against their schemas both ways as createApi does for the service's. */
export function createProjectsApi(transport: Transport): ProjectsApi {
  const api = {} as Record<string, (req: unknown) => Promise<unknown>>;
  for (const method of PROJECT_METHODS) {
    const { request, response } = projectsContract[method];
    api[method] = async (req: unknown) => {
      const params = request.safeParse(req ?? {});
      if (!params.success) throw new ApiError({ code: 'USAGE', message: `${method}: ${params.error.issues.map((i) => i.message).join('; ')}` });
      const res = response.safeParse(await transport.call(method, params.data));
      if (!res.success) throw new ApiError({ code: 'INTERNAL', message: `${method}: the host answered outside the contract (${res.error.issues[0]?.path.join('.')}: ${res.error.issues[0]?.message})` });
      return res.data;
    };
  }
  return api as unknown as ProjectsApi;
}
