/**
 * The staff calls, over an injected transport so they run under jest without Taro.
 * staff-api.ts binds them to Taro.request; pages use that.
 */
import { CONFLICT_MESSAGE, errorMessage } from './errors';
import type {
  CaseDetail,
  CaseKind,
  CaseOrder,
  CasePage,
  CaseStatus,
  Dashboard,
  Extension,
  RevisitRating,
  RoutingSuggestion,
  StaffCase,
  StaffFileInput,
  Taxonomy,
  Unit,
  UnitChoices,
  Urgency,
} from './types';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path with the query string already appended, e.g. /api/cases?limit=200. */
  path: string;
  body?: unknown;
}

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; message: string; conflict: boolean };

const enc = encodeURIComponent;

export function createStaffClient(transport: Transport) {
  async function call<T>(req: HttpRequest): Promise<Result<T>> {
    let res: HttpResponse;
    try {
      res = await transport(req);
    } catch {
      return { ok: false, status: 0, message: errorMessage({ statusCode: 0 }), conflict: false };
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, data: res.data as T };
    const message = errorMessage({ statusCode: res.statusCode, data: res.data });
    return { ok: false, status: res.statusCode, message, conflict: message === CONFLICT_MESSAGE };
  }
  const get = <T>(path: string) => call<T>({ method: 'GET', path });
  const post = <T>(path: string, body: unknown = {}) => call<T>({ method: 'POST', path, body });
  const casePath = (id: string, rest = '') => `/api/cases/${enc(id)}${rest}`;

  return {
    /** One page of cases in the server's order; pass the page's nextCursor back for the next one. */
    listCases(status?: readonly CaseStatus[], page: { order?: CaseOrder; cursor?: string | null; limit?: number } = {}) {
      const q = [
        status?.length ? `&status=${status.map(enc).join(',')}` : '',
        page.order ? `&order=${page.order}` : '',
        page.cursor ? `&cursor=${enc(page.cursor)}` : '',
      ].join('');
      return get<CasePage>(`/api/cases?limit=${page.limit ?? 200}${q}`);
    },
    getCase: (id: string) => get<CaseDetail>(casePath(id)),
    signFor: (id: string, expectedVersion: number) => post<StaffCase>(casePath(id, '/sign-for'), { expectedVersion }),
    addNote: (id: string, text: string) => post<void>(casePath(id, '/notes'), { text }),
    answer: (id: string, expectedVersion: number, text: string) =>
      post<StaffCase>(casePath(id, '/answer'), { expectedVersion, text }),
    addEvidence: (id: string, contentType: 'image/jpeg' | 'image/png', base64: string) =>
      post<unknown>(casePath(id, '/evidence'), { contentType, base64 }),
    requestExtension: (id: string, workdays: number, reason: string) =>
      post<Extension>(casePath(id, '/extensions'), { workdays, reason }),
    returnCase: (id: string, expectedVersion: number, reason: string) =>
      post<StaffCase>(casePath(id, '/return'), { expectedVersion, reason }),
    classify: (id: string, expectedVersion: number, input: { kind: CaseKind; subItem: string; urgency: Urgency }) =>
      post<StaffCase>(casePath(id, '/classify'), { expectedVersion, ...input }),
    assign: (id: string, expectedVersion: number, unitId: string, coUnitIds: string[]) =>
      post<StaffCase>(casePath(id, '/assign'), coUnitIds.length ? { expectedVersion, unitId, coUnitIds } : { expectedVersion, unitId }),
    reject: (id: string, expectedVersion: number, reason: string) =>
      post<StaffCase>(casePath(id, '/reject'), { expectedVersion, reason }),
    routingSuggestion: (id: string) => get<RoutingSuggestion>(casePath(id, '/routing-suggestion')),
    /** The units to route to, best first, with the suggestion to preselect. */
    unitChoices: (id: string) => get<UnitChoices>(casePath(id, '/unit-choices')),
    caseExtensions: (id: string) => get<Extension[]>(casePath(id, '/extensions')),
    decideExtension: (id: string, requestId: string, approve: boolean) =>
      post<StaffCase>(casePath(id, `/extensions/${enc(requestId)}/decision`), { approve }),
    phoneRevisit: (id: string, input: { rating: RevisitRating; solved: boolean; note?: string }) =>
      post<StaffCase>(casePath(id, '/revisit'), input),
    /** 代群众反映: staff file a demand they took by phone, at the grid station or at a bench meeting. */
    fileCase: (input: StaffFileInput) => post<StaffCase>('/api/cases', input),
    pendingExtensions: () => get<Extension[]>('/api/extensions/pending'),
    dashboard: () => get<Dashboard>('/api/dashboard'),
    units: () => get<Unit[]>('/api/units'),
    taxonomy: () => get<Taxonomy>('/api/taxonomy'),
  };
}

export type StaffClient = ReturnType<typeof createStaffClient>;
