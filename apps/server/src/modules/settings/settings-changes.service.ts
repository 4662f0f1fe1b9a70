import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { SettingVersionEntity } from './setting-version.entity';

/** Settings that processes hold in memory and an admin may change. */
export type SettingsTopic = 'calendar' | 'taxonomy';

const CHANNEL = 'msz_settings';
/** A lost listening connection is opened again after this long. */
const RECONNECT_MS = 2_000;
/** PGlite: how often the version check runs (LISTEN there only hears this process). */
const VERSION_CHECK_MS = 5_000;

/**
 * Tells every process when an admin changes a setting. The change's transaction bumps the topic's
 * row in setting_version and sends NOTIFY, which PostgreSQL delivers on commit; every instance
 * LISTENs on a connection of its own and reloads the topic within moments. After (re)connecting, a
 * version check catches anything sent while it was not listening. On PGlite, which one process
 * owns, the same cheap version check runs on a timer instead.
 */
@Injectable()
export class SettingsChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Settings');
  private readonly handlers = new Map<SettingsTopic, Array<() => Promise<void>>>();
  private readonly known = new Map<string, string>();
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs `reload` whenever another process (or this one) changes the topic. */
  on(topic: SettingsTopic, reload: () => Promise<void>): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), reload]);
  }

  /** Call inside the transaction that changes the setting: the notice goes out when it commits. */
  async announce(m: EntityManager, topic: SettingsTopic): Promise<void> {
    const [{ version }] = (await m.query(
      `INSERT INTO setting_version (topic, version) VALUES ($1, 1)
       ON CONFLICT (topic) DO UPDATE SET version = setting_version.version + 1, changed_at = now() RETURNING version`,
      [topic],
    )) as Array<{ version: string }>;
    await m.query(`SELECT pg_notify($1, $2)`, [CHANNEL, `${topic}:${version}`]);
  }

  async onModuleInit(): Promise<void> {
    // What every module loaded at start is current as of these versions.
    await this.checkVersions(false);
    if (this.config.databaseUrl) {
      // Not fatal: without the listening connection, changes arrive at the next (re)connection's version check.
      await this.listen().catch((err: Error) => {
        this.logger.warn(`not listening for settings changes yet: ${err.message}`);
        this.schedule(RECONNECT_MS);
      });
    } else if (this.config.workerPollMs > 0) this.schedule(VERSION_CHECK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      const [topic, version] = n.payload.split(':');
      void this.changed(topic, version);
    });
    client.on('error', (err) => this.logger.warn(`listening connection failed: ${err.message}`));
    client.on('end', () => {
      // Only the connection in use is replaced (a failed attempt is retried by its caller).
      if (this.closed || this.client !== client) return;
      this.client = null;
      this.schedule(RECONNECT_MS);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
  }

  /** One timer at a time: a reconnection (server) or the next version check (PGlite). */
  private schedule(ms: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const next = this.config.databaseUrl ? this.listen().then(() => this.checkVersions(true)) : this.checkVersions(true);
      next
        .catch((err: Error) => this.logger.warn(`settings check failed: ${err.message}`))
        .finally(() => {
          if (!this.config.databaseUrl) this.schedule(VERSION_CHECK_MS);
          else if (!this.client) this.schedule(RECONNECT_MS);
        });
    }, ms);
    this.timer.unref();
  }

  /** One small query: the version of each topic. */
  private async checkVersions(reload: boolean): Promise<void> {
    const rows = await this.ds.getRepository(SettingVersionEntity).find();
    for (const row of rows) {
      if (reload) await this.changed(row.topic, row.version);
      else this.known.set(row.topic, row.version);
    }
  }

  private async changed(topic: string, version: string): Promise<void> {
    if (this.known.get(topic) === version) return;
    this.known.set(topic, version);
    for (const reload of this.handlers.get(topic as SettingsTopic) ?? []) {
      await reload().catch((err: Error) => this.logger.error(`reloading ${topic} failed: ${err.message}`));
    }
  }
}
