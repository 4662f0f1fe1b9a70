import { createClient, type HttpRequest, type HttpResponse, type Role, type Session } from '../../src/api/core';

/**
 * An API client signed in as `role` that records every request it sends and answers each with
 * `reply` (or fails with it, when it is an Error), for the api modules' specs.
 */
export function recordingClient(role: Role, reply: HttpResponse | Error = { statusCode: 200, data: {} }) {
  const sent: HttpRequest[] = [];
  let session: Session | null = { token: 'staff-token', role };
  const client = createClient({
    base: 'http://api.test',
    transport: async (req) => {
      sent.push(req);
      if (reply instanceof Error) throw reply;
      return reply;
    },
    session: { get: () => session, set: (s) => (session = s) },
  });
  return { client, sent, session: () => session };
}
