/**
 * Type helpers over the generated `paths` (schema.d.ts, from openapi.json by `pnpm gen:api`).
 * They pick, for one path and method, the path/query parameters, the JSON body and the JSON answer.
 */
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The operation object of `paths[P][M]`, or never when that method is not defined. */
export type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]> extends infer O
  ? O extends { responses: unknown }
    ? O
    : never
  : never;

/** Paths that define method M, e.g. PathsWith<'post'>. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: Operation<P, M> extends never ? never : P;
}[keyof paths];

type Defined<T> = Exclude<T, undefined>;

export type PathParams<O> = O extends { parameters: { path?: infer X } }
  ? [Defined<X>] extends [never]
    ? never
    : Defined<X>
  : never;

export type QueryParams<O> = O extends { parameters: { query?: infer X } }
  ? [Defined<X>] extends [never]
    ? never
    : Defined<X>
  : never;

export type RequestBody<O> = O extends { requestBody?: infer RB }
  ? [Defined<RB>] extends [never]
    ? never
    : Defined<RB> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never;

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : void;

export type ResponseBody<O> = O extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : unknown
  : unknown;

/** The options a call takes: only the keys its operation uses, required when the API requires them. */
export type CallInit<O> = ([PathParams<O>] extends [never] ? { params?: undefined } : { params: PathParams<O> }) &
  ([QueryParams<O>] extends [never]
    ? { query?: undefined }
    : {} extends QueryParams<O>
      ? { query?: QueryParams<O> }
      : { query: QueryParams<O> }) &
  ([RequestBody<O>] extends [never] ? { body?: undefined } : { body: RequestBody<O> });

export type Answer<P extends keyof paths, M extends HttpMethod> = ResponseBody<Operation<P, M>>;
