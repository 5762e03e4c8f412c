import "server-only";
import type { Client } from "pg";
import { processSingleton } from "@/lib/shared/process-singleton";
import { env } from "../platform/env";
import { log } from "../platform/log";

// One Postgres connection per process outside the pool, for what belongs to a session rather
// than a query: LISTEN for the task changes other instances make, and the session-level
// advisory lock that makes one instance the worker. If the process dies, Postgres ends its
// session, which frees the lock at once: another instance takes over on its next tick.

const CHANNEL = "studio_task_events";

/** What changed: the task list (one event log for all tasks), or one film export. */
export type Topic = "tasks" | `export:${string}`;

/** The topic of a notice for this schema, or undefined when it is another studio's. */
export function topicOf(payload: string, schema: string): Topic | undefined {
  if (payload === schema) return "tasks";
  if (!payload.startsWith(`${schema} export:`)) return undefined;
  return payload.slice(schema.length + 1) as Topic;
}
const RECONNECT_MS = 1_000;

class PgSession {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private schema = "";
  private leading = false;
  private readonly onChange = new Set<(topic: Topic) => void>();

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: env().DATABASE_URL });
      client.on("error", (error) => this.lost(client, error));
      client.on("end", () => this.lost(client));
      await client.connect();
      this.schema = (await client.query<{ schema: string }>("select current_schema() as schema")).rows[0]?.schema ?? "";
      client.on("notification", (message) => {
        // Channels are per database; several studios (schemas) may share one. The payload is the
        // schema, then the topic when it is not the task list ("<schema> export:<id>").
        const topic = message.channel === CHANNEL ? topicOf(message.payload ?? "", this.schema) : undefined;
        if (topic) for (const listener of this.onChange) listener(topic);
      });
      if (this.onChange.size > 0) await client.query(`listen ${CHANNEL}`);
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.leading) log.warn("worker lock lost with its database session", { error: error?.message });
    this.leading = false;
    void client.end().catch(() => undefined);
    // Reconnect to keep listening; changes made meanwhile are caught by the feed's sweep.
    if (this.onChange.size > 0)
      setTimeout(
        () =>
          void this.connect()
            .then(() => {
              for (const listener of this.onChange) listener("tasks");
            })
            .catch(() => undefined),
        RECONNECT_MS,
      ).unref();
  }

  /** Calls `listener` whenever another instance (or this one) reports a change. */
  async listen(listener: (topic: Topic) => void): Promise<void> {
    const first = this.onChange.size === 0;
    this.onChange.add(listener);
    const client = await this.connect();
    if (first) await client.query(`listen ${CHANNEL}`);
  }

  /** True while this process holds the worker lock (taken now if free). */
  async holdWorkerLock(): Promise<boolean> {
    const client = await this.connect();
    if (this.leading) {
      // Still ours only while the session lives: a cheap round trip proves it.
      await client.query("select 1");
      return this.client === client && this.leading;
    }
    const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1)) as ok", [
      `studio-worker:${this.schema}`,
    ]);
    this.leading = rows[0]?.ok === true && this.client === client;
    return this.leading;
  }

  /** The schema this studio works in (the payload of its change notices). */
  async currentSchema(): Promise<string> {
    await this.connect();
    return this.schema;
  }
}

export const pgSession = () => processSingleton("pg-session", () => new PgSession());

export const TASK_EVENTS_CHANNEL = CHANNEL;
