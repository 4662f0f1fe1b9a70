import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { buildApp, logStartup } from './app.factory';
import { ConfigError, describeConfig, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  new Logger('Boot').log(`configuration: ${JSON.stringify(describeConfig(config))}`);
  const { app } = await buildApp(config);
  await app.listen(config.port);
  logStartup(config);
}

main().catch((err: unknown) => {
  // A configuration error names the variable; anything else keeps its stack for whoever runs the server.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
