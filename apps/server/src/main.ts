import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import cluster from 'node:cluster';
import { buildApp, logStartup, warmUp } from './app.factory';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/app-config';

/** Several processes share the port (Node's cluster) so that the webhook uses every core. */
function supervise(config: AppConfig): void {
  const logger = new Logger('Cluster');
  let stopping = false;
  for (let i = 0; i < config.webConcurrency; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.warn(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    // Every worker closes and exits 0; then so does the supervisor, so `pnpm start` ends quietly.
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  logger.log(`${config.webConcurrency} server processes on port ${config.port}`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.webConcurrency > 1 && cluster.isPrimary) {
    new Logger('Boot').log(`configuration: ${JSON.stringify(describeConfig(config))}`);
    supervise(config);
    return;
  }
  if (cluster.isPrimary) new Logger('Boot').log(`configuration: ${JSON.stringify(describeConfig(config))}`);
  const { app } = await buildApp(config);
  stopOnSignal(app, cluster.isPrimary);
  // Warm before listening: the first residents never meet a cold server.
  await app.init();
  await warmUp(app);
  await app.listen(config.port);
  if (cluster.isPrimary || cluster.worker?.id === 1) logStartup(config);
}

/**
 * Ctrl-C or SIGTERM: finish what is in hand (workers, database), then exit 0. Dying of the signal
 * instead would make `pnpm start` report a failure (ELIFECYCLE). A second signal does not wait.
 */
function stopOnSignal(app: INestApplication, speak: boolean): void {
  const logger = new Logger('Boot');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    if (speak) logger.log(`stopping (${signal})…`);
    app.close().then(
      () => {
        if (speak) logger.log('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error(`could not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  // A configuration error names the variable; anything else keeps its stack for whoever runs the server.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
