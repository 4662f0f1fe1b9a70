import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's own start-up chatter: a line per module and ~100 lines of route mappings, which bury the
 * one line that says where to go. Only their ordinary 'log' lines are dropped.
 */
const CHATTY = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** The server's console logger: warnings and errors always; ordinary lines unless they are Nest's start-up noise. */
export class StartLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.length ? rest[rest.length - 1] : this.context;
    if (typeof context === 'string' && CHATTY.has(context)) return;
    super.log(message, ...rest);
  }
}
